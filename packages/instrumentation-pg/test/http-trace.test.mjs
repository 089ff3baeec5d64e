// An app that traces its HTTP server with OpenTelemetry (instrumentation-http) and uses pg through
// Auditel's hook: the SQL record made while serving a request carries that request's actor and
// the trace id of its server span, like the request's own audit record.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

before(() => ensureService('postgres'));

/** An app that traces its HTTP server with OpenTelemetry and runs `select` on a pg pool of `max` connections per request. */
function tracedPgApp(T, { max, select }) {
  return runApp(`
const { context, trace } = require('@opentelemetry/api');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider());
registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
const http = require('node:http');
const { Pool } = require('pg');
const pool = new Pool({ host: '127.0.0.1', user: 'postgres', database: 'test', max: ${max} });
(async () => {
  await pool.query('CREATE TABLE ${T} (id int)');
  const srv = http.createServer(async (req, res) => {
    if (req.url === '/drop') { await pool.query('DROP TABLE ${T}'); return res.end('x'); }
    const traceId = trace.getSpan(context.active())?.spanContext().traceId;
    await pool.query(${JSON.stringify(select)}, [1]);
    res.end(String(traceId));
  });
  srv.listen(0, '127.0.0.1', () => console.log('READY ' + srv.address().port));
})();
`);
}

test('HTTP -> SQL: the SQL record carries the request actor and trace id', async () => {
  const T = unique('aud_trace');
  const app = await tracedPgApp(T, { max: 2, select: `SELECT * FROM ${T} WHERE id = $1` });
  try {
    const auth = { authorization: 'Basic ' + Buffer.from('tracy:pw').toString('base64') };
    const t1 = await (await fetch(`http://127.0.0.1:${app.port}/a`, { headers: auth })).text();
    const t2 = await (await fetch(`http://127.0.0.1:${app.port}/b`)).text();
    await fetch(`http://127.0.0.1:${app.port}/drop`);
    await app.stop();
    assert.match(t1, /^[0-9a-f]{32}$/, 'the app traces its requests');
    const recs = app.records();
    const sel = recs.filter((r) => r.a['db.query.summary'] === `SELECT ${T}`);
    assert.equal(sel.length, 2);
    assert.equal(sel[0].traceId, t1, 'first request: the SQL record has its trace id');
    assert.equal(sel[1].traceId, t2, 'second request: its own trace id');
    const api = recs.filter((r) => r.event === 'audit.api_request' && r.a['http.request.method'] === 'GET');
    const a1 = api.find((r) => r.traceId === t1);
    assert.ok(a1, 'the request record has the same trace id');
    assert.equal(sel[0].a['audit.actor.id'], a1.a['audit.actor.id']);
    assert.match(sel[0].a['audit.actor.id'], /^hmac:/);
    assert.equal(sel[1].a['audit.actor.id'], 'anonymous', 'no credentials: anonymous, not the previous user');
  } finally {
    await app.stop();
    app.cleanup();
  }
});

test('a pool of one connection passed from request to request: every SQL record carries its own request actor and trace id', async () => {
  const T = unique('aud_handoff');
  // One connection: each waiting request gets it from the release of the one before.
  const app = await tracedPgApp(T, { max: 1, select: `SELECT pg_sleep(0.01), id FROM ${T} WHERE id = $1` });
  try {
    const users = Array.from({ length: 8 }, (_, i) => `user${i}`);
    const traces = await Promise.all(
      users.map(async (u) => {
        const r = await fetch(`http://127.0.0.1:${app.port}/q`, { headers: { authorization: 'Basic ' + Buffer.from(`${u}:pw`).toString('base64') } });
        return r.text();
      }),
    );
    await fetch(`http://127.0.0.1:${app.port}/drop`);
    await app.stop();
    const recs = app.records();
    const sel = recs.filter((r) => r.a['db.query.summary'] === `SELECT ${T}`);
    assert.equal(sel.length, users.length);
    const apiByTrace = new Map(recs.filter((r) => r.event === 'audit.api_request' && r.a['http.request.method'] === 'GET').map((r) => [r.traceId, r]));
    assert.equal(new Set(sel.map((r) => r.traceId)).size, users.length, 'every SQL record has its own trace id');
    for (const s of sel) {
      assert.ok(traces.includes(s.traceId), 'the trace id of one of the requests');
      const api = apiByTrace.get(s.traceId);
      assert.ok(api, 'the request record with that trace id');
      assert.equal(s.a['audit.actor.id'], api.a['audit.actor.id'], 'the actor of the request that made the query');
    }
    assert.equal(new Set(sel.map((r) => r.a['audit.actor.id'])).size, users.length, 'eight users, eight actors');
  } finally {
    await app.stop();
    app.cleanup();
  }
});
