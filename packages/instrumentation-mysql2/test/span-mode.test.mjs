// An app that already runs OpenTelemetry's mysql2 instrumentation with AuditelDataSpanProcessor:
// each query recorded exactly once (from the spans), whichever is loaded first.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

before(() => ensureService('mariadb'));

const OTEL = `{
const { context, trace } = require('@opentelemetry/api');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2');
const { AuditelDataSpanProcessor } = require('@auditel/data-audit');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new AuditelDataSpanProcessor()] }));
registerInstrumentations({ instrumentations: [new MySQL2Instrumentation()] });
}`;

const app = (T, otelInApp) => `
${otelInApp ? OTEL : ''}
const mysql = require('mysql2/promise');
(async () => {
  const m = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' });
  await m.query('CREATE TABLE ${T} (id int, email varchar(64))');
  await m.execute('INSERT INTO ${T} VALUES (?, ?)', [1, 'span.my@example.com']);
  await m.query('SELECT * FROM ${T}');
  await m.query('DROP TABLE ${T}');
  await m.end();
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

for (const [name, otelInApp] of [
  ['Auditel preloaded first', true],
  ['OpenTelemetry preloaded first', false],
]) {
  test(`mysql2 span-derived mode, ${name}: one record per query`, async () => {
    const T = unique('aud_myspan');
    const a = await runApp(app(T, otelInApp), otelInApp ? {} : { preArgs: ['--require', '$DIR/otel.cjs'], files: { 'otel.cjs': OTEL } });
    try {
      await a.stop();
      const recs = a.records().filter((r) => ['mysql', 'mariadb'].includes(r.a['db.system.name']));
      assert.deepEqual(recs.map((r) => r.a['db.query.summary']), [`CREATE TABLE ${T}`, `INSERT ${T}`, `SELECT ${T}`, `DROP TABLE ${T}`]);
      assert.ok(recs.filter((r) => r.a['audit.derived_from'] === 'span').length >= 3);
      assert.ok(!a.allText().includes('span.my@example.com'));
    } finally {
      await a.stop();
      a.cleanup();
    }
  });
}
