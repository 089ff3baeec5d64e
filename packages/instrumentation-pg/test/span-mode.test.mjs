// An app that already runs OpenTelemetry's pg instrumentation, with AuditelDataSpanProcessor on its
// TracerProvider: every query is recorded exactly once, whichever wrapper is outermost, records
// derived from spans carry the span's trace id, and the query text is never stored.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

before(() => ensureService('postgres'));

const OTEL = `{
const { context, trace } = require('@opentelemetry/api');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
const { AuditelDataSpanProcessor, auditelResponseHooks } = require('@auditel/data-audit');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new AuditelDataSpanProcessor()] }));
registerInstrumentations({ instrumentations: [new PgInstrumentation({ responseHook: auditelResponseHooks.pg })] });
}
`;

const app = (T, otelInApp) => `
${otelInApp ? OTEL : ''}
const { trace } = require('@opentelemetry/api');
const { Client } = require('pg');
(async () => {
  const c = new Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
  await c.connect();
  const tracer = trace.getTracer('app');
  await tracer.startActiveSpan('job', async (span) => {
    console.log('TRACE ' + span.spanContext().traceId);
    await c.query('CREATE TABLE ${T} (id int, email text)');
    await c.query('INSERT INTO ${T} VALUES ($1, $2)', [1, 'span.mode@example.com']);
    await c.query("SELECT * FROM ${T} WHERE email = 'span.mode@example.com'");
    await c.query('DROP TABLE ${T}');
    span.end();
  });
  await c.end();
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

for (const [name, otelInApp] of [
  ['Auditel preloaded first (its wrapper inner)', true],
  ['OpenTelemetry preloaded first (Auditel wrapper outer on the first call)', false],
]) {
  test(`span-derived mode, ${name}: one record per query`, async () => {
    const T = unique('aud_span');
    const a = await runApp(app(T, otelInApp), otelInApp ? {} : { preArgs: ['--require', '$DIR/otel.cjs'], files: { 'otel.cjs': OTEL } });
    try {
      await a.stop();
      const traceId = /TRACE ([0-9a-f]{32})/.exec(a.stdout)[1];
      const recs = a.records().filter((r) => r.a['db.system.name'] === 'postgresql');
      assert.deepEqual(
        recs.map((r) => r.a['db.query.summary']),
        [`CREATE TABLE ${T}`, `INSERT ${T}`, `SELECT ${T}`, `DROP TABLE ${T}`],
        'each query exactly once',
      );
      const fromSpans = recs.filter((r) => r.a['audit.derived_from'] === 'span');
      assert.ok(fromSpans.length >= 3, `records from spans: ${fromSpans.length}`);
      for (const r of recs) assert.equal(r.traceId, traceId, 'the trace of the span around the queries');
      assert.equal(recs[2].a['db.response.returned_rows'], 1, 'row count through auditelResponseHooks.pg (or the hook)');
      assert.ok(!a.allText().includes('span.mode@example.com'));
    } finally {
      await a.stop();
      a.cleanup();
    }
  });
}
