/**
 * Public types of the Auditel API: the audit event a caller describes, the receipt a durable
 * record returns, and the seams (sink, redactor) an SDK plugs in.
 */

/** The event catalogue (docs/EVENTS.md). Other dotted `audit.*` names are accepted. */
export type AuditEventName =
  | 'audit.authentication'
  | 'audit.authorization'
  | 'audit.data_access'
  | 'audit.permission_change'
  | 'audit.account_management'
  | 'audit.configuration_change'
  | 'audit.api_request'
  | 'audit.audit_log_access'
  | 'audit.security_alert'
  | 'audit.system_event'
  | 'audit.system_error'
  | 'audit.process'
  | 'audit.checkpoint'
  | (string & {});

/** Upper-case verb. The draft's verbs plus GRANT, REVOKE, CONFIGURE; domain verbs are accepted. */
export type AuditAction =
  | 'LOGIN'
  | 'LOGOUT'
  | 'READ'
  | 'WRITE'
  | 'CREATE'
  | 'UPDATE'
  | 'DELETE'
  | 'EXECUTE'
  | 'APPROVE'
  | 'REJECT'
  | 'EXPORT'
  | 'IMPORT'
  | 'GRANT'
  | 'REVOKE'
  | 'CONFIGURE'
  | 'START'
  | 'STOP'
  | (string & {});

export type AuditOutcome = 'success' | 'failure' | 'unknown';

export type ActorType = 'user' | 'service' | 'system';

export interface AuditActor {
  /** Who acted. Pseudonymised with the keyed HMAC when it names a person (type `user`, unless `personal: false`). */
  id?: string;
  type?: ActorType;
  roles?: string[];
  /** Set to false for ids that name no person (service accounts), so they are stored as they are. */
  personal?: boolean;
}

export interface AuditTarget {
  /** What kind of thing was acted on, e.g. `database.table`, `http.endpoint`, `customer`. */
  type?: string;
  /** Which one. Pseudonymised when `personal: true` (it names a data subject). */
  id?: string;
  /** How many items (rows, objects) the action touched. */
  count?: number;
  personal?: boolean;
}

export interface AuditSource {
  /** Where the action came from: client address (pseudonymised unless the policy keeps it) or host name. */
  id?: string;
  type?: 'ipv4' | 'ipv6' | 'hostname' | (string & {});
}

/** The access-control rule invoked for an authorization decision. */
export interface AuditRule {
  /** The permission or policy checked, e.g. `invoices:write`. Stored as `audit.authz.permission`. */
  permission?: string;
  /** The rule or policy id that decided, e.g. `policy-17`. Stored as `audit.authz.rule`. */
  id?: string;
}

/** Scalar and nested attribute values accepted in `attributes` (an OTLP AnyValue). */
export type AuditAttributeValue =
  | string
  | number
  | boolean
  | Uint8Array
  | AuditAttributeValue[]
  | { [key: string]: AuditAttributeValue };

export interface AuditEvent {
  /** Catalogue name, becomes the LogRecord's EventName. */
  event: AuditEventName;
  action: AuditAction;
  outcome: AuditOutcome;
  actor?: AuditActor;
  target?: AuditTarget;
  source?: AuditSource;
  rule?: AuditRule | string;
  /** True when a canary (honeytoken) record was touched. */
  canary?: boolean;
  /** When it happened; defaults to now. Date, epoch milliseconds or an ISO 8601 string. */
  time?: Date | number | string;
  /** UUID v4; generated when absent. Keep it stable across retries: receivers deduplicate on it. */
  recordId?: string;
  /** Failure class, e.g. `invalid_credentials`, `ECONNREFUSED` (error.type). */
  errorType?: string;
  /** Names (never values) of the fields that changed. */
  changedFields?: string[];
  /** Further attributes; semantic-convention names first. Passed through the redactor. */
  attributes?: Record<string, AuditAttributeValue | undefined>;
}

/** What a durable record returns (the draft's receipt). */
export interface AuditReceipt {
  recordId: string;
  /** SHA-256 (hex) of the record's canonical form as persisted. */
  integrityHash: string;
  /** When the store persisted it: nanoseconds since the epoch, decimal string. */
  sinkTimestamp: string;
  streamId: string;
  sequenceNumber: number;
}

/** An SDK registers one of these; until then the API is a no-op. */
export interface AuditSink {
  record(event: AuditEvent): void;
  commit(event: AuditEvent): Promise<AuditReceipt>;
  flush(): Promise<void>;
}

/**
 * The redaction slot. Called while the record is built, before it enters the chain, since the
 * draft allows only additive processors afterwards.
 */
export interface Redactor {
  /**
   * Returns the value to store for an attribute (maybe masked), or undefined to leave it out.
   * `key` is the attribute name (or the dotted path for nested values).
   */
  redactAttribute(key: string, value: AuditAttributeValue): AuditAttributeValue | undefined;
  /** Keyed pseudonym of an identifier (e.g. `hmac:…`). */
  pseudonymize(value: string, kind: 'actor' | 'target' | 'source'): string;
}
