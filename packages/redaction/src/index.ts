/**
 * @auditel/redaction: removes PII and credentials from audit attributes before a record is built.
 *
 * - `createRedactor({ policy, key })` implements the `Redactor` seam of @auditel/api.
 * - `redactText(text, { field })` is the text engine (spans in UTF-16 offsets).
 * - `pseudonym(value, key)` is the keyed HMAC-SHA256 pseudonym (`hmac:` + 32 hex chars).
 * - `redactSpansCli(stdin, stdout, stderr, { spans })` backs `auditel redact [--spans]`.
 * - `collectorRedactionConfig(policy)` emits the collector `redaction`/`transform` sections.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { AuditAttributeValue, Redactor } from '@auditel/api';
import { Engine, type Span } from './engine.js';
export { INTERNAL_PATTERNS, keyTokens, nameLexicon } from './engine.js';
import { type Action, type Policy, type PolicyInput, DEFAULT_POLICY, resolvePolicy, parsePolicy, loadPolicy, formatPolicy } from './policy.js';

export { DEFAULT_POLICY, resolvePolicy, parsePolicy, loadPolicy, formatPolicy, Engine };
export type { Action, Policy, PolicyInput, Span };
export type { KeyRule, DetectorRule, PiiType } from './policy.js';
export { redactSpansCli } from './cli.js';
export { collectorRedactionConfig, collectorPatterns } from './collector.js';

/** `hmac:` + the first 32 lowercase hex chars of HMAC-SHA256(key, value). */
export function pseudonym(value: string, key: Buffer | string | KeyObject): string {
  return 'hmac:' + createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32);
}

/** IPv4 to its /24, IPv6 to its /48; anything else is masked. */
export function truncateIp(ip: string): string {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.${v4[3]}.0/24`;
  if (ip.includes(':')) {
    const [head] = ip.split('::');
    const groups = (head ?? '').split(':').filter((g) => g.length > 0);
    while (groups.length < 3) groups.push('0');
    return `${groups.slice(0, 3).join(':')}::/48`;
  }
  return '[REDACTED:ip_address]';
}

export interface RedactTextResult {
  value: string;
  spans: Span[];
}

export interface RedactTextOptions {
  field?: string;
}

let defaultEngine: Engine | undefined;
function engineFor(policy?: Policy): Engine {
  if (policy && policy !== DEFAULT_POLICY) return new Engine(policy);
  return (defaultEngine ??= new Engine(DEFAULT_POLICY));
}

function applySpans(text: string, spans: Span[], render: (type: string, raw: string, action?: Action) => string): string {
  if (spans.length === 0) return text;
  const json = JSON_START.test(text);
  let out = '';
  let p = 0;
  for (const s of spans) {
    const raw = text.slice(s.start, s.end);
    let r = render(s.type, raw, s.action);
    // a bare JSON number or literal (`"lat": 48.85`) is replaced by a string, so the document stays valid JSON
    if (json && r !== raw && JSON_SCALAR.test(raw) && bareJsonValue(text, s.start, s.end)) r = JSON.stringify(r);
    out += text.slice(p, s.start) + r;
    p = s.end;
  }
  return out + text.slice(p);
}

const JSON_START = /^\s*[[{]/;
const JSON_SCALAR = /^(?:-?\d[\d.eE+-]*|true|false|null)$/;

/** The span is a whole unquoted value of a JSON document: after `:`, `[` or `,`, before `,`, `}` or `]` (blanks aside). */
function bareJsonValue(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\n' || text[i] === '\t' || text[i] === '\r')) i--;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\n' || text[j] === '\t' || text[j] === '\r')) j++;
  return (text[i] === ':' || text[i] === '[' || text[i] === ',') && (text[j] === ',' || text[j] === '}' || text[j] === ']');
}

/** Masks every sensitive span of `text` as `[REDACTED:type]` and reports the spans (UTF-16 offsets of the input). */
export function redactText(text: string, options: RedactTextOptions = {}, policy?: Policy): RedactTextResult {
  const spans = engineFor(policy).detect(text, options.field);
  return { value: applySpans(text, spans, (t) => `[REDACTED:${t}]`), spans };
}

export interface RedactorOptions {
  /** The policy: a resolved Policy, a partial one merged over the default, JSON/YAML text, or a file path (`.json`/`.yaml`/`.yml`). */
  policy?: Policy | PolicyInput | string;
  /** The HMAC key for pseudonyms (the SDK manages the key file). Without it, `hash` actions mask instead. */
  key?: Buffer;
  /**
   * How many results of short string attributes (and pseudonyms) to keep, default 2048; 0 turns the
   * cache off (a benchmark of the engine itself must, or it measures the cache).
   */
  cacheEntries?: number;
}

export interface AuditelRedactor extends Redactor {
  readonly policy: Policy;
  /** Redact a free string with the field name as context, applying the policy's actions. */
  redactString(value: string, field?: string): string;
}

function toPolicy(p: RedactorOptions['policy']): Policy {
  if (p === undefined) return DEFAULT_POLICY;
  if (typeof p === 'string') {
    if (/\.(json|ya?ml)$/i.test(p.trim()) && !p.includes('\n')) return loadPolicy(p.trim());
    return resolvePolicy(parsePolicy(p));
  }
  if ((p as Policy).version === 1 && Array.isArray((p as Policy).keys) && Array.isArray((p as Policy).detectors) && Array.isArray((p as Policy).redactedValues) && (p as PolicyInput).extend === undefined)
    return p as Policy;
  return resolvePolicy(p as PolicyInput);
}

const MAX_DEPTH = 16;

/** Build a Redactor from a policy and an HMAC key. */
export function createRedactor(options: RedactorOptions = {}): AuditelRedactor {
  const policy = toPolicy(options.policy);
  const engine = engineFor(policy);
  const key = options.key;
  // imported once: every pseudonym (a `hash` action, or pseudonymize) is keyed with it
  const hmacKey = key ? createSecretKey(key) : undefined;
  const actionOf = (type: string): Action => policy.actions[type] ?? policy.actions['default'] ?? 'mask';
  const render = (type: string, raw: string, action?: Action): string => {
    const a = action ?? actionOf(type);
    if (a === 'keep') return raw;
    if (a === 'hash' && hmacKey) return pseudonym(raw, hmacKey);
    if (a === 'truncate' && type === 'ip_address') return truncateIp(raw);
    return `[REDACTED:${type}]`;
  };

  const redactString = (value: string, field?: string): string => {
    const spans = engine.detect(value, field);
    return applySpans(value, spans, render);
  };

  const walk = (path: string, v: AuditAttributeValue, depth: number): AuditAttributeValue | undefined => {
    if (typeof v === 'string') {
      const spans = engine.detect(v, path);
      if (spans.length === 1 && spans[0]!.start === 0 && spans[0]!.end === v.length && (spans[0]!.action ?? actionOf(spans[0]!.type)) === 'drop') return undefined;
      return applySpans(v, spans, render);
    }
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      const kc = engine.classify(path);
      if (kc.rule && typeof v !== 'boolean' && kc.rule.type !== 'ip_address') {
        const a = kc.rule.action ?? actionOf(kc.rule.type);
        if (a === 'drop') return undefined;
        if (a === 'keep') return v;
        return render(kc.rule.type, String(v), a);
      }
      if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 1e12) {
        const s = String(v);
        const spans = engine.detect(s, path);
        if (spans.length) return applySpans(s, spans, render);
      }
      return v;
    }
    if (v instanceof Uint8Array) {
      const kc = engine.classify(path);
      return kc.rule ? undefined : v;
    }
    if (depth >= MAX_DEPTH) return undefined;
    if (Array.isArray(v)) {
      const out: AuditAttributeValue[] = [];
      for (const item of v) {
        const r = walk(path, item, depth + 1);
        if (r !== undefined) out.push(r);
      }
      return out;
    }
    if (v && typeof v === 'object') {
      const out: { [k: string]: AuditAttributeValue } = {};
      for (const [k, item] of Object.entries(v)) {
        const kc = engine.classify(k, [path]);
        if (kc.rule && (kc.rule.action ?? actionOf(kc.rule.type)) === 'drop') continue;
        const r = walk(`${path}.${k}`, item as AuditAttributeValue, depth + 1);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    return v;
  };

  // Records repeat their attributes (a route, a method, an address, one user's id on many records):
  // the results for short strings and the pseudonyms are kept, bounded, and cleared when full. The
  // result is a function of the key, the value and this redactor's policy and HMAC key alone.
  let results = new Map<string, Map<string, AuditAttributeValue | typeof DROPPED>>();
  let cached = 0;
  const pseudonyms = new Map<string, string>();
  const cacheEntries = options.cacheEntries ?? CACHE_ENTRIES;
  if (!Number.isInteger(cacheEntries) || cacheEntries < 0) throw new TypeError(`cacheEntries must be a whole number >= 0, got ${String(options.cacheEntries)}`);

  return {
    policy,
    redactString,
    redactAttribute(k: string, value: AuditAttributeValue): AuditAttributeValue | undefined {
      if (typeof value !== 'string' || value.length > CACHED_VALUE_MAX || cacheEntries === 0) return walk(k, value, 0);
      let byValue = results.get(k);
      const hit = byValue?.get(value);
      if (hit !== undefined) return hit === DROPPED ? undefined : hit;
      const r = walk(k, value, 0);
      if (cached >= cacheEntries) {
        results = new Map();
        cached = 0;
        byValue = undefined;
      }
      if (byValue === undefined) results.set(k, (byValue = new Map()));
      byValue.set(value, r === undefined ? DROPPED : r);
      cached++;
      return r;
    },
    pseudonymize(value: string, _kind: 'actor' | 'target' | 'source'): string {
      if (!hmacKey) throw new Error('no HMAC key configured for pseudonyms');
      if (/^hmac:[0-9a-f]{32}$/.test(value)) return value;
      let p = pseudonyms.get(value);
      if (p === undefined) {
        p = pseudonym(value, hmacKey);
        if (cacheEntries === 0) return p;
        if (pseudonyms.size >= cacheEntries) pseudonyms.clear();
        pseudonyms.set(value, p);
      }
      return p;
    },
  };
}

/** A cached string attribute is at most this long: routes, methods, addresses, ids repeat; long texts rarely do, and hashing them for the map costs more than it saves. */
const CACHED_VALUE_MAX = 96;
const CACHE_ENTRIES = 2048;
const DROPPED = Symbol('dropped');
