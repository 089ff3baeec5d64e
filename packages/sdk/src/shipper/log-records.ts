/**
 * Stored records -> the ReadableLogRecord shape that OTLPLogExporter encodes: timestamps from the
 * stored nanosecond strings, EventName, span context when the record has one, attributes unwrapped
 * from their AnyValue form, the Resource from the segment header, an empty scope (the draft's rule on export), no severity.
 */
import { TraceFlags, type Attributes, type HrTime } from '@opentelemetry/api';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { unwrapAttributes } from '../canonical.js';
import type { SegmentHeader } from '../store/format.js';
import type { StoredRecord } from '../store/reader.js';

// The draft: InstrumentationScope is left empty on export.
const INSTRUMENTATION_SCOPE = { name: '' };
const ZERO_SPAN_ID = '0000000000000000';
const MAX_CACHED_RESOURCES = 64;

/** Nanoseconds since the epoch (decimal string) as an HrTime. */
export function nanosToHrTime(nanos: string): HrTime {
  if (!/^\d+$/.test(nanos)) return [0, 0];
  if (nanos.length <= 9) return [0, Number(nanos)];
  return [Number(nanos.slice(0, -9)), Number(nanos.slice(-9))];
}

/**
 * Builds ReadableLogRecords. Keeps one Resource object per distinct header resource, because the
 * exporter groups records into ResourceLogs by Resource identity.
 */
export class LogRecordBuilder {
  private readonly resources = new Map<string, Resource>();

  resourceOf(header: SegmentHeader | undefined): Resource {
    const attributes = (header?.resource ?? {}) as Attributes;
    const key = JSON.stringify(attributes);
    let resource = this.resources.get(key);
    if (resource === undefined) {
      if (this.resources.size >= MAX_CACHED_RESOURCES) this.resources.clear();
      resource = resourceFromAttributes(attributes);
      this.resources.set(key, resource);
    }
    return resource;
  }

  build(record: StoredRecord, header: SegmentHeader | undefined): ReadableLogRecord {
    const logRecord: {
      -readonly [K in keyof ReadableLogRecord]: ReadableLogRecord[K];
    } = {
      hrTime: nanosToHrTime(record.timestamp),
      hrTimeObserved: nanosToHrTime(record.observedTimestamp),
      resource: this.resourceOf(header),
      instrumentationScope: INSTRUMENTATION_SCOPE,
      attributes: unwrapAttributes(record.attributes) as Attributes,
      droppedAttributesCount: 0,
    };
    if (record.integrityValue !== undefined) {
      // The draft's per-record signature attributes; left out of the canonical form they sign.
      const a = logRecord.attributes as Record<string, unknown>;
      a['audit.integrity.value'] = record.integrityValue;
      a['audit.integrity.signer'] = 'producer';
      a['audit.integrity.canonicalization'] = 'jcs';
    }
    if (record.eventName !== '') logRecord.eventName = record.eventName;
    if (record.body !== undefined) logRecord.body = record.body;
    if (record.traceId !== undefined) {
      logRecord.spanContext = { traceId: record.traceId, spanId: record.spanId ?? ZERO_SPAN_ID, traceFlags: TraceFlags.NONE };
    }
    return logRecord;
  }
}
