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
