/**
 * The canonical form of an audit record: RFC 8785 (JCS) JSON of the payload the collector-contrib
 * `signingprocessor` signs (event_name, body when a string, timestamp, observed_timestamp, trace_id,
 * span_id, attributes with OTLP AnyValue wrappers, `audit.integrity.*` left out). Records have a
 * known shape, so the canonical text is written directly; test/canonical.test.mjs proves it equal to
 * a general JCS implementation. The stored line embeds exactly this text, so the integrity hash
 * covers the stored bytes.
 */
import { hash } from 'node:crypto';

export interface CanonicalInput {
  eventName?: string | undefined;
  body?: unknown;
  /** [seconds, nanoseconds] */
  hrTime: readonly [number, number];
  hrTimeObserved: readonly [number, number];
  traceId?: string | undefined;
  spanId?: string | undefined;
  attributes: Readonly<Record<string, unknown>>;
  /**
   * Attributes written as if they were in `attributes`, and over them (the chain's `audit.sequence.*`):
   * kept apart so that the record's attribute object is not grown before it is read here (past about
   * twenty keys V8 turns it into a slow dictionary). Undefined values are left out.
   */
  extraAttributes?: Readonly<Record<string, unknown>> | undefined;
}

const INTEGRITY_PREFIX = 'audit.integrity.';
const ZERO_TRACE = '00000000000000000000000000000000';
const ZERO_SPAN = '0000000000000000';
const MAX_DEPTH = 128;

/** Nanoseconds since the epoch as a decimal string, from an HrTime. */
export function hrTimeToNanos(t: readonly [number, number]): string {
  const [s, ns] = t;
  if (s === 0) return String(ns);
  return String(s) + String(ns).padStart(9, '0');
}

/** Characters that JSON escapes, and surrogates (which may be lone). */
const NEEDS_CARE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** NEEDS_CARE.test(s) === false, for short strings (a loop beats a regex call there). */
function plainShort(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return false;
  }
  return true;
}

/** JSON string of valid Unicode: lone surrogates become U+FFFD (what a UTF-8 protobuf encoder sends). */
function jsonString(s: string): string {
  if (s.length <= 64 ? plainShort(s) : !NEEDS_CARE.test(s)) return '"' + s + '"';
  return JSON.stringify(s.isWellFormed() ? s : s.toWellFormed());
}

/** `"key":` fragments of attribute names seen before (names repeat on every record). */
const keyFragments = new Map<string, string>();
function keyFragment(k: string): string {
  let f = keyFragments.get(k);
  if (f === undefined) {
    f = jsonString(k) + ':';
    if (keyFragments.size < 4096) keyFragments.set(k, f);
  }
  return f;
}

function writeValue(v: unknown, depth: number): string {
  switch (typeof v) {
    case 'string':
      return '{"stringValue":' + jsonString(v) + '}';
    case 'number':
      if (Number.isInteger(v)) {
        return '{"intValue":"' + (Number.isSafeInteger(v) ? String(v) : BigInt(v).toString()) + '"}';
      }
      // JCS numbers are ECMAScript Number serialisation, which JSON.stringify implements.
      return Number.isFinite(v) ? '{"doubleValue":' + JSON.stringify(v) + '}' : 'null';
    case 'boolean':
      return v ? '{"boolValue":true}' : '{"boolValue":false}';
    case 'bigint':
      return '{"intValue":"' + v.toString() + '"}';
    case 'object': {
      if (v === null) return 'null';
      if (depth >= MAX_DEPTH) throw new RangeError('attribute nesting deeper than 128');
      if (v instanceof Uint8Array) return '{"bytesValue":"' + Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') + '"}';
      if (Array.isArray(v)) {
        let out = '[';
        for (let i = 0; i < v.length; i++) out += (i ? ',' : '') + writeValue(v[i], depth + 1);
        return out + ']';
      }
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).map((k) => [k.isWellFormed() ? k : k.toWellFormed(), k] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      let out = '{';
      let first = true;
      for (const [name, k] of keys) {
        const x = o[k];
        if (x === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(name) + ':' + writeValue(x, depth + 1);
        first = false;
      }
      return out + '}';
    }
    default:
      return 'null';
  }
}

/**
 * Sorted key lists of recently seen attribute shapes. Records from one call site have the same keys
 * in the same insertion order, so comparing the key list with a cached one (a few pointer
 * comparisons) replaces a sort on most records.
 */
const shapes: Array<{ keys: string[]; sorted: string[] }> = [];
let nextShape = 0;

function sortedKeys(o: Readonly<Record<string, unknown>>, extra?: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(o);
  if (extra !== undefined) for (const k in extra) keys.push(k);
  for (const shape of shapes) {
    const k = shape.keys;
    if (k.length !== keys.length) continue;
    let same = true;
    for (let i = 0; i < k.length; i++) {
      if (k[i] !== keys[i]) {
        same = false;
        break;
      }
    }
    if (same) return shape.sorted;
  }
  // A key both in the attributes and in the extra ones is written once (the extra value wins).
  const sorted = [...new Set(keys)].sort();
  shapes[nextShape] = { keys, sorted };
  nextShape = (nextShape + 1) % 16;
  return sorted;
}

/** String attributes whose values are new on every record: not worth a place in the fragment cache. */
const UNIQUE_PER_RECORD = new Set(['audit.record.id', 'audit.sequence.previous_hash', 'audit.sequence.previous_record_id']);

/**
 * `{"stringValue":…}` fragments of short string values seen before: methods, routes, outcomes,
 * actors, hosts and the stream id repeat from record to record. Bounded: cleared when full.
 */
const stringFragments = new Map<string, string>();
function stringFragment(v: string): string {
  let f = stringFragments.get(v);
  if (f === undefined) {
    f = '{"stringValue":' + jsonString(v) + '}';
    if (stringFragments.size >= 4096) stringFragments.clear();
    stringFragments.set(v, f);
  }
  return f;
}

/** The attributes object in canonical form, `audit.integrity.*` left out. */
export function canonicalAttributes(attributes: Readonly<Record<string, unknown>>, extra?: Readonly<Record<string, unknown>>): string {
  const keys = sortedKeys(attributes, extra);
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = extra === undefined ? undefined : extra[k];
    const v = x !== undefined ? x : attributes[k];
    if (v === undefined || k.startsWith(INTEGRITY_PREFIX)) continue;
    const value = typeof v === 'string' && v.length <= 64 && !UNIQUE_PER_RECORD.has(k) ? stringFragment(v) : writeValue(v, 1);
    out += (first ? '' : ',') + keyFragment(k) + value;
    first = false;
  }
  return out + '}';
}

/** RFC 8785 canonical JSON of the record's signed payload. Keys in UTF-16 order: attributes, body, event_name, observed_timestamp, span_id, timestamp, trace_id. */
export function canonicalRecord(r: CanonicalInput): string {
  let out = '{"attributes":' + canonicalAttributes(r.attributes, r.extraAttributes);
  if (typeof r.body === 'string') out += ',"body":' + jsonString(r.body);
  if (r.eventName) out += ',"event_name":' + jsonString(r.eventName);
  out += ',"observed_timestamp":"' + hrTimeToNanos(r.hrTimeObserved) + '"';
  if (r.spanId && r.spanId !== ZERO_SPAN) out += ',"span_id":' + JSON.stringify(r.spanId);
  out += ',"timestamp":"' + hrTimeToNanos(r.hrTime) + '"';
  if (r.traceId && r.traceId !== ZERO_TRACE) out += ',"trace_id":' + JSON.stringify(r.traceId);
  return out + '}';
}

/** SHA-256 (lower-case hex) of a canonical text: the record's integrity hash. */
export function integrityHash(canonical: string): string {
  return hash('sha256', canonical, 'hex');
}

/** Turns a stored AnyValue-wrapped value back into a plain JS value (int64 beyond 2^53 stays a decimal string). */
export function unwrapAnyValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(unwrapAnyValue);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    switch (keys[0]) {
      case 'stringValue':
        return o.stringValue;
      case 'boolValue':
        return o.boolValue;
      case 'doubleValue':
        return o.doubleValue;
      case 'intValue': {
        const n = Number(o.intValue);
        return Number.isSafeInteger(n) ? n : o.intValue;
      }
      case 'bytesValue':
        return new Uint8Array(Buffer.from(String(o.bytesValue), 'base64'));
    }
  }
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = unwrapAnyValue(o[k]);
  return out;
}

/** Plain attributes of a stored record. */
export function unwrapAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(attrs)) out[k] = unwrapAnyValue(attrs[k]);
  return out;
}
