// Scores @auditel/redaction and @openredaction/openredaction on the labelled corpora
// (../shared/corpus: dev set and the external presidio-research set) with the scoring rules of
// the corpus README. Usage: npm run eval:redaction [-- --misses TYPE] [-- --fp] [-- --only auditel]
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { redactText, Engine, resolvePolicy } = require('@auditel/redaction');
const nlpEngine = new Engine(resolvePolicy({ freeText: { nlp: true } }));
const { score } = await import('./score.mjs');
const here = dirname(fileURLToPath(import.meta.url));
const corpusDir = process.env.AUDITEL_CORPUS ?? join(here, '../../../../shared/corpus');
const args = process.argv.slice(2);
const flag = (n) => args.indexOf(n);

function load(file) {
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function runAuditel(lines) {
  // first pass: detection (and one-time costs: lexicon load, regex compilation); second pass: steady-state time
  const t0 = performance.now();
  const out = lines.map((l) => redactText(l.value, { field: l.field }).spans);
  const first = ((performance.now() - t0) * 1000) / lines.length;
  const t1 = performance.now();
  for (const l of lines) redactText(l.value, { field: l.field });
  return { spans: out, us: ((performance.now() - t1) * 1000) / lines.length, usFirst: first };
}

async function runOpenRedaction(lines) {
  let mod;
  try { mod = require('@openredaction/openredaction'); } catch { return undefined; }
  const shield = new mod.OpenRedaction();
  const pass = async () => {
    const out = [];
    for (const l of lines) {
      let r;
      try { r = await shield.detect(l.value); } catch { r = { detections: [] }; }
      out.push((r.detections ?? []).map((d) => ({ start: d.position[0], end: d.position[1] })));
    }
    return out;
  };
  const t0 = performance.now();
  const out = await pass();
  const first = ((performance.now() - t0) * 1000) / lines.length;
  const t1 = performance.now();
  await pass();
  return { spans: out, us: ((performance.now() - t1) * 1000) / lines.length, usFirst: first };
}

const f3 = (x) => x.toFixed(3);
function table(name, results) {
  console.log(`\n## ${name}\n`);
  const sys = Object.keys(results);
  console.log(`| metric | ${sys.join(' | ')} |`);
  console.log(`| --- | ${sys.map(() => '---:').join(' | ')} |`);
  const row = (label, fn) => console.log(`| ${label} | ${sys.map((s) => fn(results[s])).join(' | ')} |`);
  row('character recall', (r) => f3(r.charRecall));
  row('character precision', (r) => f3(r.charPrecision));
  row('span recall (macro mean)', (r) => f3(r.spanRecallMacro));
  row('span precision', (r) => f3(r.spanPrecision));
  row('false-positive line rate', (r) => f3(r.falsePositiveLineRate));
  row('µs per value (steady state, 2nd pass)', (r) => r.us.toFixed(1));
  row('µs per value (1st pass, incl. one-time setup)', (r) => r.usFirst.toFixed(1));
  const types = Object.keys(results[sys[0]].perType).sort();
  for (const t of types) row(`span recall: ${t} (n=${results[sys[0]].perType[t].n})`, (r) => f3(r.perType[t] ? r.perType[t].caught / r.perType[t].n : 0));
}

const sets = [
  ['dev set (pii-dev.jsonl)', join(corpusDir, 'pii-dev.jsonl')],
  ['external set (presidio-research.jsonl)', join(corpusDir, 'external/presidio-research.jsonl')],
];
const only = flag('--only') >= 0 ? args[flag('--only') + 1] : undefined;
const setSel = flag('--set') >= 0 ? args[flag('--set') + 1] : undefined;
for (const [name, file] of sets) {
  if (!existsSync(file)) { console.log(`\n(${file} not found; skipped)`); continue; }
  if (setSel && !name.startsWith(setSel)) continue;
  const lines = load(file);
  const results = {};
  const a = await runAuditel(lines);
  if (flag('--nlp') >= 0) {
    const t0 = performance.now();
    const spans = lines.map((l) => nlpEngine.detect(l.value, l.field));
    const us = ((performance.now() - t0) * 1000) / lines.length;
    results['@auditel/redaction + freeText.nlp'] = { ...score(lines, spans), us, usFirst: us };
  }
  results['@auditel/redaction'] = { ...score(lines, a.spans), us: a.us, usFirst: a.usFirst };
  if (results['@auditel/redaction + freeText.nlp']) { const x = results['@auditel/redaction + freeText.nlp']; delete results['@auditel/redaction + freeText.nlp']; results['@auditel/redaction + freeText.nlp'] = x; }
  if (only !== 'auditel') {
    const o = await runOpenRedaction(lines);
    if (o) results['@openredaction/openredaction 1.0.4'] = { ...score(lines, o.spans), us: o.us, usFirst: o.usFirst };
  }
  table(name, results);
  const r = results['@auditel/redaction'];
  if (flag('--misses') >= 0) {
    const t = args[flag('--misses') + 1];
    for (const { l, s } of r.misses.filter((m) => !t || t === 'all' || m.s.type === t).slice(0, 40)) {
      const got = redactText(l.value, { field: l.field }).spans.map((x) => `${x.start}-${x.end}:${x.type}`).join(',');
      console.log(`MISS ${s.type} [${l.field}] ${JSON.stringify(l.value.slice(Math.max(0, s.start - 50), s.end + 30))} want=${JSON.stringify(l.value.slice(s.start, s.end))} got=${got}`);
    }
  }
  if (flag('--fp') >= 0) {
    for (const l of r.fps.slice(0, 60)) {
      const sp = redactText(l.value, { field: l.field }).spans;
      console.log(`FP [${l.field}] ${l.run ? 'run=' + JSON.stringify(l.run) : ''} ${sp.map((x) => x.type + '=' + JSON.stringify(l.value.slice(x.start, x.end))).join(' ').slice(0, 300)} :: ${JSON.stringify(l.value).slice(0, 200)}`);
    }
  }
}
