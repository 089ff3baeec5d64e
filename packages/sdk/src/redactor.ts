/**
 * The redactor used while records are built, until @auditel/redaction fills the slot: a key-name
 * deny-list that masks the values of secrets (password, secret, token, authorization, cookie, api
 * key, credential, private key) at any depth, and keyed HMAC-SHA256 pseudonyms for identifiers.
 */
import { createHmac } from 'node:crypto';
import type { AuditAttributeValue, Redactor } from '@auditel/api';

export const REDACTED = '[REDACTED]';
const DENY = /pass(word|wd|phrase)?|secret|token|authori[sz]ation|cookie|api[-_.]?key|credential|private[-_.]?key|session[-_.]?id|\bpwd\b/i;

/** `hmac:` + the first 32 hex chars of HMAC-SHA256(key, value): stable per key, not reversible. */
export function pseudonym(value: string, key: Buffer): string {
  if (value.startsWith('hmac:')) return value;
  return 'hmac:' + createHmac('sha256', key).update(value, 'utf8').digest('hex').slice(0, 32);
}

function scrub(key: string, v: AuditAttributeValue): AuditAttributeValue {
  if (DENY.test(key)) return REDACTED;
  if (Array.isArray(v)) return v.map((x) => scrub(key, x));
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, AuditAttributeValue> = {};
    for (const k of Object.keys(v)) out[k] = scrub(k, (v as Record<string, AuditAttributeValue>)[k]!);
    return out;
  }
  return v;
}

export function createDenyListRedactor(key: Buffer): Redactor {
  return {
    redactAttribute: (k, v) => scrub(k, v),
    pseudonymize: (value) => pseudonym(value, key),
  };
}
