/**
 * Third processor: persists each chained audit record to the local store (the embedded default and
 * the write-ahead log the shipper reads), and tells waiters when their record is durable.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { chainHandoff, type ChainedRecord } from './chain.js';
import { isAuditRecord } from './audit-record.js';
import { SegmentWriter, closeQuietly, type WriterOptions } from '../store/writer.js';
import { recordLine, witnessFileName } from '../store/format.js';
import { replaceDurably } from '../store/side-file.js';

/** The witness is compacted once it is larger than this (about 600 checkpoints, 600,000 records by default)... */
export const WITNESS_COMPACT_BYTES = 1024 * 1024;
/** ...down to its last this many checkpoints. */
export const WITNESS_KEEP = 16;

export class RecordLostError extends Error {
  override readonly name = 'RecordLostError';
}

interface Waiter {
  number: number;
  resolve(): void;
  reject(e: Error): void;
}

export type StoreProcessorOptions = Omit<WriterOptions, 'onDurable' | 'onLost'>;

export class AuditStoreProcessor implements LogRecordProcessor {
  readonly writer: SegmentWriter;
  /** The record most recently appended (read by the sink right after emit, same tick). */
  lastAppended: ChainedRecord | undefined;
  /** Audit records that reached this processor without passing the chain processor first. */
  unchained = 0;
  private waiters: Waiter[] = [];
  private witness: Array<{ number: number; line: string }> = [];
  private lostUpTo = 0;
  private readonly witnessFile: string;

  constructor(o: StoreProcessorOptions) {
    this.witnessFile = path.join(o.dir, witnessFileName(o.streamId));
    this.writer = new SegmentWriter({
      ...o,
      onDurable: (n) => this.durable(n),
      onLost: (first, last) => this.lost(first, last),
    });
  }

  onEmit(r: ReadWriteLogRecord): void {
    if (!isAuditRecord(r)) return;
    const c = chainHandoff.record === r ? chainHandoff.entry : undefined;
    chainHandoff.record = undefined;
    chainHandoff.entry = undefined;
    if (c === undefined) {
      this.unchained++;
      return;
    }
    const line = recordLine(c.canonical, c.hash, c.integrityValue);
    this.lastAppended = c;
    if (c.eventName === 'audit.checkpoint') this.witness.push({ number: c.number, line });
    this.writer.append(line, c.number);
  }

  /** Resolves when record `number` is durable; rejects if it was lost. */
  whenDurable(number: number): Promise<void> {
    if (number <= this.writer.lastDurable) return Promise.resolve();
    if (number <= this.lostUpTo) return Promise.reject(new RecordLostError(`record ${number} was lost: the store could not write it`));
    const waiting = new Promise<void>((resolve, reject) => this.waiters.push({ number, resolve, reject }));
    this.writer.requestSync();
    return waiting;
  }

  private durable(n: number): void {
    let i = 0;
    while (i < this.waiters.length && this.waiters[i]!.number <= n) this.waiters[i++]!.resolve();
    if (i > 0) this.waiters.splice(0, i);
    if (this.witness.length > 0 && this.witness[0]!.number <= n) {
      const ready = this.witness.filter((w) => w.number <= n);
      this.witness = this.witness.filter((w) => w.number > n);
      this.writeWitness(ready.map((w) => w.line).join(''));
    }
  }

  /**
   * checkpoints-<stream id>.jsonl: a copy of each durable checkpoint, so a truncated segment tail is
   * detected. Appended in order on this thread (a page-cache write), fdatasynced in the thread pool:
   * a synchronous fsync here stalled the application for milliseconds up to ten times a second.
   * Shutdown fsyncs what is left before it returns. Past WITNESS_COMPACT_BYTES the file is rewritten
   * with its last WITNESS_KEEP checkpoints: the last one is what tells a cut-off tail, and only this
   * process writes the file, so nothing is lost to the rewrite.
   */
  private writeWitness(text: string): void {
    try {
      if (this.witnessFd < 0) this.witnessFd = fs.openSync(this.witnessFile, 'a', 0o600);
      fs.writeSync(this.witnessFd, text);
      this.witnessDirty = true;
      this.witnessBytes += Buffer.byteLength(text);
      for (const line of text.split('\n')) if (line !== '') this.recentWitness.push(line + '\n');
      if (this.recentWitness.length > WITNESS_KEEP) this.recentWitness.splice(0, this.recentWitness.length - WITNESS_KEEP);
      if (this.witnessBytes > WITNESS_COMPACT_BYTES) this.compactWitness();
      else this.syncWitness();
    } catch {
      // The checkpoint is in the segment anyway; the file is opened again for the next one.
      this.closeWitness();
    }
  }

  /** Rewrites the witness with its last checkpoints, atomically. */
  private compactWitness(): void {
    this.closeWitness();
    const text = this.recentWitness.join('');
    // On failure the witness stays as it was and keeps growing until a rewrite succeeds.
    replaceDurably(this.witnessFile, text);
    this.witnessBytes = Buffer.byteLength(text);
  }

  private witnessBytes = 0;
  private recentWitness: string[] = [];
  private witnessFd = -1;
  private witnessDirty = false;
  private witnessSyncing = false;
  private witnessCloseAfterSync = false;

  private syncWitness(): void {
    if (this.witnessSyncing || !this.witnessDirty || this.witnessFd < 0) return;
    const fd = this.witnessFd;
    this.witnessSyncing = true;
    this.witnessDirty = false;
    fs.fdatasync(fd, () => {
      this.witnessSyncing = false;
      if (this.witnessCloseAfterSync) {
        this.witnessCloseAfterSync = false;
        closeQuietly(fd);
        return;
      }
      this.syncWitness();
    });
  }

  /** fsyncs the witness file now and closes it (or right after an fsync in flight). */
  private closeWitness(): void {
    const fd = this.witnessFd;
    if (fd < 0) return;
    this.witnessFd = -1;
    try {
      if (this.witnessDirty) fs.fdatasyncSync(fd);
    } catch {
      /* the checkpoints are in the segments */
    }
    this.witnessDirty = false;
    if (this.witnessSyncing) this.witnessCloseAfterSync = true;
    else closeQuietly(fd);
  }

  private lost(first: number, last: number): void {
    if (last > this.lostUpTo) this.lostUpTo = last;
    // A lost checkpoint never reached the segment: it must not reach the witness either.
    this.witness = this.witness.filter((w) => w.number < first || w.number > last);
    const err = new RecordLostError(`records ${first}..${last} were lost: the store could not write them`);
    this.waiters = this.waiters.filter((w) => {
      if (w.number >= first && w.number <= last) {
        w.reject(err);
        return false;
      }
      return true;
    });
  }

  forceFlush(): Promise<void> {
    return this.writer.flush();
  }

  async shutdown(): Promise<void> {
    await this.writer.close();
    this.closeWitness();
    this.rejectRemaining();
  }

  shutdownSync(): void {
    this.writer.closeSync();
    this.closeWitness();
    this.rejectRemaining();
  }

  private rejectRemaining(): void {
    for (const w of this.waiters) {
      if (w.number <= this.writer.lastDurable) w.resolve();
      else w.reject(new RecordLostError(`record ${w.number} was not made durable before the store closed`));
    }
    this.waiters = [];
  }
}
