/**
 * The loss ledger (losses.jsonl): when a failing disk forced the store to give up records, the
 * exact gap they leave in the chain (stream, first and last sequence number, hash of the last lost
 * record) is written here once the disk works again, signed with the checkpoint key, beside the
 * `audit.system_error` record that reports it. `auditel verify` accepts exactly such a gap, and no
 * other.
 */
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import { signEd25519, verifyEd25519, type CheckpointKey } from './keys.js';
import { LOSSES_FILE } from './store/format.js';
import { appendDurably, readJsonLines } from './store/side-file.js';

export interface LossEntry {
  stream_id: string;
  first_number: number;
  last_number: number;
  last_hash: string;
  recorded_at: string;
  error: string;
  key_id: string;
  signature?: string;
}

export function lossEntryBytes(e: LossEntry): Buffer {
  return Buffer.from(
    JSON.stringify({
      error: e.error,
      first_number: e.first_number,
      key_id: e.key_id,
      last_hash: e.last_hash,
      last_number: e.last_number,
      recorded_at: e.recorded_at,
      stream_id: e.stream_id,
    }),
  );
}

export function verifyLossEntry(e: LossEntry, publicKey: KeyObject): boolean {
  return verifyEd25519(lossEntryBytes(e), e.signature, publicKey);
}

/** Appends a signed entry (fsynced). Throws on I/O errors; the caller reports them. */
export function appendLossEntry(dir: string, entry: Omit<LossEntry, 'signature' | 'key_id'>, key: CheckpointKey): LossEntry {
  const e: LossEntry = { ...entry, key_id: key.keyId };
  e.signature = signEd25519(lossEntryBytes(e), key.privateKey);
  appendDurably(path.join(dir, LOSSES_FILE), JSON.stringify(e) + '\n');
  return e;
}

export function readLossLedger(dir: string): Array<{ line: number; entry?: LossEntry; error?: string }> {
  return readJsonLines<LossEntry>(path.join(dir, LOSSES_FILE));
}
