/**
 * First processor: completes the draft's mandatory fields on every audit record (record id, schema
 * version, actor, action, outcome), leaves severity unset, and makes sure ObservedTimestamp is not
 * before Timestamp. Only adds attributes, as the draft requires of processors.
 */
import { randomUUID } from 'node:crypto';
import type { LogRecordProcessor, ReadWriteLogRecord } from '@opentelemetry/sdk-logs';
import { ATTR, SCHEMA_VERSION } from '@auditel/api';
import { isAuditRecord } from './audit-record.js';

export class AuditEnrichProcessor implements LogRecordProcessor {
  onEmit(r: ReadWriteLogRecord): void {
    if (!isAuditRecord(r)) return;
    const a = r.attributes;
    if (typeof a[ATTR.recordId] !== 'string') r.setAttribute(ATTR.recordId, randomUUID());
    if (a[ATTR.schemaVersion] !== SCHEMA_VERSION) r.setAttribute(ATTR.schemaVersion, SCHEMA_VERSION);
    if (a[ATTR.actorId] === undefined) r.setAttribute(ATTR.actorId, 'unknown');
    if (a[ATTR.actorType] === undefined) r.setAttribute(ATTR.actorType, 'system');
    if (a[ATTR.action] === undefined) r.setAttribute(ATTR.action, 'EXECUTE');
    if (a[ATTR.outcome] === undefined) r.setAttribute(ATTR.outcome, 'unknown');
    const t = r.hrTime;
    const o = r.hrTimeObserved;
    if (o[0] < t[0] || (o[0] === t[0] && o[1] < t[1])) r.hrTimeObserved = [t[0], t[1]];
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
