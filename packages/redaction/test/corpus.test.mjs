// Quality on the labelled dev corpus (../shared/corpus), against the targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { score } from '../eval/score.mjs';

const require = createRequire(import.meta.url);
const { redactText } = require('@auditel/redaction');
const here = dirname(fileURLToPath(import.meta.url));
const file = [process.env.AUDITEL_CORPUS && join(process.env.AUDITEL_CORPUS, 'pii-dev.jsonl'), join(here, '../../../../shared/corpus/pii-dev.jsonl'), join(here, '../../../shared/corpus/pii-dev.jsonl')].find((f) => f && existsSync(f));

test('dev corpus meets the targets of issue 5', { skip: file ? false : 'pii-dev.jsonl not found' }, () => {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  const r = score(lines, lines.map((l) => redactText(l.value, { field: l.field }).spans));
  assert.ok(r.charRecall >= 0.995, `character recall ${r.charRecall}`);
  assert.ok(r.charPrecision >= 0.95, `character precision ${r.charPrecision}`);
  assert.ok(r.falsePositiveLineRate <= 0.03, `false-positive line rate ${r.falsePositiveLineRate}`);
  for (const [type, t] of Object.entries(r.perType)) assert.ok(t.caught / t.n >= 0.98, `span recall ${type} ${t.caught}/${t.n}`);
});

test('spans are sorted, disjoint and inside the input; truncated and mutated values never throw', { skip: file ? false : 'pii-dev.jsonl not found' }, () => {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  let seed = 42;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const junk = ['"', "'", '\\', '{', '}', '[', ']', ':', '=', '&', ';', '@', '\n', '🎄', '\u0000', ' ', '-----END PRIVATE KEY-----'];
  for (const l of lines) {
    const variants = [l.value, l.value.slice(0, rnd(l.value.length + 1)), l.value.slice(rnd(l.value.length + 1))];
    const i = rnd(l.value.length + 1);
    variants.push(l.value.slice(0, i) + junk[rnd(junk.length)] + l.value.slice(i));
    for (const v of variants) {
      const { value, spans } = redactText(v, { field: l.field });
      let last = 0;
      for (const s of spans) {
        assert.ok(s.start >= last && s.end > s.start && s.end <= v.length, `bad span ${JSON.stringify(s)} in ${JSON.stringify(v).slice(0, 80)}`);
        last = s.end;
      }
      assert.equal(typeof value, 'string');
    }
  }
});

test('redaction is idempotent: a redacted value passes the redactor unchanged', { skip: file ? false : 'pii-dev.jsonl not found' }, () => {
  const { createRedactor } = require('@auditel/redaction');
  const r = createRedactor({ key: Buffer.alloc(32, 1) });
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  for (const l of lines) {
    const once = r.redactAttribute(l.field, l.value);
    if (once === undefined) continue;
    assert.equal(r.redactAttribute(l.field, once), once, `${l.id}: ${JSON.stringify(once).slice(0, 120)}`);
  }
});

test('every JSON document of the dev corpus is still valid JSON after redaction', { skip: file ? false : 'pii-dev.jsonl not found' }, () => {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
  let docs = 0;
  for (const l of lines) {
    if (!/^\s*[[{]/.test(l.value)) continue;
    try {
      JSON.parse(l.value);
    } catch {
      continue; // a util.inspect dump or a truncated body: not JSON to begin with
    }
    docs++;
    const { value } = redactText(l.value, { field: l.field });
    assert.doesNotThrow(() => JSON.parse(value), `${l.id}: ${value.slice(0, 200)}`);
  }
  assert.ok(docs > 100, `only ${docs} JSON documents`);
});
