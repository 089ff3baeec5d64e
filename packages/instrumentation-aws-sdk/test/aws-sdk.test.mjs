// AWS SDK v3 S3 client under the preload, against a small S3-compatible server run by the test:
// success, access denied and not found recorded with service, operation, region, bucket, outcome
// and error code; object keys pseudonymised; canary prefixes flagged; payloads never stored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { runApp } from '../../data-audit/test/harness.mjs';

const BODY = 'secret-payload-' + process.pid;
let server;
const objects = new Map();

before(async () => {
  server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (d) => chunks.push(d));
    req.on('end', () => {
      const [, bucket, ...rest] = new URL(req.url, 'http://x').pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      const xmlError = (status, code) => {
        res.writeHead(status, { 'content-type': 'application/xml', 'x-amz-request-id': 'REQ' + status });
        res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code}</Message><RequestId>REQ${status}</RequestId></Error>`);
      };
      if (bucket === 'locked') return xmlError(403, 'AccessDenied');
      if (req.method === 'PUT') {
        objects.set(`${bucket}/${key}`, Buffer.concat(chunks));
        res.writeHead(200, { etag: '"abc"', 'x-amz-request-id': 'REQPUT' });
        return res.end();
      }
      if (req.method === 'GET') {
        const o = objects.get(`${bucket}/${key}`);
        if (!o) return xmlError(404, 'NoSuchKey');
        res.writeHead(200, { 'content-length': o.length, etag: '"abc"', 'x-amz-request-id': 'REQGET' });
        return res.end(o);
      }
      xmlError(400, 'InvalidRequest');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
});
after(() => server.close());

test('aws-sdk v3: S3 success, access denied, not found; canary prefix; keys pseudonymised; no payloads', async () => {
  const APP = `
const { S3Client, PutObjectCommand, GetObjectCommand } = require('@aws-sdk/client-s3');
(async () => {
  const s3 = new S3Client({ region: 'eu-west-1', endpoint: 'http://127.0.0.1:${server.address().port}', forcePathStyle: true,
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }, maxAttempts: 1 });
  const out = [];
  const run = (c) => s3.send(c).then(async (r) => { if (r.Body) await r.Body.transformToString(); return 'ok'; }, (e) => e.name);
  out.push(await run(new PutObjectCommand({ Bucket: 'docs', Key: 'users/ann@example.com/cv.pdf', Body: ${JSON.stringify(BODY)} })));
  out.push(await run(new GetObjectCommand({ Bucket: 'docs', Key: 'users/ann@example.com/cv.pdf' })));
  out.push(await run(new GetObjectCommand({ Bucket: 'docs', Key: 'missing.txt' })));
  out.push(await run(new GetObjectCommand({ Bucket: 'locked', Key: 'x' })));
  out.push(await run(new PutObjectCommand({ Bucket: 'docs', Key: 'canary/trap.txt', Body: 'x' })));
  console.log(out.join(','));
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;
  const app = await runApp(APP, { config: { data: { canaries: { s3: ['docs/canary/'] } } } });
  try {
    await app.stop();
    assert.match(app.stdout, /ok,ok,NoSuchKey,AccessDenied,ok/);
    const recs = app.records().filter((r) => r.a['rpc.system.name'] === 'aws-api');
    assert.equal(recs.length, 5, JSON.stringify(recs.map((r) => r.a['db.query.summary'])));
    const http = app.records().filter((r) => r.event === 'audit.api_request');
    assert.deepEqual(http.map((r) => r.a['url.path'] ?? r.a['http.route']), [], 'the SDK calls are not recorded a second time by the HTTP hook');
    const text = app.allText();
    for (const s of [BODY, 'ann@example.com', 'wJalrXUtnFEMI']) assert.ok(!text.includes(s), `${s} leaked into the store`);
    const [put, get, missing, denied, canary] = recs;
    assert.equal(put.event, 'audit.data_access');
    assert.equal(put.a['rpc.service'], 'S3');
    assert.equal(put.a['rpc.method'], 'PutObject');
    assert.equal(put.a['audit.action'], 'CREATE');
    assert.equal(put.a['cloud.region'], 'eu-west-1');
    assert.equal(put.a['aws.s3.bucket'], 'docs');
    assert.equal(put.a['audit.outcome'], 'success');
    assert.equal(put.a['http.response.status_code'], 200);
    assert.match(put.a['audit.target.id'], /^hmac:/);
    assert.equal(get.a['audit.action'], 'READ');
    assert.equal(get.a['audit.target.id'], put.a['audit.target.id'], 'the same object, the same pseudonym');
    assert.equal(missing.a['audit.outcome'], 'failure');
    assert.equal(missing.a['error.type'], 'NoSuchKey');
    assert.equal(missing.a['http.response.status_code'], 404);
    assert.equal(denied.a['audit.outcome'], 'failure');
    assert.equal(denied.a['error.type'], 'AccessDenied');
    assert.equal(denied.a['http.response.status_code'], 403);
    assert.equal(canary.a['audit.canary'], true);
    assert.equal(put.a['audit.canary'], undefined);
  } finally {
    await app.stop();
    app.cleanup();
  }
});
