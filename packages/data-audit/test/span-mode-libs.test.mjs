// OpenTelemetry's ioredis, redis and aws-sdk instrumentations with AuditelDataSpanProcessor, loaded
// before and after the preload: one record per call, derived from their spans, keys never stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { ensureService, runApp, unique } from './harness.mjs';

let s3;
before(async () => {
  await ensureService('redis');
  s3 = http.createServer((q, s) => {
    q.resume();
    s.writeHead(404, { 'content-type': 'application/xml' });
    s.end('<Error><Code>NoSuchKey</Code></Error>');
  });
  await new Promise((r) => s3.listen(0, '127.0.0.1', r));
});
after(() => s3.close());

const OTEL = `{
const { context, trace } = require('@opentelemetry/api');
const { TracerProvider } = require('@opentelemetry/sdk-trace');
const { AsyncLocalStorageContextManager } = require('@opentelemetry/context-async-hooks');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');
const { RedisInstrumentation } = require('@opentelemetry/instrumentation-redis');
const { AwsInstrumentation } = require('@opentelemetry/instrumentation-aws-sdk');
const { AuditelDataSpanProcessor } = require('@auditel/data-audit');
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
trace.setGlobalTracerProvider(new TracerProvider({ spanProcessors: [new AuditelDataSpanProcessor()] }));
registerInstrumentations({ instrumentations: [new IORedisInstrumentation({ requireParentSpan: false }), new RedisInstrumentation(), new AwsInstrumentation()] });
}`;

const app = (P, port, otelInApp) => `
${otelInApp ? OTEL : ''}
const Redis = require('ioredis');
const { createClient } = require('redis');
const { S3Client, GetObjectCommand } = require('@aws-sdk/client-s3');
(async () => {
  const r = new Redis({ host: '127.0.0.1', lazyConnect: true });
  await r.connect();
  await r.set('${P}:a', 'value-${P}'); await r.get('${P}:a'); await r.del('${P}:a');
  r.disconnect();
  const c = createClient({ url: 'redis://127.0.0.1:6379' });
  await c.connect();
  await c.set('${P}:b', 'value-${P}'); await c.get('${P}:b'); await c.del('${P}:b');
  await c.quit();
  const s3 = new S3Client({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:${port}', forcePathStyle: true, credentials: { accessKeyId: 'a', secretAccessKey: 'b' }, maxAttempts: 1 });
  for (let i = 0; i < 2; i++) await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })).catch(() => {});
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

for (const [name, otelInApp] of [
  ['Auditel preloaded first', true],
  ['OpenTelemetry preloaded first', false],
]) {
  test(`ioredis, redis and aws-sdk span-derived mode, ${name}: one record per call`, async () => {
    const P = unique('smode');
    const a = await runApp(app(P, s3.address().port, otelInApp), otelInApp ? {} : { preArgs: ['--require', '$DIR/otel.cjs'], files: { 'otel.cjs': OTEL } });
    try {
      await a.stop();
      const recs = a.records().filter((r) => r.a['db.system.name'] === 'redis' || r.a['rpc.system.name'] === 'aws-api');
      // the keys' first segment has digits in it, so the pattern is '*' (never the key)
      assert.deepEqual(recs.map((r) => r.a['db.query.summary']), ['SET *', 'GET *', 'DEL *', 'SET *', 'GET *', 'DEL *', 'S3 GetObject', 'S3 GetObject']);
      assert.ok(recs.every((r) => r.a['audit.derived_from'] === 'span'), 'all from spans: the hooks stood down');
      assert.equal(recs[6].a['audit.outcome'], 'failure');
      assert.ok(!a.allText().includes(P), 'no key or value stored');
    } finally {
      await a.stop();
      a.cleanup();
    }
  });
}
