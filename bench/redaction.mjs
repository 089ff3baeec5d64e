// Throughput of @auditel/redaction on one core over the dev corpus mix, in the same run as
// fast-redact (path-only: redacts known attribute keys, never looks at values) and a plain
// combined regex (one alternation of common value patterns, no validation, no context), and the floor
// of a tokenizing engine (one JavaScript pass into words, numbers and punctuation, no rules).
// Usage: npm run build && node bench/redaction.mjs [seconds per contender, default 3]
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const { redactText, createRedactor, Engine, DEFAULT_POLICY } = require('@auditel/redaction');
const fastRedact = require('fast-redact');

const corpus = [process.env.AUDITEL_CORPUS && join(process.env.AUDITEL_CORPUS, 'pii-dev.jsonl'), join(here, '../../shared/corpus/pii-dev.jsonl'), join(here, '../shared/corpus/pii-dev.jsonl')].find((f) => f && existsSync(f));
if (!corpus) {
  console.error('pii-dev.jsonl not found (set AUDITEL_CORPUS)');
  process.exit(2);
}
const lines = readFileSync(corpus, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const seconds = Number(process.argv[2] ?? 3);
const chars = lines.reduce((a, l) => a + l.value.length, 0);

function measure(name, fn) {
  for (let i = 0; i < 2; i++) for (const l of lines) fn(l); // warm-up
  let n = 0;
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - t0 < limit) {
    for (const l of lines) fn(l);
    n += lines.length;
  }
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { name, valuesPerSec: n / s, mbPerSec: (n / lines.length) * chars / s / 1e6 };
}

// fast-redact, path-only: the attribute keys a key-only policy would list (those our key rules flag)
const engine = new Engine(DEFAULT_POLICY);
const sensitiveFields = [...new Set(lines.map((l) => l.field))].filter((f) => engine.classify(f).rule);
const paths = sensitiveFields.map((f) => `attributes[${JSON.stringify(f)}]`);
const fr = fastRedact({ paths, serialize: false, censor: '[REDACTED]' });

const combined = new RegExp(
  [
    '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}',
    'eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*',
    '(?:AKIA|ASIA)[A-Z0-9]{16}',
    'Atz[ar]\\|[A-Za-z0-9_.-]+',
    '\\b(?:\\d[ -]?){13,19}\\b',
    '\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b',
    '\\b\\d{3}-\\d{2}-\\d{4}\\b',
    '-----BEGIN [A-Z ]*PRIVATE KEY-----[\\s\\S]*?-----END [A-Z ]*PRIVATE KEY-----',
  ].join('|'),
  'g',
);

// a floor for an engine that reads each value once into tokens: one JavaScript pass that splits a value into
// words, numbers and punctuation (offsets and classes into typed arrays) and applies no rule at all
const CLS = new Uint8Array(65536); // 1 lower, 2 upper, 3 digit, 4 space, 5 punctuation, 0 other
for (let c = 97; c <= 122; c++) CLS[c] = 1;
for (let c = 65; c <= 90; c++) CLS[c] = 2;
for (let c = 48; c <= 57; c++) CLS[c] = 3;
for (const c of [32, 9, 10, 13]) CLS[c] = 4;
for (const ch of '.,;:!?()[]{}"\'<>=&/@#%+-_*|\\') CLS[ch.charCodeAt(0)] = 5;
for (let c = 0xc0; c < 0x250; c++) CLS[c] = String.fromCharCode(c).toLowerCase() === String.fromCharCode(c) ? 1 : 2;
const tokStart = new Int32Array(4096);
const tokEnd = new Int32Array(4096);
const tokKind = new Uint8Array(4096);
function tokenize(t) {
  let n = 0;
  let i = 0;
  const len = t.length;
  while (i < len) {
    const c = CLS[t.charCodeAt(i)];
    if (c === 4) {
      i++;
      continue;
    }
    const s = i;
    if (c === 1 || c === 2) {
      i++;
      while (i < len && (CLS[t.charCodeAt(i)] === 1 || CLS[t.charCodeAt(i)] === 2)) i++;
    } else if (c === 3) {
      i++;
      while (i < len && CLS[t.charCodeAt(i)] === 3) i++;
    } else i++;
    if (n < 4096) {
      tokStart[n] = s;
      tokEnd[n] = i;
      tokKind[n] = c;
      n++;
    }
  }
  return n;
}

// cacheEntries: 0 — the engine itself, not the cache of repeated attributes (the corpus cycles, so short values
// would come from the cache from the second pass on; bench/record.mjs shows what the cache does for records)
const redactor = createRedactor({ key: Buffer.alloc(32, 7), cacheEntries: 0 });
const results = [
  measure('@auditel/redaction redactText (spans + masking)', (l) => redactText(l.value, { field: l.field })),
  measure('@auditel/redaction Redactor.redactAttribute (policy actions, HMAC)', (l) => redactor.redactAttribute(l.field, l.value)),
  measure('fast-redact 3.5.0 (path-only)', (l) => {
    const o = { attributes: { [l.field]: l.value } };
    fr(o);
    fr.restore(o);
  }),
  measure('plain combined regex (String.replace)', (l) => l.value.replace(combined, '[REDACTED]')),
  measure('floor: one JavaScript tokenizing pass, no rules', (l) => tokenize(l.value)),
];
console.log(`\ncorpus: ${lines.length} values, ${chars} chars (mean ${(chars / lines.length).toFixed(0)}), node ${process.version}, ${seconds}s per contender, one core\n`);
console.log('| contender | values/s | MB/s |');
console.log('| --- | ---: | ---: |');
for (const r of results) console.log(`| ${r.name} | ${Math.round(r.valuesPerSec).toLocaleString('en-US')} | ${r.mbPerSec.toFixed(1)} |`);

// Where the mix's time goes: redactText by kind of value (the mix above interleaves them; each kind
// alone runs a little faster, as the code and data of one kind stay in the CPU's caches)
const kinds = [...new Set(lines.map((l) => l.kind))];
console.log(`\nredactText by kind of value (${(seconds / 2).toFixed(1)}s each; the mix's share is the kind's share of its time):\n`);
console.log('| kind | values | mean chars | values/s | µs per value | share of the mix |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
const byKind = kinds.map((k) => {
  const sub = lines.filter((l) => l.kind === k);
  let n = 0;
  for (let i = 0; i < 2; i++) for (const l of sub) redactText(l.value, { field: l.field });
  const t0 = process.hrtime.bigint();
  const limit = BigInt(Math.round((seconds / 2) * 1e9));
  while (process.hrtime.bigint() - t0 < limit) {
    for (const l of sub) redactText(l.value, { field: l.field });
    n += sub.length;
  }
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  return { k, count: sub.length, chars: sub.reduce((a, l) => a + l.value.length, 0) / sub.length, us };
});
const total = byKind.reduce((a, r) => a + r.us * r.count, 0);
for (const r of byKind.sort((a, b) => b.us * b.count - a.us * a.count)) {
  console.log(`| ${r.k} | ${r.count} | ${r.chars.toFixed(0)} | ${Math.round(1e6 / r.us).toLocaleString('en-US')} | ${r.us.toFixed(2)} | ${((r.us * r.count) / total * 100).toFixed(0)} % |`);
}
