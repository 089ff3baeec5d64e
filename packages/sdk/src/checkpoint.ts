/**
 * Signed checkpoints: every N records, every T seconds while records flow, and at an idle interval
 * when nothing happens (like CloudTrail's hourly digests), an `audit.checkpoint` record states the
 * chain head (number, hash) and the previous checkpoint, signed with Ed25519. Anyone holding an
 * earlier checkpoint (shipped, or the stream's local witness file) detects a truncated or rewritten tail.
 */
import type { KeyObject } from 'node:crypto';
import { signEd25519, verifyEd25519, type CheckpointKey } from './keys.js';

export const CHECKPOINT_ATTR = {
  streamId: 'audit.checkpoint.stream_id',
  number: 'audit.checkpoint.sequence_number',
  headHash: 'audit.checkpoint.head_hash',
  previous: 'audit.checkpoint.previous_signature_hash',
  time: 'audit.checkpoint.time',
  keyId: 'audit.checkpoint.key_id',
  publicKey: 'audit.checkpoint.public_key',
  signature: 'audit.checkpoint.signature',
  reason: 'audit.checkpoint.reason',
} as const;

export interface CheckpointStatement {
  stream_id: string;
  sequence_number: number;
  head_hash: string;
  previous: string;
  time: string;
  key_id: string;
}

/** The signed bytes: canonical JSON of the statement (keys sorted, no spaces). */
export function statementBytes(s: CheckpointStatement): Buffer {
  return Buffer.from(
    JSON.stringify({
      head_hash: s.head_hash,
      key_id: s.key_id,
      previous: s.previous,
      sequence_number: s.sequence_number,
      stream_id: s.stream_id,
      time: s.time,
    }),
  );
}

export function signStatement(s: CheckpointStatement, key: CheckpointKey): string {
  return signEd25519(statementBytes(s), key.privateKey);
}

export function verifyStatement(s: CheckpointStatement, signature: string, publicKey: KeyObject): boolean {
  return verifyEd25519(statementBytes(s), signature, publicKey);
}
