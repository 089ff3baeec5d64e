/**
 * `auditel collector-config redaction`: the collector's `redaction` and `transform` processor
 * sections derived from the same policy, so the collector is a second line with the same rules.
 * Patterns are Go RE2 (flags as `(?i)` prefixes), and every `$` is written `$$` for the
 * collector's config expansion (FACTS.md §1, §3).
 */
import YAML from 'yaml';
import type { DetectorRule, Policy } from './policy.js';
import { DEFAULT_POLICY } from './policy.js';

/** Detectors whose matches are only trustworthy after a checksum/context check that the collector cannot run. */
const NEEDS_VALIDATION = new Set(['luhn', 'iban', 'ipv4', 'ipv6', 'phone', 'latlon']);
/** Single key words strong enough to block a whole attribute by name in the collector. */
const STRONG_SINGLE = new Set([
  'password', 'passwd', 'passphrase', 'secret', 'apikey', 'authorization', 'cookie', 'email', 'phone', 'telephone', 'mobile', 'ssn',
  'iban', 'cvc', 'cvv', 'cvv2', 'dob', 'birthday', 'birthdate', 'dateofbirth', 'imei', 'idfa', 'gaid', 'firstname', 'lastname',
  'fullname', 'surname', 'giftmessage', 'giftmessagetext', 'latitude', 'longitude',
]);

export interface CollectorPattern {
  id: string;
  type: string;
  /** RE2 pattern, flags as an inline prefix. */
  pattern: string;
  /** The same pattern with the text around the sensitive group captured as ${1} and ${3}. */
  replacePattern: string;
  /** OTTL replacement (before `$$` escaping). */
  replacement: string;
}

function withFlags(d: DetectorRule, src: string): string {
  const f = (d.flags ?? '').replace(/[^is]/g, '');
  return f ? `(?${f})${src}` : src;
}

/** Split a pattern around its first capturing group: prefix, group, suffix. */
function splitGroup(src: string): [string, string, string] | undefined {
  let depth = 0;
  let open = -1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // skip a character class
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(') {
      if (open < 0 && src[i + 1] !== '?') {
        open = i;
        depth = 0;
      }
      if (open >= 0) depth++;
    } else if (c === ')' && open >= 0) {
      depth--;
      if (depth === 0) return [src.slice(0, open), src.slice(open, i + 1), src.slice(i + 1)];
    }
  }
  return undefined;
}

/** The portable value patterns of a policy. */
export function collectorPatterns(policy: Policy = DEFAULT_POLICY): CollectorPattern[] {
  const out: CollectorPattern[] = [];
  for (const d of policy.detectors) {
    if (d.enabled === false || d.collector === false) continue;
    if (d.validate && NEEDS_VALIDATION.has(d.validate)) continue;
    let src = d.pattern;
    if (d.id === 'private_key') src = `${src}(?s:.*?)-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----`;
    const tag = `[REDACTED:${d.type}]`;
    const group = d.group ?? 0;
    const parts = group === 1 ? splitGroup(src) : undefined;
    if (parts) {
      out.push({ id: d.id, type: d.type, pattern: withFlags(d, src), replacePattern: withFlags(d, `(${parts[0]})${parts[1]}(${parts[2]})`), replacement: '${1}' + tag + '${3}' });
    } else {
      out.push({ id: d.id, type: d.type, pattern: withFlags(d, src), replacePattern: withFlags(d, src), replacement: tag });
    }
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `blocked_key_patterns`: key rules that need no context, as one case-insensitive RE2 pattern per type. */
export function collectorKeyPatterns(policy: Policy = DEFAULT_POLICY): string[] {
  const byType = new Map<string, Set<string>>();
  for (const r of policy.keys) {
    if (r.context) continue;
    for (const m of r.match) {
      const t = m.split(' ');
      if (t.length === 1 && !STRONG_SINGLE.has(m)) continue;
      if (!byType.has(r.type)) byType.set(r.type, new Set());
      byType.get(r.type)!.add(t.map(escapeRe).join('[._ -]?'));
    }
  }
  return [...byType.values()].map((alts) => `(?i)(?:^|[._ -]|[a-z0-9])(?:${[...alts].sort((a, b) => b.length - a.length).join('|')})$`);
}

export interface CollectorConfigOptions {
  policy?: Policy;
  /** Processor ids (default `redaction/auditel`, `transform/auditel`). */
  redactionId?: string;
  transformId?: string;
  /** Hash blocked values with HMAC-SHA256 (key from the env var below) instead of masking them with `****`. */
  hmac?: boolean;
  hmacKeyEnv?: string;
}

const dollars = (s: string): string => s.replace(/\$/g, '$$$$');
const ottl = (s: string): string => JSON.stringify(s);

/** The `processors:` YAML with the redaction and transform sections. */
export function collectorRedactionConfig(options: CollectorConfigOptions = {}): string {
  const policy = options.policy ?? DEFAULT_POLICY;
  const pats = collectorPatterns(policy);
  const keyPats = collectorKeyPatterns(policy);
  const redaction: Record<string, unknown> = {
    allow_all_keys: true,
    blocked_key_patterns: keyPats.map(dollars),
    blocked_values: pats.map((p) => dollars(p.pattern)),
    redact_all_types: true,
    summary: 'silent',
  };
  if (options.hmac) {
    redaction['hash_function'] = 'hmac-sha256';
    redaction['hmac_key'] = `\${env:${options.hmacKeyEnv ?? 'AUDITEL_HMAC_KEY'}}`;
  }
  const body: string[] = [];
  const attrs: string[] = [];
  for (const p of pats) {
    body.push(`replace_pattern(log.body, ${ottl(dollars(p.replacePattern))}, ${ottl(dollars(p.replacement))})`);
    attrs.push(`replace_all_patterns(log.attributes, "value", ${ottl(dollars(p.replacePattern))}, ${ottl(dollars(p.replacement))})`);
  }
  const doc = {
    processors: {
      [options.transformId ?? 'transform/auditel']: {
        error_mode: 'ignore',
        log_statements: [
          { context: 'log', conditions: ['IsString(log.body)'], statements: body },
          { context: 'log', statements: attrs },
        ],
      },
      [options.redactionId ?? 'redaction/auditel']: redaction,
    },
  };
  return (
    '# Generated by @auditel/redaction from the redaction policy (auditel collector-config redaction).\n' +
    '# Put transform/auditel before redaction/auditel in the logs pipeline. RE2 patterns; dollar signs are doubled for config expansion.\n' +
    YAML.stringify(doc, { lineWidth: 0 })
  );
}
