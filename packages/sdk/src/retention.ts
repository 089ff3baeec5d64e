/**
 * Retention: segments older than `retentionDays` are deleted, oldest first and only as a prefix of
 * their stream, so the chain has exactly one gap, at its start. Each deletion is written first to
 * retention.jsonl as an entry signed with the checkpoint key (stream, first and last sequence
 * number, hash of the last deleted record) and recorded as an `audit.system_event` DELETE, so
 * `auditel verify` accepts exactly that gap and no other.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeyObject } from 'node:crypto';
import type { RecordAttributes } from '@auditel/api';
import { signEd25519, verifyEd25519, type CheckpointKey } from './keys.js';
import type { Diagnostics } from './diagnostics.js';
import { RETENTION_FILE, witnessFileName } from './store/format.js';
import { appendDurably, readJsonLines } from './store/side-file.js';
import { attr, listStreams, parseRecordLine, readSegmentText, splitSegment } from './store/reader.js';

export interface RetentionEntry {
  stream_id: string;
  file: string;
  first_number: number;
  last_number: number;
  last_hash: string;
  deleted_at: string;
  key_id: string;
  signature?: string;
}

export function retentionEntryBytes(e: RetentionEntry): Buffer {
  return Buffer.from(
    JSON.stringify({
      deleted_at: e.deleted_at,
      file: e.file,
      first_number: e.first_number,
      key_id: e.key_id,
      last_hash: e.last_hash,
      last_number: e.last_number,
      stream_id: e.stream_id,
    }),
  );
}

export function verifyRetentionEntry(e: RetentionEntry, publicKey: KeyObject): boolean {
  return verifyEd25519(retentionEntryBytes(e), e.signature, publicKey);
}

/** Reads retention.jsonl; malformed lines are returned as `{ line, error }`. */
export function readRetentionLedger(dir: string): Array<{ line: number; entry?: RetentionEntry; error?: string }> {
  return readJsonLines<RetentionEntry>(path.join(dir, RETENTION_FILE));
}

export interface RetentionOptions {
  dir: string;
  retentionDays: number;
  streamId: string;
  key: CheckpointKey;
  currentFile(): string;
  record(attrs: RecordAttributes): void;
  diagnostics: Diagnostics;
}

export class RetentionManager {
  private timer: NodeJS.Timeout | undefined;
  private firstRun: NodeJS.Timeout | undefined;
  deleted = 0;

  constructor(private readonly o: RetentionOptions) {}

  start(): void {
    this.firstRun = setTimeout(() => this.runOnce(), 1000);
    this.firstRun.unref();
    this.timer = setInterval(() => this.runOnce(), 3600_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.firstRun) clearTimeout(this.firstRun);
    if (this.timer) clearInterval(this.timer);
  }

  /** Deletes expired segments; returns how many. Never throws. */
  runOnce(now = Date.now()): number {
    const cutoff = now - this.o.retentionDays * 86400_000;
    let n = 0;
    try {
      const current = path.basename(this.o.currentFile());
      for (const stream of listStreams(this.o.dir)) {
        let left = stream.segments.length;
        for (const seg of stream.segments) {
          if (seg.file === current || seg.file === current + '.gz') break;
          const full = path.join(this.o.dir, seg.file);
          let mtime: number;
          try {
            mtime = fs.statSync(full).mtimeMs;
          } catch {
            break;
          }
          if (mtime >= cutoff) break; // only a prefix of each stream goes
          if (!this.deleteSegment(stream.streamId, seg.file, full, readSegmentText(this.o.dir, seg))) break;
          n++;
          left--;
        }
        // A stream with no segment left needs no witness: the signed ledger accounts for it.
        if (left === 0) fs.rmSync(path.join(this.o.dir, witnessFileName(stream.streamId)), { force: true });
      }
    } catch (e) {
      this.o.diagnostics.report('retention', `retention pass failed: ${(e as Error).message}`);
    }
    this.deleted += n;
    return n;
  }

  private deleteSegment(streamId: string, file: string, full: string, text: string): boolean {
    const { lines } = splitSegment(text);
    let first: number | undefined;
    let last: number | undefined;
    let lastHash = '';
    for (const l of lines) {
      const p = parseRecordLine(l.text);
      if (!p) continue;
      const num = attr(p.record.attributes, 'audit.sequence.number');
      if (typeof num !== 'number') continue;
      first ??= num;
      last = num;
      lastHash = p.hash;
    }
    if (first === undefined || last === undefined) {
      // No record in it (a header only): nothing to account for.
      fs.rmSync(full, { force: true });
      return true;
    }
    const entry: RetentionEntry = {
      stream_id: streamId,
      file,
      first_number: first,
      last_number: last,
      last_hash: lastHash,
      deleted_at: new Date().toISOString(),
      key_id: this.o.key.keyId,
    };
    entry.signature = signEd25519(retentionEntryBytes(entry), this.o.key.privateKey);
    appendDurably(path.join(this.o.dir, RETENTION_FILE), JSON.stringify(entry) + '\n');
    this.o.record({
      'audit.target.type': 'audit.segment',
      'audit.target.id': file,
      'audit.retention.stream_id': streamId,
      'audit.retention.first_number': first,
      'audit.retention.last_number': last,
      'audit.retention.last_hash': lastHash,
      'audit.retention.days': this.o.retentionDays,
    });
    fs.rmSync(full, { force: true });
    return true;
  }
}
