/**
 * Attribute names of an audit record. The draft's `audit.*` names, semantic-convention names where
 * the registry has one (`user.roles`, `error.type`), and Auditel's own where neither does.
 */
export const ATTR = {
  // mandatory (draft)
  recordId: 'audit.record.id',
  actorId: 'audit.actor.id',
  actorType: 'audit.actor.type',
  action: 'audit.action',
  outcome: 'audit.outcome',
  // optional (draft)
  targetId: 'audit.target.id',
  targetType: 'audit.target.type',
  sourceId: 'audit.source.id',
  sourceType: 'audit.source.type',
  schemaVersion: 'audit.schema.version',
  // chain (draft)
  streamId: 'audit.sequence.stream_id',
  sequenceNumber: 'audit.sequence.number',
  previousHash: 'audit.sequence.previous_hash',
  previousRecordId: 'audit.sequence.previous_record_id',
  sequenceEnd: 'audit.sequence.end',
  // integrity (draft)
  integrityValue: 'audit.integrity.value',
  integritySigner: 'audit.integrity.signer',
  integrityCanonicalization: 'audit.integrity.canonicalization',
  integrityAlgorithm: 'audit.integrity.algorithm',
  // semantic conventions
  userRoles: 'user.roles',
  errorType: 'error.type',
  // Auditel's own
  targetCount: 'audit.target.count',
  authzPermission: 'audit.authz.permission',
  authzRule: 'audit.authz.rule',
  canary: 'audit.canary',
  changedFields: 'audit.changed_fields',
  /** What was wrong with the audit() input (paths and kinds, never values). */
  problems: 'audit.input.problems',
  /** The event name an invalid audit() call asked for. */
  invalidEventName: 'audit.input.event_name',
} as const;

export const EVENTS = [
  'audit.authentication',
  'audit.authorization',
  'audit.data_access',
  'audit.permission_change',
  'audit.account_management',
  'audit.configuration_change',
  'audit.api_request',
  'audit.audit_log_access',
  'audit.security_alert',
  'audit.system_event',
  'audit.system_error',
  'audit.process',
  'audit.checkpoint',
] as const;
