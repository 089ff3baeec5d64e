// Queries/s of pg and mysql2 workloads (SELECT by key, INSERT) with no instrumentation, with
// Auditel's preload, and with OpenTelemetry's pg/mysql2 instrumentations (TracerProvider +
// BatchSpanProcessor to a no-op exporter), in the same run. Each mode runs in its own child process;
// 4 queries in flight over a pool of 4 connections; loopback services of this machine. The modes
// run in turn, ROUNDS times (order rotated each round), and the median of the rounds is reported,
// so that a burst of load from elsewhere on the machine hits every mode alike.
//   node bench/db.mjs [seconds-per-case, default 1] [rounds, default 3]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';

const ROOT = new URL('..', import.meta.url).pathname;
const SECONDS = Number(process.argv[2] ?? 1);
const ROUNDS = Number(process.argv[3] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'auditel-bench-db-'));
const table = `bench_db_${process.pid}`;

writeFileSync(join(dir, 'otel.cjs'), `
const { TracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
const { trace } = require('@opentelemetry/api');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2');
const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ export: (s, cb) => cb({ code: 0 }), shutdown: async () => {} })] });
trace.setGlobalTracerProvider(provider);
registerInstrumentations({ instrumentations: [new PgInstrumentation(), new MySQL2Instrumentation()] });
`);

writeFileSync(join(dir, 'worker.cjs'), `
const pg = require('pg');
const mysql = require('mysql2/promise');
const T = ${JSON.stringify(table)} + '_' + process.argv[2];
const SECONDS = ${SECONDS};
async function run(name, q) {
  let n = 0;
  const end = Date.now() + SECONDS * 1000;
  const lane = async () => { while (Date.now() < end) { await q(n++); } };
  const t0 = process.hrtime.bigint();
  await Promise.all([lane(), lane(), lane(), lane()]);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return [name, Math.round(n / s), n];
}
(async () => {
  const out = [];
  const p = new pg.Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: 4 });
  await p.query('CREATE TABLE ' + T + ' (id serial primary key, k int, v text)');
  await p.query('INSERT INTO ' + T + ' (k, v) SELECT g, md5(g::text) FROM generate_series(1, 1000) g');
  out.push(await run('pg SELECT by key', (i) => p.query('SELECT id, v FROM ' + T + ' WHERE id = $1', [1 + (i % 1000)])));
  out.push(await run('pg INSERT', (i) => p.query('INSERT INTO ' + T + ' (k, v) VALUES ($1, $2)', [i, 'value'])));
  await p.query('DROP TABLE ' + T);
  await p.end();
  const m = mysql.createPool({ host: '127.0.0.1', user: 'root', database: 'test', connectionLimit: 4 });
  await m.query('CREATE TABLE ' + T + ' (id int auto_increment primary key, k int, v varchar(64))');
  for (let i = 0; i < 10; i++) await m.query('INSERT INTO ' + T + ' (k, v) VALUES ' + Array.from({ length: 100 }, (_, j) => '(' + (i * 100 + j) + ", 'v')").join(','));
  out.push(await run('mysql2 SELECT by key', (i) => m.execute('SELECT id, v FROM ' + T + ' WHERE id = ?', [1 + (i % 1000)])));
  out.push(await run('mysql2 INSERT', (i) => m.execute('INSERT INTO ' + T + ' (k, v) VALUES (?, ?)', [i, 'value'])));
  await m.query('DROP TABLE ' + T);
  await m.end();
  console.log(JSON.stringify(out));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`);

// The hooks' own cost: a no-op audit() sink registered before Auditel's (the first one wins).
writeFileSync(join(dir, 'noop-sink.cjs'), `require(${JSON.stringify(createRequire(join(ROOT, 'package.json')).resolve('@auditel/api'))}).setAuditSink({ record() {}, commit: async () => ({}), flush: async () => {} });\n`);

const modes = [
  ['uninstrumented', []],
  ['Auditel', ['--require', '@auditel/node/register']],
  ['Auditel hooks alone (no-op sink)', ['--require', join(dir, 'noop-sink.cjs'), '--require', '@auditel/node/register']],
  ['OpenTelemetry pg/mysql2', ['--require', join(dir, 'otel.cjs')]],
];
const { listStreams, readSegmentText, splitSegment } = createRequire(join(ROOT, 'package.json'))('@auditel/sdk');
function countDataRecords(store) {
  let n = 0;
  for (const st of listStreams(store)) for (const seg of st.segments) for (const { text } of splitSegment(readSegmentText(store, seg)).lines) if (text.includes('"db.system.name"')) n++;
  return n;
}
let checked = 0;
const samples = {};
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < modes.length; k++) {
    const [mode, pre] = modes[(k + round) % modes.length];
    const env = { ...process.env, NODE_PATH: join(ROOT, 'node_modules'), AUDITEL_DIR: join(dir, `store-${round}-${k}`), OTEL_SERVICE_NAME: 'bench-db' };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [...pre, join(dir, 'worker.cjs'), `${round}${k}`], { cwd: ROOT, env, encoding: 'utf8', timeout: 120000 });
    if (r.status !== 0) {
      console.error(`${mode} failed:\n${r.stderr}`);
      process.exit(1);
    }
    const out = JSON.parse(r.stdout.trim().split('\n').pop());
    for (const [c, qps] of out) ((samples[mode] ??= {})[c] ??= []).push(qps);
    if (mode === 'Auditel') {
      // every query must have become a record, or the figure means nothing
      const queries = out.reduce((a, x) => a + x[2], 0);
      const records = countDataRecords(env.AUDITEL_DIR);
      if (records < queries) {
        console.error(`Auditel wrote ${records} data records for ${queries} queries: the hooks are not working`);
        process.exit(1);
      }
      checked += records;
    }
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = Object.fromEntries(Object.entries(samples).map(([m, cs]) => [m, Object.fromEntries(Object.entries(cs).map(([c, xs]) => [c, median(xs)]))]));
rmSync(dir, { recursive: true, force: true });
const cases = Object.keys(results.uninstrumented);
console.log(`node ${process.version}, ${SECONDS} s per case, median of ${ROUNDS} rounds, 4 in flight, pool of 4, loopback; ${checked} Auditel data records checked in the stores (one per query)`);
console.log('| workload | uninstrumented q/s | Auditel q/s (ratio) | Auditel hooks alone, no-op sink (ratio) | OpenTelemetry q/s (ratio) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const c of cases) {
  const base = results.uninstrumented[c];
  const cell = (m) => `${results[m][c]} (${(results[m][c] / base).toFixed(2)})`;
  console.log(`| ${c} | ${base} | ${cell('Auditel')} | ${cell('Auditel hooks alone (no-op sink)')} | ${cell('OpenTelemetry pg/mysql2')} |`);
}
