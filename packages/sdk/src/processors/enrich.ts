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
  /**
   * The attributes of the record Auditel is emitting right now, handed over whole (see
   * Auditel.emitRecord): the record builder has validated and bounded them (AnyValues only, at most
   * MAX_ENTRIES), so the LogRecord takes this object as it is. No attribute count limit of the
   * LoggerProvider can cut an audit record short, and where the SDK did not copy them (Auditel's own
   * provider) its per-attribute checks and copy are saved: about a fifth of a record's CPU.
   */
  handover: Record<string, unknown> | undefined;

  onEmit(r: ReadWriteLogRecord): void {
    const handover = this.handover;
    if (handover !== undefined) {
      this.handover = undefined;
      // What a processor placed before Auditel's added is kept (in Auditel's own provider there is none).
      const before = r.attributes as Record<string, unknown>;
      for (const k in before) if (!(k in handover)) handover[k] = before[k];
      (r as { attributes: Record<string, unknown> }).attributes = handover;
    }
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
