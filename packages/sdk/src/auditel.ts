/**
 * Auditel: the pipeline (enrich -> chain -> store processors), the sink behind `audit()`, signed
 * checkpoints, retention, the shipper, and process-exit handling. Standalone with its own
 * LoggerProvider (`startAuditel`), or inside an application's NodeSDK (`new Auditel(config)`, pass
 * `auditel.processors` in `logRecordProcessors`, then `auditel.start()`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHmac, createSecretKey, hash, randomBytes, randomUUID } from 'node:crypto';
import { context, diag, logs, type Context, type Logger, type LogRecord, type LoggerProvider as ApiLoggerProvider } from '@opentelemetry/api';
import { LoggerProvider, type LogRecordProcessor } from '@opentelemetry/sdk-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  ATTR,
  buildAuditRecord,
  clearAuditSink,
  setAuditSink,
  type AuditEvent,
  type AuditReceipt,
  type AuditSink,
  type BuiltRecord,
  type Redactor,
  type RecordAttributes,
} from '@auditel/api';
import { resolveConfig, type AuditelConfig, type ResolvedConfig } from './config.js';
import { AuditEnrichProcessor } from './processors/enrich.js';
import { AuditChainProcessor } from './processors/chain.js';
import { AuditStoreProcessor } from './processors/store.js';
import type { RecoveryInfo } from './store/writer.js';
import { ephemeralCheckpointKey, loadCheckpointKey, loadPseudonymKey, loadSecretKey, signEd25519, type CheckpointKey } from './keys.js';
import * as storeFormat from './store/format.js';
import { CHECKPOINT_ATTR, signStatement, type CheckpointStatement } from './checkpoint.js';
import { createDenyListRedactor } from './redactor.js';
import { Diagnostics } from './diagnostics.js';
import { RetentionManager } from './retention.js';
import { appendLossEntry } from './loss-ledger.js';
import type { Shipper } from './shipper/shipper.js';

export const SCOPE_NAME = '@auditel/sdk';
export const SDK_VERSION = '0.1.0';

export interface AuditelStats {
  recorded: number;
  invalidEvents: number;
  writeFailures: number;
  lostRecords: number;
  refusedAfterEnd: number;
  durableSequence: number;
  checkpoints: number;
  shipped: number;
  shipFailures: number;
}

/** A record built by audit() and waiting, until the end of this turn of the event loop, to be emitted. */
interface PendingEmit {
  eventName: string;
  /** Epoch ms (the caller's, or when audit() was called). */
  timestamp: number | undefined;
  attributes: RecordAttributes;
  context: Context;
}

/** Records emitted at once when this many wait (a synchronous loop of audit() calls). */
const BATCH_MAX = 256;

export class CommitTimeoutError extends Error {
  override readonly name = 'CommitTimeoutError';
}

function nowNanos(): string {
  const ms = Date.now();
  return String(ms) + '000000';
}

export class Auditel implements AuditSink {
  readonly config: ResolvedConfig;
  readonly streamId = randomUUID();
  readonly processors: LogRecordProcessor[];
  readonly diagnostics = new Diagnostics();
  private readonly chain: AuditChainProcessor;
  private readonly store: AuditStoreProcessor;
  private readonly checkpointKey: CheckpointKey;
  private readonly redactor: Redactor;
  private readonly recordSigner: { sign(canonical: string): string; resource: Record<string, string> } | undefined;
  private logger: Logger | undefined;
  private ownProvider: LoggerProvider | undefined;
  private started = false;
  private stopping = false;
  private stopped = false;
  private recorded = 0;
  private invalidEvents = 0;
  private checkpoints = 0;
  private lastCheckpointNumber = 0;
  private lastCheckpointAt = Date.now();
  private previousCheckpoint = '';
  private checkpointing = false;
  /** audit() is inside logger.emit (a checkpoint that falls due waits until it returns). */
  private emitting = false;
  private checkpointDue = false;
  private timer: NodeJS.Timeout | undefined;
  private retention: RetentionManager | undefined;
  private shipper: Shipper | undefined;
  private readonly exitHandlers: Array<() => void> = [];
  private readonly enrich = new AuditEnrichProcessor();

  constructor(config: AuditelConfig = {}) {
    this.config = resolveConfig(config);
    const c = this.config;
    try {
      fs.mkdirSync(c.dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(c.dir, 0o700);
    } catch {
      /* not ours to change; the writer reports write failures */
    }
    this.checkpointKey = this.loadKey('checkpoint signing key', () => loadCheckpointKey(c.dir, c.checkpointKeyFile), ephemeralCheckpointKey, c.checkpointKeyFile);
    this.redactor = c.redactor ?? this.defaultRedactor();
    this.recordSigner = this.createRecordSigner();
    this.chain = new AuditChainProcessor(this.streamId, this.recordSigner?.sign);
    this.store = new AuditStoreProcessor({
      dir: c.dir,
      streamId: this.streamId,
      resource: this.resourceAttributes(),
      durability: c.durability,
      maxSegmentBytes: c.maxSegmentBytes,
      maxSegmentAgeMs: c.maxSegmentAgeMs,
      fsyncIntervalMs: c.fsyncIntervalMs,
      highWaterBytes: c.highWaterBytes,
      maxBufferBytes: c.maxBufferBytes,
      onFailure: (err) => this.diagnostics.report('store.write', `cannot write the audit store in ${c.dir}: ${err.code ?? err.message}; records are kept in memory and retried`),
      onRecovered: (info) => this.storeRecovered(info),
    });
    this.processors = [this.enrich, this.chain, this.store, new CheckpointTrigger(this)];
  }

  /**
   * A configured key file that cannot be read is a configuration error. A default key that cannot be
   * kept beside the store (read-only or full folder) is replaced by one for this process only, and
   * reported: the host keeps running and records are still written once the folder is writable.
   */
  private loadKey<T>(what: string, load: () => T, ephemeral: () => T, configured: string | undefined): T {
    try {
      return load();
    } catch (e) {
      if (configured !== undefined) throw e;
      this.diagnostics.report('keys', `cannot keep the ${what} in ${this.config.dir} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); using one for this process only`);
      return ephemeral();
    }
  }

  /** Per-record signatures, when configured: the signing function and the Resource attributes that name it. */
  private createRecordSigner(): { sign(canonical: string): string; resource: Record<string, string> } | undefined {
    const i = this.config.integrity;
    if (i === undefined) return undefined;
    if (i.algorithm === 'HMAC-SHA256') {
      const file = i.keyFile ?? path.join(this.config.dir, storeFormat.INTEGRITY_HMAC_KEY_FILE);
      const key = createSecretKey(this.loadKey('integrity HMAC key', () => loadSecretKey(file, i.keyFile === undefined, 'integrity HMAC key'), () => randomBytes(32), i.keyFile));
      return { sign: (c) => createHmac('sha256', key).update(c, 'utf8').digest('base64'), resource: { [ATTR.integrityAlgorithm]: 'HMAC-SHA256' } };
    }
    const k = i.keyFile !== undefined ? loadCheckpointKey(this.config.dir, i.keyFile) : this.checkpointKey;
    return {
      sign: (c) => signEd25519(c, k.privateKey),
      resource: { [ATTR.integrityAlgorithm]: 'EdDSA', 'audit.integrity.certificate': k.keyId },
    };
  }

  /** The deny-list, or @auditel/redaction's engine when `redaction` is configured (loaded only then). */
  private defaultRedactor(): Redactor {
    const c = this.config;
    const key = this.loadKey('pseudonym key', () => loadPseudonymKey(c.dir, c.pseudonymKeyFile, c.pseudonymKey), () => randomBytes(32), c.pseudonymKeyFile);
    if (c.redactionPolicy === undefined) return createDenyListRedactor(key);
    const { createRedactor } = require('@auditel/redaction') as typeof import('@auditel/redaction');
    return createRedactor(c.redactionPolicy === true ? { key } : { key, policy: c.redactionPolicy as never });
  }

  /** Resource attributes written into each segment header (and used by the shipper). */
  resourceAttributes(): Record<string, string | number | boolean> {
    return {
      'service.name': this.config.serviceName,
      'service.instance.id': this.streamId,
      'host.name': os.hostname(),
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'telemetry.sdk.name': 'auditel',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.version': SDK_VERSION,
      ...this.recordSigner?.resource,
      ...this.config.resource,
    };
  }

  /**
   * Starts emitting: registers the audit() sink, the checkpoint timer, retention, the shipper and
   * the exit hooks. Without `loggerProvider` it uses the global one (an app's NodeSDK that was given
   * `auditel.processors`); `startAuditel` passes its own.
   */
  start(loggerProvider?: ApiLoggerProvider): this {
    if (this.started) return this;
    this.started = true;
    const provider = loggerProvider ?? logs.getLoggerProvider();
    this.logger = provider.getLogger(SCOPE_NAME, SDK_VERSION);
    if (!setAuditSink(this)) this.diagnostics.report('sink', 'another Auditel SDK is registered already; audit() keeps using the first one');
    this.emitSystem('audit.process', 'START', 'success', { 'audit.target.type': 'process', 'audit.target.id': String(process.pid) });
    this.timer = setInterval(() => this.tick(), Math.min(1000, this.config.checkpointEveryMs));
    this.timer.unref();
    this.retention = new RetentionManager({
      dir: this.config.dir,
      retentionDays: this.config.retentionDays,
      streamId: this.streamId,
      key: this.checkpointKey,
      currentFile: () => this.store.writer.currentFile,
      record: (attrs) => this.emitSystem('audit.system_event', 'DELETE', 'success', attrs),
      diagnostics: this.diagnostics,
    });
    this.retention.start();
    if (this.config.shipping) {
      // Loaded only when shipping is on: the OTLP exporter and protobuf encoder cost start-up time and memory.
      const { Shipper: ShipperClass } = require('./shipper/shipper.js') as typeof import('./shipper/shipper.js');
      this.shipper = new ShipperClass({
        dir: this.config.dir,
        ...this.config.shipping,
        diagnostics: this.diagnostics,
        record: (outcome, attrs) =>
          outcome === 'failure'
            ? this.emitSystem('audit.system_error', 'EXPORT', 'failure', attrs)
            : this.emitSystem('audit.system_event', 'EXPORT', 'success', attrs),
      });
      this.shipper.start();
    }
    if (this.config.handleProcessExit) this.hookProcessExit();
    return this;
  }

  /**
   * audit(): build the record clean (validated, redacted) now, with the caller's time and trace
   * context; emit it through the pipeline at the end of this turn of the event loop, together with
   * the others of the turn (the chain, hash and write run warm in one batch rather than cold between
   * requests). `sync` durability, commit(), flush(), stats() and shutdown drain the batch first, and
   * a batch is drained at once when it reaches BATCH_MAX records, so memory stays bounded.
   */
  record(event: AuditEvent): void {
    if (this.config.durability === 'sync') {
      this.emitEvent(event);
      return;
    }
    try {
      if (this.openLogger() === undefined) return;
      const built = this.build(event);
      this.batch.push({ eventName: built.eventName, timestamp: built.timestamp ?? Date.now(), attributes: built.attributes, context: context.active() });
      if (this.batch.length === 1) setImmediate(this.drainBatch);
      else if (this.batch.length >= BATCH_MAX) this.drainBatch();
    } catch (e) {
      this.diagnostics.report('emit', `audit record could not be emitted: ${(e as Error).message}`);
    }
  }

  private batch: PendingEmit[] = [];

  /** Emits the records audit() built in this turn, in order. */
  private readonly drainBatch = (): void => {
    while (this.batch.length > 0) {
      const batch = this.batch;
      this.batch = [];
      for (const p of batch) this.emitBuilt(p);
    }
  };

  async commit(event: AuditEvent): Promise<AuditReceipt> {
    const c = this.emitEvent(event);
    if (c === undefined) throw new Error('the record did not reach the Auditel store (is Auditel stopped, or are its processors missing from the LoggerProvider?)');
    let t: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      t = setTimeout(() => reject(new CommitTimeoutError(`record ${c.recordId} not durable within ${this.config.commitTimeoutMs} ms`)), this.config.commitTimeoutMs);
    });
    try {
      await Promise.race([this.store.whenDurable(c.number), timeout]);
    } finally {
      clearTimeout(t);
    }
    return { recordId: c.recordId, integrityHash: c.hash, sinkTimestamp: nowNanos(), streamId: this.streamId, sequenceNumber: c.number };
  }

  /** The logger to emit with; undefined when not started or the stream has ended (the record is refused, and counted). */
  private openLogger(): Logger | undefined {
    if (this.logger !== undefined && !this.chain.isEnded) return this.logger;
    this.diagnostics.count('refusedAfterEnd');
    return undefined;
  }

  /** The record's attributes, validated, bounded and redacted, with its record id. */
  private build(event: AuditEvent): BuiltRecord {
    const built = buildAuditRecord(event, this.redactor);
    if (built.problems.length > 0) {
      this.invalidEvents++;
      this.diagnostics.report('input', `audit() got a malformed event: ${built.problems.slice(0, 3).join('; ')}`);
    }
    if (typeof built.attributes[ATTR.recordId] !== 'string') built.attributes[ATTR.recordId] = randomUUID();
    return built;
  }

  private emitEvent(event: AuditEvent): { recordId: string; number: number; hash: string } | undefined {
    try {
      this.drainBatch(); // order: what audit() queued in this turn goes first
      if (this.openLogger() === undefined) return undefined;
      const built = this.build(event);
      return this.emitBuilt({ eventName: built.eventName, timestamp: built.timestamp, attributes: built.attributes, context: context.active() });
    } catch (e) {
      this.diagnostics.report('emit', `audit record could not be emitted: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Emits one built record through the processors; returns its place in the chain once stored. */
  private emitBuilt(p: PendingEmit): { recordId: string; number: number; hash: string } | undefined {
    try {
      const logger = this.openLogger();
      if (logger === undefined) return undefined;
      const attributes = p.attributes;
      const recordId = attributes[ATTR.recordId] as string;
      // A checkpoint that falls due on this record is written after it (not from inside its
      // onEmit), so that `lastAppended` below is this record and the processors are not re-entered.
      this.emitting = true;
      try {
        this.emitRecord(logger, p.eventName, attributes, p.timestamp, p.context);
      } finally {
        this.emitting = false;
      }
      this.recorded++;
      const c = this.store.lastAppended;
      if (this.checkpointDue) {
        this.checkpointDue = false;
        this.checkpoint('records');
      }
      if (c !== undefined && c.recordId === recordId) return c;
      this.diagnostics.count('notStored');
      this.diagnostics.report('emit', `audit record ${recordId} did not reach the store (not serialisable, or Auditel's processors are missing from the LoggerProvider)`);
      return undefined;
    } catch (e) {
      this.diagnostics.report('emit', `audit record could not be emitted: ${(e as Error).message}`);
      return undefined;
    }
  }

  /**
   * Emits a built record. Its attributes are handed to the enrich processor, which puts the whole
   * object on the LogRecord: the SDK's attribute count limit never cuts an audit record short (the
   * record builder bounds it instead), and in Auditel's own LoggerProvider, where enrich is first,
   * the SDK does not check and copy each attribute again either. In an application's provider the
   * attributes also go the usual way, for any processor placed before Auditel's.
   */
  private emitRecord(logger: Logger, eventName: string, attributes: Record<string, unknown>, timestamp?: number, ctx?: Context): void {
    this.enrich.handover = attributes;
    try {
      const record: LogRecord = { eventName };
      if (timestamp !== undefined) record.timestamp = timestamp;
      if (ctx !== undefined) record.context = ctx; // else the SDK takes the active context
      if (this.ownProvider === undefined) record.attributes = attributes as LogRecord['attributes'];
      logger.emit(record);
    } finally {
      this.enrich.handover = undefined;
    }
  }

  /** Records of Auditel itself (process lifecycle, checkpoints, faults), actor `auditel`. */
  emitSystem(eventName: string, action: string, outcome: 'success' | 'failure', attrs: RecordAttributes): void {
    if (this.logger === undefined || this.chain.isEnded) return;
    if (this.batch.length > 0 && !this.emitting) this.drainBatch();
    try {
      const attributes: Record<string, unknown> = {
        [ATTR.recordId]: randomUUID(),
        [ATTR.actorId]: 'auditel',
        [ATTR.actorType]: 'system',
        [ATTR.action]: action,
        [ATTR.outcome]: outcome,
        ...attrs,
      };
      this.emitRecord(this.logger, eventName, attributes);
    } catch (e) {
      this.diagnostics.report('emit', `system record could not be emitted: ${(e as Error).message}`);
    }
  }

  /** Resolves once everything emitted so far is durable, or after `flushTimeoutMs` when the disk is failing (reported). */
  flush(): Promise<void> {
    this.drainBatch();
    return this.boundedFlush();
  }

  private async boundedFlush(): Promise<void> {
    let t: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.store.forceFlush().then(() => false),
      new Promise<boolean>((resolve) => {
        t = setTimeout(() => resolve(true), this.config.flushTimeoutMs);
        t.unref();
      }),
    ]);
    clearTimeout(t);
    if (timedOut) this.diagnostics.report('flush', `flush did not complete within ${this.config.flushTimeoutMs} ms: the store is not writable`);
  }

  /** Called by the CheckpointTrigger processor after each stored record: a checkpoint every N records, inline. */
  noteAppended(): void {
    if (this.checkpointing) return;
    if (this.chain.head.number - this.lastCheckpointNumber < this.config.checkpointEveryRecords) return;
    if (this.emitting) this.checkpointDue = true;
    else this.checkpoint('records');
  }

  private tick(): void {
    const since = Date.now() - this.lastCheckpointAt;
    const fresh = this.chain.head.number > this.lastCheckpointNumber;
    if (fresh && since >= this.config.checkpointEveryMs) this.checkpoint('interval');
    else if (since >= this.config.checkpointIdleMs) this.checkpoint('idle');
  }

  /** Writes a signed checkpoint of the current chain head. `end` closes the stream. */
  checkpoint(reason: string, end = false): void {
    if (this.logger === undefined || this.chain.isEnded) return;
    const head = this.chain.head;
    if (head.hash === undefined) return;
    const statement: CheckpointStatement = {
      stream_id: head.streamId,
      sequence_number: head.number,
      head_hash: head.hash,
      previous: this.previousCheckpoint,
      time: new Date().toISOString(),
      key_id: this.checkpointKey.keyId,
    };
    const signature = signStatement(statement, this.checkpointKey);
    if (end) this.chain.endWithNextRecord();
    this.checkpointing = true;
    try {
      this.emitSystem('audit.checkpoint', 'CHECKPOINT', 'success', {
      [CHECKPOINT_ATTR.streamId]: statement.stream_id,
      [CHECKPOINT_ATTR.number]: statement.sequence_number,
      [CHECKPOINT_ATTR.headHash]: statement.head_hash,
      [CHECKPOINT_ATTR.previous]: statement.previous,
      [CHECKPOINT_ATTR.time]: statement.time,
      [CHECKPOINT_ATTR.keyId]: statement.key_id,
      [CHECKPOINT_ATTR.publicKey]: this.checkpointKey.publicKeyDer,
      [CHECKPOINT_ATTR.signature]: signature,
      [CHECKPOINT_ATTR.reason]: reason,
      });
    } finally {
      this.checkpointing = false;
    }
    this.previousCheckpoint = hash('sha256', signature, 'hex');
    this.lastCheckpointNumber = this.chain.head.number;
    this.lastCheckpointAt = Date.now();
    this.checkpoints++;
  }

  private storeRecovered(info: RecoveryInfo): void {
    this.diagnostics.report('store.write', `the audit store is writable again after ${Date.now() - info.failedSinceMs} ms; ${info.lostRecords} records lost`);
    if (info.lostRecords > 0) {
      try {
        appendLossEntry(
          this.config.dir,
          {
            stream_id: this.streamId,
            first_number: info.lostFirst,
            last_number: info.lostLast,
            last_hash: info.lostLastHash,
            recorded_at: new Date().toISOString(),
            error: info.lastError,
          },
          this.checkpointKey,
        );
      } catch (e) {
        this.diagnostics.report('store.write', `cannot write the loss ledger: ${(e as Error).message}`);
      }
    }
    // Recorded once writing works again, as the issue asks; emitted after the current write returns.
    queueMicrotask(() =>
      this.emitSystem('audit.system_error', 'WRITE', 'failure', {
        'error.type': info.lastError,
        'audit.target.type': 'audit.store',
        'audit.target.id': path.resolve(this.config.dir),
        'audit.failure.count': info.failures,
        'audit.failure.records_lost': info.lostRecords,
        'audit.failure.duration_ms': Date.now() - info.failedSinceMs,
        // The exact gap the loss left in this stream's chain, so `auditel verify` accepts it and no other.
        ...(info.lostRecords > 0
          ? {
              'audit.loss.stream_id': this.streamId,
              'audit.loss.first_number': info.lostFirst,
              'audit.loss.last_number': info.lostLast,
              'audit.loss.last_hash': info.lostLastHash,
            }
          : {}),
      }),
    );
  }

  stats(): AuditelStats {
    this.drainBatch();
    const w = this.store.writer.stats;
    return {
      recorded: this.recorded,
      invalidEvents: this.invalidEvents,
      writeFailures: w.writeFailures,
      lostRecords: w.lostRecords,
      refusedAfterEnd: this.chain.refusedAfterEnd + this.diagnostics.counter('refusedAfterEnd'),
      durableSequence: this.store.writer.lastDurable,
      checkpoints: this.checkpoints,
      shipped: this.shipper?.stats.shipped ?? 0,
      shipFailures: this.shipper?.stats.failures ?? 0,
    };
  }

  private closeStream(): void {
    if (this.stopping) return;
    this.drainBatch();
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.retention?.stop();
    this.emitSystem('audit.process', 'STOP', 'success', { 'audit.target.type': 'process', 'audit.target.id': String(process.pid) });
    this.checkpoint('shutdown', true);
    clearAuditSink(this);
  }

  /** Flushes, writes the end marker, stops timers, the shipper (after a last pass) and the store. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.closeStream();
    await this.boundedFlush();
    if (this.shipper) await this.shipper.stop();
    // What a failing disk still holds after the bounded flush is counted lost by the synchronous close.
    this.store.shutdownSync();
    await this.store.writer.compressionsSettled();
    if (this.ownProvider) await this.ownProvider.shutdown().catch(() => undefined);
    this.unhookProcessExit();
    this.stopped = true;
  }

  /** The same, synchronously, for process exit; the shipper resumes from its cursor next start. */
  shutdownSync(): void {
    if (this.stopped) return;
    this.closeStream();
    this.shipper?.stopSync();
    this.store.shutdownSync();
    this.unhookProcessExit();
    this.stopped = true;
  }

  private hookProcessExit(): void {
    const onExit = (): void => this.shutdownSync();
    process.on('exit', onExit);
    this.exitHandlers.push(() => process.removeListener('exit', onExit));
    for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
      const onSignal = (): void => {
        this.shutdownSync();
        // Nobody else handles it: keep the default behaviour (terminate by that signal).
        if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
      };
      process.once(sig, onSignal);
      this.exitHandlers.push(() => process.removeListener(sig, onSignal));
    }
  }

  private unhookProcessExit(): void {
    for (const h of this.exitHandlers.splice(0)) h();
  }

  /** @internal used by startAuditel */
  adoptProvider(p: LoggerProvider): void {
    this.ownProvider = p;
    this.chain.annotateRecords = false; // nothing after the store processor reads the record
  }
}

/** Runs checkpoints by record count; last in the processor list, so it sees the chain head updated. */
class CheckpointTrigger implements LogRecordProcessor {
  constructor(private readonly auditel: Auditel) {}
  onEmit(): void {
    this.auditel.noteAppended();
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Starts Auditel with its own LoggerProvider (not registered globally, so an app's own logs stay its own). */
export function startAuditel(config: AuditelConfig = {}): Auditel {
  const auditel = new Auditel(config);
  const provider = new LoggerProvider({
    resource: resourceFromAttributes(auditel.resourceAttributes()),
    logRecordLimits: { attributeCountLimit: 256 },
    processors: auditel.processors,
  });
  auditel.adoptProvider(provider);
  auditel.start(provider);
  diag.debug(`auditel: started, store ${path.resolve(auditel.config.dir)}`);
  return auditel;
}
