// Outgoing calls (fetch and http.request) from an app under the preload: captured with the actor
// of the request that made them; calls to the OTLP endpoint never.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startApp, req, apiRecords } from './helpers.mjs';

let target;
let collector;
let collected = 0;
const listen = (s) => new Promise((r) => s.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${s.address().port}`)));

before(async () => {
  target = http.createServer((q, s) => {
    q.resume();
    s.statusCode = q.url.startsWith('/ext/items') ? 404 : 200;
    s.end('{}');
  });
  collector = http.createServer((q, s) => {
    collected++;
    q.resume();
    q.on('end', () => s.end());
  });
  target.url = await listen(target);
  collector.url = await listen(collector);
});
after(() => {
  target.close();
  collector.close();
  target.closeAllConnections();
  collector.closeAllConnections();
});

for (const file of ['express-app.cjs', 'express-app.mjs']) {
  test(`${file}: outgoing fetch and http.request are audited, the OTLP endpoint is not`, async () => {
    const otlp = `${collector.url}/v1/logs`;
    const closed = http.createServer();
    const refused = await listen(closed);
    await new Promise((r) => closed.close(r));
    const app = await startApp(file, { env: { TARGET: target.url, OTLP: otlp, REFUSED: refused, OTEL_EXPORTER_OTLP_LOGS_ENDPOINT: otlp } });
    try {
      assert.equal(await req(`${app.url}/call`, { headers: { 'x-session-user': 'dave.session' } }), 200);
      await app.stop();
      assert.ok(collected > 0, 'the app really called the OTLP endpoint');
      const records = app.records();
      const out = apiRecords(records, 'outbound');
      const raw = records.map((r) => r.raw).join('\n');
      assert.ok(!raw.includes('12345') && !raw.includes('token=abc') && !raw.includes('dave.session'));
      const port = Number(new URL(target.url).port);
      const fetchRec = out.find((r) => r.a['url.template'] === '/ext/orders/:id');
      assert.ok(fetchRec, 'fetch record');
      assert.equal(fetchRec.a['http.request.method'], 'GET');
      assert.equal(fetchRec.a['audit.action'], 'READ');
      assert.equal(fetchRec.a['server.address'], '127.0.0.1');
      assert.equal(fetchRec.a['server.port'], port);
      assert.equal(fetchRec.a['http.response.status_code'], 200);
      assert.equal(fetchRec.a['audit.outcome'], 'success');
      assert.equal(fetchRec.a['audit.api.scope'], 'internal');
      assert.match(fetchRec.a['audit.actor.id'], /^hmac:/, 'the actor of the request that made the call');
      const httpRec = out.find((r) => r.a['url.template'] === '/ext/items/:id');
      assert.ok(httpRec, 'http.request record');
      assert.equal(httpRec.a['http.response.status_code'], 404);
      assert.equal(httpRec.a['audit.outcome'], 'failure');
      assert.equal(httpRec.a['error.type'], '404');
      const collectorPort = Number(new URL(collector.url).port);
      assert.ok(!out.some((r) => r.a['server.port'] === collectorPort), 'OTLP endpoint not audited');
      const down = out.filter((r) => r.a['url.template'] === '/down/:id');
      assert.equal(down.length, 2, 'connection failures of fetch and http.request');
      assert.ok(down.every((r) => r.a['error.type'] === 'ECONNREFUSED' && r.a['audit.outcome'] === 'failure' && r.a['http.response.status_code'] === undefined));
      assert.equal(out.length, 4);
    } finally {
      await app.stop();
      app.cleanup();
    }
  });
}
