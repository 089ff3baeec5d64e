// Server-side records from real apps (node:http, express 5, fastify 5; CommonJS and ESM) started
// under the preload as child processes, checked through the records in the store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startApp, req, jwt, apiRecords } from './helpers.mjs';

const SECRET_BODY = 'SECRET-BODY-VALUE-7781';
const USER = 'alice.example.user';

async function exercise(u, framework) {
  const base = framework === 'http' ? '' : '/api';
  const auth = { authorization: `Bearer ${jwt({ sub: USER, name: 'Alice' })}` };
  assert.equal(await req(`${u}${base}/users/424242?q=hidden-query`, { headers: auth }), 200);
  assert.equal(await req(`${u}${base}/users`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-session-user': 'bob.session' }, body: JSON.stringify({ note: SECRET_BODY }) }), 201);
  await req(`${u}${base}/secret`);
  if (framework !== 'http') {
    assert.equal(await req(`${u}/api/admin/99887766`, { method: 'DELETE', headers: { authorization: 'Basic ' + Buffer.from('carol:pw-never-logged').toString('base64') } }), 403);
    assert.equal(await req(`${u}/api/crash/555`), 500);
  }
  assert.equal(await req(`${u}/health`), 200);
}

for (const [framework, file] of [
  ['http', 'http-app.cjs'],
  ['http', 'http-app.mjs'],
  ['express', 'express-app.cjs'],
  ['express', 'express-app.mjs'],
  ['express', 'express4-app.cjs'],
  ['fastify', 'fastify-app.cjs'],
  ['fastify', 'fastify-app.mjs'],
]) {
  test(`${file}: one record per request, routes templated, identity pseudonymised, 401/403 mapped`, async () => {
    const app = await startApp(file);
    try {
      await exercise(app.url, framework);
      await app.stop();
      const records = app.records();
      const api = apiRecords(records);
      const raw = records.map((r) => r.raw).join('\n');
      // ids, query strings, bodies, user names, credentials never reach the store
      for (const s of ['424242', '99887766', 'hidden-query', SECRET_BODY, USER, 'bob.session', 'carol', 'pw-never-logged', 'Alice']) {
        assert.ok(!raw.includes(s), `${s} must not be in the store`);
      }
      const base = framework === 'http' ? '' : '/api';
      const get = api.find((r) => r.a['http.request.method'] === 'GET' && String(r.a['http.route']).startsWith(`${base}/users`));
      assert.ok(get, 'GET record');
      assert.equal(get.a['http.route'], `${base}/users/:id`);
      assert.equal(get.a['url.path'], `${base}/users/:id`);
      assert.equal(get.a['audit.action'], 'READ');
      assert.equal(get.a['audit.outcome'], 'success');
      assert.equal(get.a['http.response.status_code'], 200);
      assert.equal(get.a['audit.actor.type'], 'user');
      assert.match(get.a['audit.actor.id'], /^hmac:[0-9a-f]{32}$/);
      assert.equal(get.a['audit.identity.source'], 'jwt');
      assert.match(get.a['audit.source.id'], /^hmac:/);
      assert.equal(get.a['audit.source.type'], 'ipv4');
      assert.equal(get.a['server.address'], '127.0.0.1');
      assert.equal(get.a['server.port'], app.port);
      assert.equal(typeof get.a['audit.duration_ms'], 'number');
      assert.equal(get.a['user_agent.original'], undefined, 'user agent off by default');
      const post = api.find((r) => r.a['http.request.method'] === 'POST');
      assert.equal(post.a['audit.action'], 'CREATE');
      assert.equal(post.a['http.response.status_code'], 201);
      assert.ok(post.a['http.request.body.size'] > 0);
      if (framework !== 'http') {
        assert.equal(post.a['audit.identity.source'], 'user', 'req.user wins over the headers');
        assert.match(post.a['audit.actor.id'], /^hmac:/);
      }
      const unauth = records.filter((r) => r.event === 'audit.authentication');
      assert.equal(unauth.length, 1);
      assert.equal(unauth[0].a['audit.outcome'], 'failure');
      assert.equal(unauth[0].a['audit.actor.id'], 'anonymous');
      assert.equal(unauth[0].a['http.response.status_code'], 401);
      if (framework !== 'http') {
        const denied = records.filter((r) => r.event === 'audit.authorization');
        assert.equal(denied.length, 1);
        assert.equal(denied[0].a['audit.action'], 'DELETE');
        assert.equal(denied[0].a['audit.outcome'], 'failure');
        assert.equal(denied[0].a['http.route'], '/api/admin/:id');
        assert.equal(denied[0].a['audit.identity.source'], 'basic');
        assert.match(denied[0].a['audit.actor.id'], /^hmac:/);
        const crash = api.find((r) => r.a['http.response.status_code'] === 500);
        assert.equal(crash.a['audit.outcome'], 'failure');
        assert.equal(crash.a['http.route'], '/api/crash/:id');
        assert.equal(crash.a['error.type'], framework === 'fastify' ? 'TypeError' : '500');
      }
      assert.ok(!api.some((r) => r.a['http.route'] === '/health'), 'health checks excluded by default');
      assert.equal(api.length, framework === 'http' ? 3 : 5);
      assert.ok(api.every((r) => r.a['audit.schema.version'] && r.a['audit.record.id']));
    } finally {
      await app.stop();
      app.cleanup();
    }
  });
}

test('a request that crashes a plain node:http handler is still audited (failure, error.type)', async () => {
  for (const file of ['http-app.cjs', 'http-app.mjs']) {
    const app = await startApp(file);
    try {
      assert.equal(await req(`${app.url}/crash`), 0);
      const exit = await app.exited;
      assert.notEqual(exit.code, 0, 'the app dies as it would without Auditel');
      const crash = apiRecords(app.records()).find((r) => r.a['url.path'] === '/crash');
      assert.ok(crash, `crash record (${file})`);
      assert.equal(crash.a['audit.outcome'], 'failure');
      assert.equal(crash.a['error.type'], 'RangeError');
      assert.equal(crash.a['http.response.status_code'], 500);
    } finally {
      app.cleanup();
    }
  }
});

test('records carry the trace context when the app also traces (OpenTelemetry auto-instrumentation preloaded first)', async () => {
  const { createServer } = await import('node:http');
  const sink = createServer((q, s) => {
    q.resume();
    q.on('end', () => s.end('{}'));
  });
  await new Promise((r) => sink.listen(0, '127.0.0.1', r));
  const app = await startApp('express-app.cjs', {
    env: {
      EXTRA_PRELOAD: '@opentelemetry/auto-instrumentations-node/register',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.address().port}`,
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_NODE_RESOURCE_DETECTORS: 'env',
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,express',
    },
  });
  try {
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    assert.equal(await req(`${app.url}/api/users/5`, { headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` } }), 200);
    await app.stop();
    const [r] = apiRecords(app.records()).filter((x) => x.a['http.route'] === '/api/users/:id');
    assert.equal(r.traceId, traceId);
    assert.match(r.spanId, /^[0-9a-f]{16}$/);
    assert.notEqual(r.spanId, 'b7ad6b7169203331', 'the server span, not the caller');
    assert.match(app.stderr, /instrumentation-http is loaded too/);
  } finally {
    await app.stop();
    app.cleanup();
    sink.close();
  }
});

test('the request scope: data-layer hooks read the actor (req.user) and their rows, bytes and canary flag land on the record', async () => {
  for (const file of ['express-app.cjs', 'express-app.mjs']) {
    const app = await startApp(file);
    try {
      const r = await fetch(`${app.url}/api/report`, { headers: { 'x-session-user': 'frank.session' } });
      assert.deepEqual(await r.json(), { actor: 'user' });
      await app.stop();
      const [rec] = apiRecords(app.records()).filter((x) => x.a['http.route'] === '/api/report');
      assert.equal(rec.a['audit.data.returned_rows'], 7);
      assert.equal(rec.a['audit.data.returned_bytes'], 1234);
      assert.equal(rec.a['audit.canary'], true);
      assert.match(rec.a['audit.actor.id'], /^hmac:/);
    } finally {
      await app.stop();
      app.cleanup();
    }
  }
});
