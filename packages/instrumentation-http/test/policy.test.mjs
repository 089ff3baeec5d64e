// Configuration (AUDITEL_CONFIG `http` section): client-address policy, trusted proxies, user
// agent, include/exclude/sampling; bad input never raises in the app; aborted requests; self-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import http from 'node:http';
import { startApp, req, apiRecords } from './helpers.mjs';

test('truncate policy behind a trusted proxy: X-Forwarded-For and Forwarded give the client, cut to /24 and /48; user agent when allowed', async () => {
  const app = await startApp('http-app.cjs', { config: { http: { clientAddress: 'truncate', trustedProxies: ['127.0.0.1/32', '10.0.0.0/8'], userAgent: true } } });
  try {
    await req(`${app.url}/a`, { headers: { 'x-forwarded-for': '203.0.113.9, 10.1.2.3', 'user-agent': 'probe/1.0' } });
    await req(`${app.url}/b`, { headers: { forwarded: 'for="[2001:db8:cafe::17]:4711";proto=https' } });
    await app.stop();
    const api = apiRecords(app.records());
    const a = api.find((r) => r.a['url.path'] === '/a');
    assert.equal(a.a['audit.source.id'], '203.0.113.0/24');
    assert.equal(a.a['audit.source.type'], 'ipv4_prefix');
    assert.equal(a.a['user_agent.original'], 'probe/1.0');
    const b = api.find((r) => r.a['url.path'] === '/b');
    assert.equal(b.a['audit.source.id'], '2001:db8:cafe::/48');
    assert.equal(b.a['audit.source.type'], 'ipv6_prefix');
    assert.ok(!app.records().some((r) => r.raw.includes('203.0.113.9') || r.raw.includes('cafe::17')));
  } finally {
    await app.stop();
    app.cleanup();
  }
});

test('keep and drop policies; forwarding headers from an untrusted peer are ignored', async () => {
  for (const policy of ['keep', 'drop', 'hmac']) {
    const app = await startApp('http-app.cjs', { config: { http: { clientAddress: policy } } });
    try {
      await req(`${app.url}/spoof`, { headers: { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6' } });
      await app.stop();
      const [r] = apiRecords(app.records());
      assert.ok(!r.raw.includes('6.6.6.6'));
      if (policy === 'keep') assert.equal(r.a['audit.source.id'], '127.0.0.1');
      if (policy === 'drop') assert.equal(r.a['audit.source.id'], undefined);
      if (policy === 'hmac') assert.match(r.a['audit.source.id'], /^hmac:/);
    } finally {
      await app.stop();
      app.cleanup();
    }
  }
});

test('include/exclude rules and sampling; failures and security events are never sampled away', async () => {
  const app = await startApp('express-app.cjs', {
    config: { http: { sampleRate: 0, exclude: [{ routes: ['/api/admin/*'], methods: ['DELETE'] }] } },
  });
  try {
    await req(`${app.url}/api/users/1`); // success: sampled away
    await req(`${app.url}/nope/2`); // 404: kept
    await req(`${app.url}/api/secret`); // 401: kept
    await req(`${app.url}/api/admin/3`, { method: 'DELETE' }); // 403 matches exclude: a security event, kept
    await req(`${app.url}/api/crash/4`); // 500: kept
    await app.stop();
    const api = apiRecords(app.records());
    const statuses = api.map((r) => r.a['http.response.status_code']).sort();
    assert.deepEqual(statuses, [401, 403, 404, 500]);
  } finally {
    await app.stop();
    app.cleanup();
  }
  const app2 = await startApp('express-app.cjs', { config: { http: { include: [{ methods: ['POST'] }], excludeHealthChecks: false } } });
  try {
    await req(`${app2.url}/api/users/1`);
    await req(`${app2.url}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await app2.stop();
    assert.deepEqual(apiRecords(app2.records()).map((r) => r.a['http.request.method']), ['POST']);
  } finally {
    await app2.stop();
    app2.cleanup();
  }
});

function rawRequest(port, text) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => s.end(text));
    let out = '';
    s.on('data', (d) => (out += d));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    s.setTimeout(3000, () => s.destroy());
  });
}

test('bad input never raises in the app: malformed headers, a 1 MB URL, invalid JWTs, broken Forwarded headers', async () => {
  const app = await startApp('express-app.cjs', { config: { http: { trustedProxies: ['127.0.0.1'] } } });
  try {
    const bad = [
      { authorization: 'Bearer not-a-jwt' },
      { authorization: 'Bearer a.%%%.c' },
      { authorization: `Bearer x.${Buffer.from('{"sub":').toString('base64url')}.y` },
      { authorization: `Bearer x.${Buffer.from('{"sub":{"nested":1}}').toString('base64url')}.y` },
      { authorization: `Bearer x.${Buffer.from(JSON.stringify({ sub: 'x'.repeat(5000) })).toString('base64url')}.y` },
      { authorization: 'Basic !!!!' },
      { authorization: 'Basic ' + Buffer.from('no-colon').toString('base64') },
      { forwarded: 'for=;;;"' },
      { forwarded: 'for="[::1' },
      { forwarded: 'by=1.2.3.4' },
      { 'x-forwarded-for': 'not-an-ip, , 999.1.1.1' },
      { 'x-forwarded-for': 'x'.repeat(6000) },
      { 'x-api-key': '' },
    ];
    for (const h of bad) assert.equal(await req(`${app.url}/api/users/7`, { headers: h }), 200, JSON.stringify(h).slice(0, 60));
    // Not parseable as HTTP at all (the server answers 400 itself), then a 1 MB URL (431).
    assert.match(await rawRequest(app.port, 'GET /api/users/1 HTTP/1.1\r\nHost: x\r\nBroken Header Line\r\n\r\n'), /^HTTP\/1.1 400/);
    assert.match(await rawRequest(app.port, 'GET /\u0000\u0001 HTTP/1.1\r\nHost: [::1\r\n\r\n'), /^HTTP\/1.1 400/);
    const big = await new Promise((resolve) => {
      const r = http.get(`${app.url}/api/users/${'9'.repeat(1024 * 1024)}`, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      r.on('error', () => resolve(0));
    });
    assert.ok(big === 431 || big === 0, `1 MB URL refused by node:http (${big})`);
    assert.equal(await req(`${app.url}/api/users/8`), 200, 'still serving');
    await app.stop();
    const api = apiRecords(app.records());
    assert.equal(api.length, bad.length + 1);
    assert.ok(api.every((r) => r.a['http.route'] === '/api/users/:id' && r.a['audit.actor.id'] === 'anonymous'));
    assert.equal(api.filter((r) => r.a['audit.source.forwarded_invalid'] === true).length, 5);
    assert.ok(!/TypeError|RangeError|SyntaxError|at .*instrumentation-http/.test(app.stderr), app.stderr);
  } finally {
    await app.stop();
    app.cleanup();
  }
});

test('a request the client abandons is audited as aborted (outcome unknown)', async () => {
  const app = await startApp('http-app.cjs');
  try {
    await new Promise((resolve) => {
      const r = http.get(`${app.url}/slow`, () => {});
      r.on('error', () => {});
      setTimeout(() => {
        r.destroy();
        resolve();
      }, 300);
    });
    await new Promise((r) => setTimeout(r, 200));
    await app.stop();
    const [r] = apiRecords(app.records());
    assert.equal(r.a['audit.outcome'], 'unknown');
    assert.equal(r.a['error.type'], 'aborted');
    assert.equal(r.a['http.response.status_code'], undefined);
  } finally {
    await app.stop();
    app.cleanup();
  }
});

test('start-up self-check: a library loaded before the preload is reported once; requests are still audited', async () => {
  const app = await startApp('late-preload.cjs', { preload: null });
  try {
    await req(`${app.url}/items/1`);
    await req(`${app.url}/items/2`);
    await app.stop();
    assert.equal(app.stderr.match(/self-check: express loaded before @auditel\/node\/register/g)?.length, 1, app.stderr);
    assert.equal(apiRecords(app.records()).filter((r) => r.a['http.route'] === '/items/:id').length, 2);
  } finally {
    await app.stop();
    app.cleanup();
  }
});
