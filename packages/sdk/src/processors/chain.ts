/**
 * Second processor: the draft's hash chain. Gives every audit record its place in this stream
 * (`audit.sequence.*`), writes its canonical form and integrity hash, and hands both to the store
 * processor that follows. The chain is per stream: one stream per process lifetime.
 */
import { randomUUID } from 'node:crypto';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ATTR } from '@auditel/api';
import { canonicalRecord, integrityHash } from '../canonical.js';
import { isAuditRecord } from './audit-record.js';

export interface ChainedRecord {
  number: number;
  recordId: string;
  eventName: string;
  canonical: string;
  hash: string;
  end: boolean;
  /** The per-record signature (base64), when records are signed. */
  integrityValue?: string;
}

/**
 * Hand-off from the chain processor to the store processor within one onEmit pass (processors run
 * synchronously, in order): the record and its chain entry. A slot, not a WeakMap: no table work
 * per record.
 */
export const chainHandoff: { record: ReadWriteLogRecord | undefined; entry: ChainedRecord | undefined } = { record: undefined, entry: undefined };

export interface ChainHead {
  streamId: string;
  number: number;
  hash: string | undefined;
  recordId: string | undefined;
}

/** The chain's attributes of one record, keyed by their ATTR names (checked by the compiler). */
export type SequenceAttributes = {
  [ATTR.streamId]: string;
  [ATTR.sequenceNumber]: number;
  [ATTR.previousHash]: string | undefined;
  [ATTR.previousRecordId]: string | undefined;
  [ATTR.sequenceEnd]: true | undefined;
};

export class AuditChainProcessor implements LogRecordProcessor {
  readonly streamId: string;
  private number = 0;
  private lastHash: string | undefined;
  private lastRecordId: string | undefined;
  private endNext = false;
  private ended = false;
  /** Records refused after the end marker (emitted after shutdown). */
  refusedAfterEnd = 0;
  /** Records that could not be serialised (e.g. nesting deeper than 128). */
  unserializable = 0;
  /**
   * Whether the chain's attributes are also set on the LogRecord once it is hashed. They are in the
   * stored line either way; only processors and exporters after this one read them from the record,
   * and in Auditel's own LoggerProvider there are none (setting them there turned the record's
   * attribute object into a slow dictionary, about 2.4 KB of garbage a record).
   */
  annotateRecords = true;

  /** `sign` (optional, off by default): the per-record signature of the canonical form, base64. */
  constructor(
    streamId: string = randomUUID(),
    private readonly sign?: (canonical: string) => string,
  ) {
    this.streamId = streamId;
  }

  get head(): ChainHead {
    return { streamId: this.streamId, number: this.number, hash: this.lastHash, recordId: this.lastRecordId };
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** The next audit record closes the stream (`audit.sequence.end = true`). */
  endWithNextRecord(): void {
    this.endNext = true;
  }

  onEmit(r: ReadWriteLogRecord): void {
    if (!isAuditRecord(r)) return;
    if (this.ended) {
      this.refusedAfterEnd++;
      return;
    }
    const number = this.number + 1;
    const end = this.endNext;
    // The chain's attributes go into the canonical form beside the record's own (a fixed shape; the
    // compiler checks the keys against ATTR), and onto the record only after it: the record's
    // attribute object stays a fast V8 object while it is read.
    const sequence: SequenceAttributes = {
      'audit.sequence.stream_id': this.streamId,
      'audit.sequence.number': number,
      'audit.sequence.previous_hash': this.lastHash,
      'audit.sequence.previous_record_id': this.lastRecordId,
      'audit.sequence.end': end ? true : undefined,
    };
    let canonical: string;
    try {
      canonical = canonicalRecord({
        eventName: r.eventName,
        body: r.body,
        hrTime: r.hrTime,
        hrTimeObserved: r.hrTimeObserved,
        traceId: r.spanContext?.traceId,
        spanId: r.spanContext?.spanId,
        attributes: r.attributes,
        extraAttributes: sequence,
      });
    } catch {
      this.unserializable++;
      return;
    }
    if (this.annotateRecords) {
      // Written straight into the record's attributes (plain strings, a number, a boolean: always
      // valid), not through setAttribute: no count limit of the provider may drop them, and its
      // checks and copy cost more than the rest of this method but the hash.
      const a = r.attributes as Record<string, unknown>;
      for (const k in sequence) {
        const v = sequence[k as keyof SequenceAttributes];
        if (v !== undefined) a[k] = v;
      }
    }
    const hash = integrityHash(canonical);
    const recordId = String(r.attributes[ATTR.recordId]);
    this.number = number;
    this.lastHash = hash;
    this.lastRecordId = recordId;
    if (end) {
      this.ended = true;
      this.endNext = false;
    }
    const entry: ChainedRecord = { number, recordId, eventName: r.eventName!, canonical, hash, end };
    if (this.sign) {
      // audit.integrity.* are outside the canonical form, so setting them after hashing is sound.
      entry.integrityValue = this.sign(canonical);
      r.setAttribute(ATTR.integrityValue, entry.integrityValue);
      r.setAttribute(ATTR.integritySigner, 'producer');
      r.setAttribute(ATTR.integrityCanonicalization, 'jcs');
    }
    chainHandoff.record = r;
    chainHandoff.entry = entry;
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
