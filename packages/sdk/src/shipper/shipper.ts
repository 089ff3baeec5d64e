/**
 * The OTLP shipper: reads the local store from a durable cursor and sends the records as OTLP
 * http/protobuf (OTLPLogExporter) to `options.url`. One export in flight at a time, batches of
 * `batchSize`, a poll every `intervalMs`. A failed export keeps its batch and is retried with
 * exponential back-off (1 s doubling, capped at `maxBackoffMs`) for as long as it takes; the cursor
 * moves only after the receiver accepted a batch and is durable, so delivery is at-least-once
 * across restarts (`audit.record.id` lets a backend deduplicate). An outage becomes one
 * `failure` record when it starts and one `success` record when it ends, plus diagnostics. Never
 * throws into the host; its timers are unref()ed.
 */
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { RecordAttributes } from '@auditel/api';
import type { Diagnostics } from '../diagnostics.js';
import { parseRecordLine } from '../store/reader.js';
import { loadCursor, saveCursor, type Cursor, type StreamPosition } from './cursor.js';
import { StoreTail } from './store-tail.js';
import { LogRecordBuilder } from './log-records.js';
import { ShipperLease } from './lease.js';

export interface ShipperOptions {
  dir: string;
  /** Full URL (endpoint + path) the records are POSTed to. */
  url: string;
  /** The path part of `url` (informational; `url` already contains it). */
  path: string;
  headers: Record<string, string>;
  batchSize: number;
  intervalMs: number;
  timeoutMs: number;
  maxBackoffMs: number;
  diagnostics: Diagnostics;
  /** Records the shipper's own failures (`failure`) and recoveries (`success`) as audit records. */
  record(outcome: 'success' | 'failure', attrs: RecordAttributes): void;
}

export interface ShipperStats {
  /** Records accepted by the receiver. */
  shipped: number;
  /** Failed export attempts. */
  failures: number;
  /** Export requests accepted. */
  batches: number;
  /** Outages (runs of failed attempts) so far. */
  outages: number;
  /** Complete store lines that are not records and cannot be shipped (reported). */
  malformed: number;
}

/** A batch read from the store, kept until the receiver accepts it. */
interface Batch {
  records: ReadableLogRecord[];
  /** Where each stream stands once this batch is acknowledged. */
  positions: Map<string, StreamPosition>;
  /** The batch filled up: more is probably waiting. */
  full: boolean;
}

interface Outage {
  since: number;
  attempts: number;
  errorType: string;
}

/** idle: caught up; more: a full batch went, more is waiting; failed: back off; standby: another process ships. */
type PassOutcome = 'idle' | 'more' | 'failed' | 'standby';

const FIRST_BACKOFF_MS = 1000;

export class Shipper {
  readonly stats: ShipperStats = { shipped: 0, failures: 0, batches: 0, outages: 0, malformed: 0 };
  private readonly exporter: OTLPLogExporter;
  private readonly tail: StoreTail;
  private readonly builder = new LogRecordBuilder();
  private readonly lease: ShipperLease;
  private leaseError = false;
  private cursor: Cursor = new Map();
  private pending: Batch | undefined;
  private outage: Outage | undefined;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<PassOutcome> | undefined;
  private started = false;
  private stopped = false;
  private readonly reportedGaps = new Set<string>();

  constructor(readonly options: ShipperOptions) {
    this.tail = new StoreTail(options.dir);
    // A holder touches the lock on every pass; passes are at most a back-off and an export apart.
    this.lease = new ShipperLease(options.dir, Math.max(300_000, 3 * (options.maxBackoffMs + options.timeoutMs)));
    this.exporter = new OTLPLogExporter({ url: options.url, headers: { ...options.headers }, timeoutMillis: options.timeoutMs });
  }

  /** Where records go; an HTTP audit hook must not audit requests to it. */
  get url(): string {
    return this.options.url;
  }

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.schedule(0);
  }

  /**
   * A last bounded attempt to ship what is in the store, then stops: waits for an export in flight;
   * unless that one just failed, ships batches until caught up, a failure, or `timeoutMs` is spent.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimer();
    const deadline = Date.now() + this.options.timeoutMs;
    const inFlightOutcome = this.inFlight === undefined ? undefined : await this.inFlight;
    if (this.started && inFlightOutcome !== 'failed') {
      let outcome: PassOutcome;
      do outcome = await this.pass();
      while (outcome === 'more' && Date.now() < deadline);
    }
    this.releaseLease();
    await this.exporter.shutdown().catch(() => undefined);
  }

  /** Stops at once (process exit); the durable cursor lets the next start resume. */
  stopSync(): void {
    this.stopped = true;
    this.clearTimer();
    this.releaseLease();
  }

  /** Whether this shipper holds the folder's lease (only one shipper per folder ships). */
  get isActive(): boolean {
    return this.lease.isHeld;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.clearTimer();
    this.timer = setTimeout(() => void this.wake(), delayMs);
    this.timer.unref();
  }

  private async wake(): Promise<void> {
    this.timer = undefined;
    if (this.inFlight !== undefined || this.stopped) return;
    const outcome = await this.pass();
    if (outcome === 'more') this.schedule(0);
    else if (outcome === 'failed') this.schedule(this.backoffMs());
    else this.schedule(this.options.intervalMs);
  }

  /** Exponential back-off from 1 s, capped at maxBackoffMs. */
  private backoffMs(): number {
    const attempts = this.outage?.attempts ?? 1;
    return Math.min(FIRST_BACKOFF_MS * 2 ** Math.min(attempts - 1, 30), this.options.maxBackoffMs);
  }

  /** One step: read a batch (or keep the failed one) and export it. Never rejects. */
  private pass(): Promise<PassOutcome> {
    const run = this.shipOneBatch().catch((e: unknown) => {
      this.options.diagnostics.report('shipper', `the shipper failed unexpectedly: ${describe(e)}`);
      return 'failed' as const;
    });
    this.inFlight = run;
    return run.finally(() => {
      if (this.inFlight === run) this.inFlight = undefined;
    });
  }

  private async shipOneBatch(): Promise<PassOutcome> {
    if (!this.holdLease()) {
      // Another process ships this folder; its cursor is the one that counts.
      this.pending = undefined;
      return 'standby';
    }
    this.pending ??= this.readBatch();
    const batch = this.pending;
    if (batch.records.length === 0) {
      this.pending = undefined;
      if (batch.positions.size > 0) this.commit(batch.positions);
      return batch.full ? 'more' : 'idle';
    }
    const attemptStartedAt = Date.now();
    const result = await this.export(batch.records);
    if (result.code !== ExportResultCode.SUCCESS) {
      this.failed(result.error, attemptStartedAt);
      return 'failed';
    }
    this.pending = undefined;
    this.stats.shipped += batch.records.length;
    this.stats.batches++;
    this.commit(batch.positions);
    if (this.outage !== undefined) this.recovered();
    return batch.full ? 'more' : 'idle';
  }

  /** Takes or keeps the folder's lease; a folder where no lock can be written is shipped anyway. */
  private holdLease(): boolean {
    const wasHeld = this.lease.isHeld;
    let held: boolean;
    try {
      held = this.lease.acquire();
    } catch (e) {
      if (!this.leaseError) this.options.diagnostics.report('shipper.lease', `cannot use the shipper lock in ${this.options.dir} (${describe(e)}); shipping without it`);
      this.leaseError = true;
      return true;
    }
    // Taking over from another shipper: continue from the cursor it left.
    if (held && !wasHeld) this.reloadCursor();
    return held;
  }

  private reloadCursor(): void {
    try {
      this.cursor = loadCursor(this.options.dir);
    } catch (e) {
      this.options.diagnostics.report('shipper.cursor', `cannot read the shipper cursor in ${this.options.dir} (${describe(e)}); shipping the store from its start`);
      this.cursor = new Map();
    }
  }

  private releaseLease(): void {
    try {
      this.lease.release();
    } catch {
      /* a stale lock is taken over by the next shipper */
    }
  }

  private readBatch(): Batch {
    const read = this.tail.read(this.cursor, this.options.batchSize, (file, err) =>
      this.options.diagnostics.report('shipper.read', `cannot read ${file} for shipping: ${err.code ?? err.message}; retrying`),
    );
    for (const gap of read.gaps) {
      if (this.reportedGaps.has(gap)) continue;
      this.reportedGaps.add(gap);
      this.options.diagnostics.report('shipper.gap', `store segments were deleted before they were shipped (${gap})`);
    }
    if (read.streamIds.length > 0) {
      for (const streamId of this.cursor.keys()) if (!read.streamIds.includes(streamId)) this.cursor.delete(streamId);
    }
    const records: ReadableLogRecord[] = [];
    for (const line of read.lines) {
      const parsed = parseRecordLine(line.text);
      if (parsed === undefined) {
        this.stats.malformed++;
        this.options.diagnostics.report('shipper.malformed', `line ${line.line} of segment ${line.segment} of stream ${line.streamId} is not a record and cannot be shipped (auditel verify reports it)`);
        continue;
      }
      records.push(this.builder.build(parsed.record, line.header));
    }
    return { records, positions: read.positions, full: read.lines.length >= this.options.batchSize };
  }

  private export(records: ReadableLogRecord[]): Promise<ExportResult> {
    return new Promise((resolve) => {
      try {
        this.exporter.export(records, resolve);
      } catch (e) {
        resolve({ code: ExportResultCode.FAILED, error: e as Error });
      }
    });
  }

  /** Moves the cursor after an acknowledged batch and makes it durable. */
  private commit(positions: Map<string, StreamPosition>): void {
    for (const [streamId, position] of positions) this.cursor.set(streamId, position);
    try {
      saveCursor(this.options.dir, this.cursor);
    } catch (e) {
      // Kept in memory; a restart before the next successful save re-sends (at-least-once).
      this.options.diagnostics.report('shipper.cursor', `cannot save the shipper cursor in ${this.options.dir}: ${describe(e)}`);
    }
  }

  /** A failed attempt; the first of a run starts an outage (dated from when that attempt began). */
  private failed(error: Error | undefined, attemptStartedAt: number): void {
    this.stats.failures++;
    const errorType = errorTypeOf(error);
    if (this.outage !== undefined) {
      this.outage.attempts++;
      this.outage.errorType = errorType;
      return;
    }
    this.outage = { since: attemptStartedAt, attempts: 1, errorType };
    this.stats.outages++;
    this.options.diagnostics.report(
      'shipper',
      `cannot ship audit records to ${redactUrl(this.url)} (${errorType}: ${error?.message ?? 'export failed'}); keeping them in the store and retrying`,
    );
    this.safeRecord('failure', { 'error.type': errorType, 'audit.failure.count': 1, ...this.endpointAttributes() });
  }

  private recovered(): void {
    const outage = this.outage!;
    this.outage = undefined;
    const durationMs = Date.now() - outage.since;
    this.options.diagnostics.report('shipper', `shipping to ${redactUrl(this.url)} works again after ${durationMs} ms and ${outage.attempts} failed attempts`);
    this.safeRecord('success', {
      'error.type': outage.errorType,
      'audit.failure.count': outage.attempts,
      'audit.failure.duration_ms': durationMs,
      ...this.endpointAttributes(),
    });
  }

  private endpointAttributes(): RecordAttributes {
    const attrs: RecordAttributes = { 'audit.target.type': 'otlp.endpoint', 'audit.target.id': redactUrl(this.url) };
    try {
      const u = new URL(this.url);
      attrs['server.address'] = u.hostname;
      attrs['server.port'] = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
    } catch {
      /* the configuration validated the URL */
    }
    return attrs;
  }

  private safeRecord(outcome: 'success' | 'failure', attrs: RecordAttributes): void {
    try {
      this.options.record(outcome, attrs);
    } catch (e) {
      this.options.diagnostics.report('shipper', `cannot record a shipping ${outcome}: ${describe(e)}`);
    }
  }
}

/** `error.type`: the network error code, the HTTP status, or a short class name. */
function errorTypeOf(error: Error | undefined): string {
  const e = error as (Error & { code?: unknown }) | undefined;
  if (e === undefined) return '_OTHER';
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  if (typeof e.code === 'number') return String(e.code);
  if (/timed out/i.test(e.message)) return 'timeout';
  if (/retryable status/i.test(e.message)) return 'retryable_status';
  return e.name || '_OTHER';
}

/** The URL without credentials or query (it goes into records and diagnostics). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return 'invalid-url';
  }
}

function describe(e: unknown): string {
  return e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
}
