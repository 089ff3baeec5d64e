/**
 * The redactor used while records are built, until @auditel/redaction fills the slot: a key-name
 * deny-list that masks the values of secrets (password, secret, token, authorization, cookie, api
 * key, credential, private key) at any depth, and keyed HMAC-SHA256 pseudonyms for identifiers.
 */
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import type { AuditAttributeValue, Redactor } from '@auditel/api';

export const REDACTED = '[REDACTED]';
const DENY = /pass(word|wd|phrase)?|secret|token|authori[sz]ation|cookie|api[-_.]?key|credential|private[-_.]?key|session[-_.]?id|\bpwd\b/i;

/** `hmac:` + the first 32 hex chars of HMAC-SHA256(key, value): stable per key, not reversible. */
export function pseudonym(value: string, key: Buffer | KeyObject): string {
  if (value.startsWith('hmac:')) return value;
  return 'hmac:' + createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32);
}

/**
 * Pseudonyms of recently seen values, kept because identities repeat (one user, many records) and an
 * HMAC costs microseconds. Bounded: cleared when full.
 */
export function cachedPseudonymizer(key: Buffer, max = 10000): (value: string) => string {
  const secret = createSecretKey(key);
  const cache = new Map<string, string>();
  return (value) => {
    let p = cache.get(value);
    if (p === undefined) {
      p = pseudonym(value, secret);
      if (cache.size >= max) cache.clear();
      cache.set(value, p);
    }
    return p;
  };
}

/** Deny-list decisions per attribute name (names repeat on every record); bounded. */
const denied = new Map<string, boolean>();
function isDenied(key: string): boolean {
  let d = denied.get(key);
  if (d === undefined) {
    d = DENY.test(key);
    if (denied.size >= 4096) denied.clear();
    denied.set(key, d);
  }
  return d;
}

function scrub(key: string, v: AuditAttributeValue): AuditAttributeValue {
  if (isDenied(key)) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => scrub(key, x));
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, AuditAttributeValue> = {};
    for (const k of Object.keys(v)) out[k] = scrub(k, (v as Record<string, AuditAttributeValue>)[k]!);
    return out;
  }
  return v;
}

export function createDenyListRedactor(key: Buffer): Redactor {
  const pseudonymize = cachedPseudonymizer(key);
  return {
    redactAttribute: (k, v) => scrub(k, v),
    pseudonymize: (value) => pseudonymize(value),
  };
}
