export { audit, flush, AuditNotConfiguredError } from './audit.js';
export type { Audit } from './audit.js';
export { getAuditSink, setAuditSink, clearAuditSink } from './global.js';
export { buildAuditRecord, SCHEMA_VERSION, MAX_STRING_LENGTH, MAX_DEPTH, MAX_ENTRIES } from './record.js';
export type { BuiltRecord, RecordAttributes } from './record.js';
export { ATTR, EVENTS } from './attributes.js';
export type {
  AuditEvent,
  AuditEventName,
  AuditAction,
  AuditOutcome,
  AuditActor,
  ActorType,
  AuditTarget,
  AuditSource,
  AuditRule,
  AuditAttributeValue,
  AuditReceipt,
  AuditSink,
  Redactor,
} from './types.js';
