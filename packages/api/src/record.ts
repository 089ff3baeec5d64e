/**
 * Builds the attributes of one audit record from an AuditEvent: validates, bounds and redacts every
 * field while the record is built, so that the record is clean before it enters the hash chain.
 * Never throws: bad input becomes a well-formed record that lists what was wrong (paths and
 * kinds, never the offending values), or an `audit.system_error` when a mandatory field is unusable.
 */
import type { AuditAttributeValue, AuditEvent, Redactor } from './types.js';
import { ATTR } from './attributes.js';

export const SCHEMA_VERSION = '1.0';

/** Longest string kept in any field; longer values are left out and reported. */
export const MAX_STRING_LENGTH = 8192;
/** Deepest nesting kept in attribute values. */
export const MAX_DEPTH = 8;
/** Most entries kept in one array or map, and most attributes per record. */
export const MAX_ENTRIES = 128;

const EVENT_NAME = /^audit\.[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
const ACTION = /^[A-Z][A-Z0-9_]{0,31}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const OUTCOMES = new Set(['success', 'failure', 'unknown']);
const ACTOR_TYPES = new Set(['user', 'service', 'system']);

export type RecordAttributes = Record<string, AuditAttributeValue>;

export interface BuiltRecord {
  eventName: string;
  /** Epoch milliseconds, or undefined for "now". */
  timestamp: number | undefined;
  attributes: RecordAttributes;
  /** What was wrong with the input: `path: kind`. Empty for a clean event. */
  problems: string[];
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

class Builder {
  readonly problems: string[] = [];
  readonly attributes: RecordAttributes = {};
  private count = 0;

  constructor(private readonly redactor: Redactor | undefined) {}

  problem(path: string, kind: string): void {
    if (this.problems.length < 32) this.problems.push(`${path}: ${kind}`);
  }

  /** Sets an attribute; every key is set at most once (free attributes that collide are refused first). */
  set(key: string, value: AuditAttributeValue): void {
    if (this.count >= MAX_ENTRIES) {
      this.problem(key, 'too many attributes');
      return;
    }
    this.count++;
    this.attributes[key] = value;
  }

  /** A bounded string field, or undefined (with a problem) when unusable. */
  str(path: string, v: unknown, max = 1024): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.problem(path, `expected string, got ${describe(v)}`);
      return undefined;
    }
    if (v.length > max) {
      this.problem(path, `string too long (${v.length} chars, limit ${max})`);
      return undefined;
    }
    return v;
  }

  /** Bounded copy of an attribute value; undefined when nothing usable is left. */
  value(path: string, v: unknown, depth: number, seen: Set<object>): AuditAttributeValue | undefined {
    switch (typeof v) {
      case 'string':
        if (v.length > MAX_STRING_LENGTH) {
          this.problem(path, `string too long (${v.length} chars, limit ${MAX_STRING_LENGTH})`);
          return undefined;
        }
        return v;
      case 'number':
        if (!Number.isFinite(v)) {
          this.problem(path, 'number is not finite');
          return undefined;
        }
        return v;
      case 'boolean':
        return v;
      case 'undefined':
        return undefined;
      case 'bigint':
        this.problem(path, 'bigint is not supported');
        return undefined;
      case 'symbol':
      case 'function':
        this.problem(path, `${typeof v} is not supported`);
        return undefined;
    }
    if (v === null) return undefined;
    const o = v as object;
    if (depth >= MAX_DEPTH) {
      this.problem(path, `nested deeper than ${MAX_DEPTH}`);
      return undefined;
    }
    if (seen.has(o)) {
      this.problem(path, 'circular reference');
      return undefined;
    }
    if (o instanceof Date) {
      const t = o.getTime();
      if (Number.isNaN(t)) {
        this.problem(path, 'invalid date');
        return undefined;
      }
      return o.toISOString();
    }
    if (o instanceof Uint8Array) {
      if (o.byteLength > MAX_STRING_LENGTH) {
        this.problem(path, `bytes too long (${o.byteLength}, limit ${MAX_STRING_LENGTH})`);
        return undefined;
      }
      return o;
    }
    seen.add(o);
    try {
      if (Array.isArray(o)) {
        const out: AuditAttributeValue[] = [];
        const n = Math.min(o.length, MAX_ENTRIES);
        if (o.length > MAX_ENTRIES) this.problem(path, `array too long (${o.length}, limit ${MAX_ENTRIES})`);
        for (let i = 0; i < n; i++) {
          const x = this.value(`${path}[${i}]`, o[i], depth + 1, seen);
          if (x !== undefined) out.push(x);
        }
        return out;
      }
      const proto = Object.getPrototypeOf(o);
      if (proto !== Object.prototype && proto !== null) {
        this.problem(path, `unsupported object (${(proto?.constructor?.name as string | undefined) ?? 'unknown'})`);
        return undefined;
      }
      const out: Record<string, AuditAttributeValue> = {};
      let n = 0;
      for (const k of Object.keys(o)) {
        if (n >= MAX_ENTRIES) {
          this.problem(path, `map too large (limit ${MAX_ENTRIES})`);
          break;
        }
        if (k.length > 256) {
          this.problem(path, 'key too long');
          continue;
        }
        const x = this.value(`${path}.${k}`, (o as Record<string, unknown>)[k], depth + 1, seen);
        if (x !== undefined) {
          out[k] = x;
          n++;
        }
      }
      return out;
    } finally {
      seen.delete(o);
    }
  }

  redact(key: string, v: AuditAttributeValue): AuditAttributeValue | undefined {
    if (!this.redactor) return v;
    try {
      return this.redactor.redactAttribute(key, v);
    } catch {
      this.problem(key, 'redactor failed; value left out');
      return undefined;
    }
  }

  pseudonym(path: string, v: string, kind: 'actor' | 'target' | 'source'): string | undefined {
    if (!this.redactor) return v;
    try {
      return this.redactor.pseudonymize(v, kind);
    } catch {
      this.problem(path, 'pseudonymizer failed; value left out');
      return undefined;
    }
  }
}

function toEpochMs(b: Builder, t: unknown): number | undefined {
  if (t === undefined || t === null) return undefined;
  let ms: number;
  if (t instanceof Date) ms = t.getTime();
  else if (typeof t === 'number') ms = t;
  else if (typeof t === 'string' && t.length <= 64) ms = Date.parse(t);
  else ms = Number.NaN;
  // Reject what cannot be an event time: not a number, before 2000 or more than a day ahead.
  if (!Number.isFinite(ms) || ms < 946684800000 || ms > Date.now() + 86400000) {
    b.problem('time', 'invalid time; the observed time was used');
    return undefined;
  }
  return ms;
}

function readEvent(b: Builder, e: AuditEvent): { eventName?: string; action?: string; outcome?: string } {
  const eventName = b.str('event', e.event, 128);
  const action = typeof e.action === 'string' ? e.action.toUpperCase() : e.action;
  const outcome = e.outcome;
  const out: { eventName?: string; action?: string; outcome?: string } = {};
  if (eventName === undefined || !EVENT_NAME.test(eventName)) {
    if (eventName !== undefined || e.event === undefined) b.problem('event', e.event === undefined ? 'missing' : 'not a dotted audit.* name');
  } else out.eventName = eventName;
  if (typeof action !== 'string' || !ACTION.test(action)) {
    b.problem('action', action === undefined ? 'missing' : 'not an upper-case verb');
  } else out.action = action;
  if (typeof outcome !== 'string' || !OUTCOMES.has(outcome)) {
    b.problem('outcome', outcome === undefined ? 'missing' : 'not success|failure|unknown');
  } else out.outcome = outcome;
  return out;
}

function readActor(b: Builder, e: AuditEvent): void {
  const actor = e.actor;
  let id: string | undefined;
  let type: string | undefined;
  if (actor !== undefined && actor !== null) {
    if (typeof actor !== 'object') b.problem('actor', `expected object, got ${describe(actor)}`);
    else {
      id = b.str('actor.id', actor.id, 1024);
      type = b.str('actor.type', actor.type, 32);
      if (type !== undefined && !ACTOR_TYPES.has(type)) {
        b.problem('actor.type', 'not user|service|system');
        type = undefined;
      }
      if (actor.roles !== undefined) {
        const roles = b.value('actor.roles', actor.roles, 1, new Set());
        if (Array.isArray(roles) && roles.every((r) => typeof r === 'string')) b.set(ATTR.userRoles, roles);
        else b.problem('actor.roles', 'expected array of strings');
      }
      if (id !== undefined && id !== 'anonymous' && id !== 'unknown' && actor.personal !== false && (type ?? 'user') === 'user') {
        id = b.pseudonym('actor.id', id, 'actor');
      }
    }
  }
  b.set(ATTR.actorId, id ?? (type === undefined || type === 'user' ? 'anonymous' : 'unknown'));
  b.set(ATTR.actorType, type ?? 'user');
}

function readTarget(b: Builder, e: AuditEvent): void {
  const t = e.target;
  if (t === undefined || t === null) return;
  if (typeof t !== 'object') {
    b.problem('target', `expected object, got ${describe(t)}`);
    return;
  }
  const type = b.str('target.type', t.type, 256);
  if (type !== undefined) b.set(ATTR.targetType, type);
  let id = b.str('target.id', t.id, 1024);
  if (id !== undefined && t.personal === true) id = b.pseudonym('target.id', id, 'target');
  if (id !== undefined) b.set(ATTR.targetId, id);
  if (t.count !== undefined) {
    if (typeof t.count === 'number' && Number.isInteger(t.count) && t.count >= 0) b.set(ATTR.targetCount, t.count);
    else b.problem('target.count', 'expected a non-negative integer');
  }
}

function readSource(b: Builder, e: AuditEvent): void {
  const s = e.source;
  if (s === undefined || s === null) return;
  if (typeof s !== 'object') {
    b.problem('source', `expected object, got ${describe(s)}`);
    return;
  }
  const type = b.str('source.type', s.type, 32);
  let id = b.str('source.id', s.id, 256);
  // Addresses are personal data under the policy: keyed pseudonym; host names are kept.
  if (id !== undefined && type !== 'hostname') id = b.pseudonym('source.id', id, 'source');
  if (id !== undefined) b.set(ATTR.sourceId, id);
  if (type !== undefined) b.set(ATTR.sourceType, type);
}

function readRule(b: Builder, e: AuditEvent): void {
  const r = e.rule;
  if (r === undefined || r === null) return;
  if (typeof r === 'string') {
    const p = b.str('rule', r, 512);
    if (p !== undefined) b.set(ATTR.authzPermission, p);
    return;
  }
  if (typeof r !== 'object') {
    b.problem('rule', `expected string or object, got ${describe(r)}`);
    return;
  }
  const p = b.str('rule.permission', r.permission, 512);
  if (p !== undefined) b.set(ATTR.authzPermission, p);
  const id = b.str('rule.id', r.id, 256);
  if (id !== undefined) b.set(ATTR.authzRule, id);
}

function readExtras(b: Builder, e: AuditEvent): void {
  if (e.canary !== undefined) {
    if (typeof e.canary === 'boolean') b.set(ATTR.canary, e.canary);
    else b.problem('canary', `expected boolean, got ${describe(e.canary)}`);
  }
  const errorType = b.str('errorType', e.errorType, 256);
  if (errorType !== undefined) b.set(ATTR.errorType, errorType);
  if (e.changedFields !== undefined) {
    const f = b.value('changedFields', e.changedFields, 1, new Set());
    if (Array.isArray(f) && f.every((x) => typeof x === 'string')) b.set(ATTR.changedFields, f);
    else b.problem('changedFields', 'expected array of strings');
  }
  const attrs = e.attributes;
  if (attrs === undefined || attrs === null) return;
  if (typeof attrs !== 'object' || Array.isArray(attrs)) {
    b.problem('attributes', `expected object, got ${describe(attrs)}`);
    return;
  }
  let seen: Set<object> | undefined;
  for (const k of Object.keys(attrs)) {
    const raw = (attrs as Record<string, unknown>)[k];
    if (raw === undefined) continue;
    if (k.length === 0 || k.length > 256) {
      b.problem('attributes', 'attribute name empty or too long');
      continue;
    }
    // The record's own fields are set from the typed fields above, never from free attributes.
    if (isReservedName(k) || Object.hasOwn(b.attributes, k)) {
      b.problem(`attributes.${k}`, 'reserved attribute name');
      continue;
    }
    // Plain strings, finite numbers and booleans (nearly every hook attribute) need no path or walk.
    const t = typeof raw;
    const v =
      (t === 'string' && (raw as string).length <= MAX_STRING_LENGTH) || (t === 'number' && Number.isFinite(raw)) || t === 'boolean'
        ? (raw as AuditAttributeValue)
        : b.value(`attributes.${k}`, raw, 1, (seen ??= new Set<object>([attrs])));
    if (v === undefined) continue;
    const r = b.redact(k, v);
    if (r !== undefined) b.set(k, r);
  }
}

const RESERVED = new Set<string>([
  ATTR.recordId,
  ATTR.schemaVersion,
  ATTR.actorId,
  ATTR.actorType,
  ATTR.action,
  ATTR.outcome,
  ATTR.problems,
]);

/** Reserved-name decisions per attribute name (names repeat on every record); bounded. */
const reservedNames = new Map<string, boolean>();
function isReservedName(k: string): boolean {
  let r = reservedNames.get(k);
  if (r === undefined) {
    r = k.startsWith('audit.sequence.') || k.startsWith('audit.integrity.') || RESERVED.has(k);
    if (reservedNames.size >= 4096) reservedNames.clear();
    reservedNames.set(k, r);
  }
  return r;
}

/**
 * Turns an AuditEvent into the attributes of a LogRecord. Never throws. When the mandatory fields
 * (event, action, outcome) are unusable the result is an `audit.system_error` that names the
 * problems, and none of the input's values.
 */
export function buildAuditRecord(event: AuditEvent, redactor?: Redactor): BuiltRecord {
  const b = new Builder(redactor);
  try {
    if (event === null || typeof event !== 'object') {
      b.problem('event', `expected object, got ${describe(event)}`);
      return invalid(b, undefined);
    }
    const head = readEvent(b, event);
    if (head.eventName === undefined || head.action === undefined || head.outcome === undefined) {
      return invalid(b, head.eventName);
    }
    const timestamp = toEpochMs(b, event.time);
    if (event.recordId !== undefined) {
      if (typeof event.recordId === 'string' && UUID_V4.test(event.recordId)) b.set(ATTR.recordId, event.recordId);
      else b.problem('recordId', 'not a UUID v4; a new id was generated');
    }
    readActor(b, event);
    b.set(ATTR.action, head.action);
    b.set(ATTR.outcome, head.outcome);
    readTarget(b, event);
    readSource(b, event);
    readRule(b, event);
    readExtras(b, event);
    if (b.problems.length > 0) b.attributes[ATTR.problems] = b.problems.slice();
    b.attributes[ATTR.schemaVersion] = SCHEMA_VERSION;
    return { eventName: head.eventName, timestamp, attributes: b.attributes, problems: b.problems };
  } catch {
    // A getter or proxy threw while the event was read.
    b.problem('event', 'could not be read');
    return invalid(b, undefined);
  }
}

function invalid(b: Builder, eventName: string | undefined): BuiltRecord {
  const attributes: RecordAttributes = {
    [ATTR.actorId]: 'unknown',
    [ATTR.actorType]: 'system',
    [ATTR.action]: 'EXECUTE',
    [ATTR.outcome]: 'failure',
    [ATTR.errorType]: 'invalid_audit_event',
    [ATTR.problems]: b.problems.slice(),
  };
  if (eventName !== undefined) attributes[ATTR.invalidEventName] = eventName;
  attributes[ATTR.schemaVersion] = SCHEMA_VERSION;
  return { eventName: 'audit.system_error', timestamp: undefined, attributes, problems: b.problems };
}
