// Span-derived mode with a real OpenTelemetry HTTP instrumentation: one record per request (HTTP
// is not hooked twice), identity from the request hook, trace context from the span.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startApp, req, jwt, apiRecords } from './helpers.mjs';

test('span-app.cjs: records derived from instrumentation-http spans, once per request', async () => {
  const target = http.createServer((q, s) => s.end('{}'));
  await new Promise((r) => target.listen(0, '127.0.0.1', r));
  const app = await startApp('span-app.cjs', { config: { http: { mode: 'spans' } }, env: { TARGET: `http://127.0.0.1:${target.address().port}` } });
  try {
    assert.equal(await req(`${app.url}/users/4711`, { headers: { authorization: `Bearer ${jwt({ sub: 'gina' })}` } }), 200);
    assert.equal(await req(`${app.url}/secret`), 401);
    assert.equal(await req(`${app.url}/call`), 200);
    await app.stop();
    const records = app.records();
    const inbound = apiRecords(records);
    assert.equal(inbound.length, 3, 'one record per served request');
    const get = inbound.find((r) => r.a['url.path'] === '/users/:id');
    assert.match(get.a['audit.actor.id'], /^hmac:/);
    assert.equal(get.a['audit.identity.source'], 'jwt');
    assert.match(get.a['audit.source.id'], /^hmac:/);
    assert.match(get.traceId, /^[0-9a-f]{32}$/);
    assert.equal(records.filter((r) => r.event === 'audit.authentication').length, 1);
    const out = apiRecords(records, 'outbound');
    assert.equal(out.length, 1);
    assert.equal(out[0].a['url.template'], '/ext/items/:id');
    assert.ok(!records.some((r) => r.raw.includes('4711') || r.raw.includes('gina')));
  } finally {
    await app.stop();
    app.cleanup();
    target.close();
  }
});
