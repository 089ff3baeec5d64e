// The OTLP shipper against a real OTLP/HTTP receiver (protobuf decoded with protobufjs and the OTLP
// .proto definitions): fields, attributes and resource intact, every record id delivered, custom
// path and headers, rotated (gzipped) segments.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAuditel } from '@auditel/sdk';
import { audit } from '@auditel/api';
import { startReceiver, waitFor, anyValueKind } from './fixtures/otlp-receiver.mjs';
import { storedRecords, storedIds } from './fixtures/store-records.mjs';

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-shipper-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function loginEvent(i) {
  return {
    event: 'audit.authentication',
    action: 'LOGIN',
    outcome: 'success',
    actor: { id: `user-${i}`, type: 'user', roles: ['admin', 'ops'] },
    target: { type: 'http.endpoint', id: '/login' },
    attributes: {
      'app.attempt': i,
      'app.mfa': true,
      'app.ratio': 0.25,
      'app.client': { name: 'web', version: { major: 3, minor: 1 }, tags: ['a', 'b'] },
    },
  };
}

test('records arrive at a real OTLP/HTTP receiver with eventName, attributes and resource intact', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  const auditel = startAuditel({
    dir,
    serviceName: 'shipper-test',
    resource: { 'deployment.environment.name': 'test' },
    shipping: { url: receiver.url(), intervalMs: 50, maxBackoffMs: 500 },
    handleProcessExit: false,
  });
  for (let i = 0; i < 25; i++) audit(loginEvent(i));
  await auditel.flush();
  await waitFor(() => receiver.records.filter((r) => r.eventName === 'audit.authentication').length >= 25, 10000, '25 login records');
  await auditel.shutdown();

  // Every record of the store (including the end-of-stream records written by shutdown) was shipped.
  const stored = storedIds(dir);
  const received = new Set(receiver.recordIds());
  assert.ok(stored.length >= 27, `store holds ${stored.length} records`);
  for (const id of stored) assert.ok(received.has(id), `record ${id} was not shipped`);
  assert.equal(auditel.stats().shipped >= stored.length, true);

  for (const req of receiver.requests) {
    assert.equal(req.path, '/v1/logs');
    assert.equal(req.headers['content-type'], 'application/x-protobuf');
  }

  const byId = new Map(storedRecords(dir).map((r) => [r.attributes['audit.record.id'], r]));
  const logins = receiver.records.filter((r) => r.eventName === 'audit.authentication');
  assert.equal(new Set(logins.map((r) => r.attributes['app.attempt'])).size, 25);
  for (const r of logins) {
    const s = byId.get(r.attributes['audit.record.id']);
    assert.ok(s, 'received record is in the store');
    // Timestamps and every attribute as stored.
    assert.equal(r.timeUnixNano, s.timestamp);
    assert.equal(r.observedTimeUnixNano, s.observedTimestamp);
    assert.deepEqual(r.attributes, s.attributes);
    // Types survive the trip: string, int, bool, double, nested map and array.
    assert.equal(anyValueKind(r.rawAttributes['audit.actor.id']), 'stringValue');
    assert.equal(anyValueKind(r.rawAttributes['app.attempt']), 'intValue');
    assert.equal(anyValueKind(r.rawAttributes['audit.sequence.number']), 'intValue');
    assert.equal(anyValueKind(r.rawAttributes['app.mfa']), 'boolValue');
    assert.equal(anyValueKind(r.rawAttributes['app.ratio']), 'doubleValue');
    assert.equal(anyValueKind(r.rawAttributes['app.client']), 'kvlistValue');
    assert.deepEqual(r.attributes['app.client'], { name: 'web', version: { major: 3, minor: 1 }, tags: ['a', 'b'] });
    assert.deepEqual(r.attributes['user.roles'], ['admin', 'ops']);
    assert.equal(r.attributes['audit.actor.id'], s.attributes['audit.actor.id']);
    // Resource from the segment header, an empty scope (the draft), no severity.
    assert.deepEqual(r.resource, s.resource);
    assert.equal(r.resource['service.name'], 'shipper-test');
    assert.equal(r.resource['deployment.environment.name'], 'test');
    assert.equal(r.resource['process.pid'], process.pid);
    assert.ok(!r.scope.name, 'empty instrumentation scope');
    assert.equal(r.severityNumber, undefined);
    assert.equal(r.severityText, undefined);
  }
});

test('a custom path (/v1/audit) and headers are sent', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  const auditel = startAuditel({
    dir,
    shipping: {
      endpoint: `http://127.0.0.1:${receiver.port}/`,
      path: '/v1/audit',
      headers: { authorization: 'Bearer t0k3n', 'x-tenant': 'tenant-1' },
      intervalMs: 50,
      maxBackoffMs: 500,
    },
    handleProcessExit: false,
  });
  audit(loginEvent(1));
  await auditel.flush();
  await waitFor(() => receiver.records.some((r) => r.eventName === 'audit.authentication'), 10000, 'the login record');
  await auditel.shutdown();
  assert.ok(receiver.requests.length > 0);
  for (const req of receiver.requests) {
    assert.equal(req.path, '/v1/audit');
    assert.equal(req.headers.authorization, 'Bearer t0k3n');
    assert.equal(req.headers['x-tenant'], 'tenant-1');
  }
});

test('segments rotated to .jsonl.gz while shipping: every record arrives exactly once', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  const auditel = startAuditel({
    dir,
    store: { maxSegmentBytes: 4096 },
    shipping: { url: receiver.url(), intervalMs: 10, batchSize: 7, maxBackoffMs: 500 },
    handleProcessExit: false,
  });
  for (let i = 0; i < 60; i++) {
    audit(loginEvent(i));
    if (i % 10 === 9) {
      await auditel.flush();
      await new Promise((r) => setTimeout(r, 30));
    }
  }
  await auditel.shutdown();
  const files = fs.readdirSync(dir);
  assert.ok(files.filter((f) => f.endsWith('.jsonl.gz')).length >= 5, `rotated segments: ${files.join(' ')}`);
  const stored = storedIds(dir);
  const received = receiver.recordIds();
  assert.deepEqual([...received].sort(), [...stored].sort(), 'each stored record shipped once, nothing else');
});

test('a segment that turns from .jsonl into .jsonl.gz between two reads is continued at the same line', async (t) => {
  const { StoreTail } = await import('../dist/shipper/store-tail.js');
  const { gzipSync } = await import('node:zlib');
  const dir = tempDir(t);
  const auditel = startAuditel({ dir, handleProcessExit: false });
  for (let i = 0; i < 20; i++) audit(loginEvent(i));
  await auditel.shutdown();
  const plain = fs.readdirSync(dir).find((f) => f.endsWith('.jsonl') && f.startsWith('audit-'));
  const total = storedIds(dir).length;

  const tail = new StoreTail(dir);
  const cursor = new Map();
  const onError = (file, err) => assert.fail(`${file}: ${err.message}`);
  const first = tail.read(cursor, 7, onError);
  assert.deepEqual(first.lines.map((l) => l.line), [2, 3, 4, 5, 6, 7, 8]);
  for (const [stream, position] of first.positions) cursor.set(stream, position);

  // What the store does on rotation: gzip beside it, then remove the plain file.
  fs.writeFileSync(path.join(dir, plain + '.gz'), gzipSync(fs.readFileSync(path.join(dir, plain))));
  fs.rmSync(path.join(dir, plain));
  const second = tail.read(cursor, 1000, onError);
  assert.equal(second.lines[0].line, 9, 'continues after the last line read');
  assert.equal(first.lines.length + second.lines.length, total, 'every record line once');
  const ids = [...first.lines, ...second.lines].map((l) => JSON.parse(l.text).record.attributes['audit.record.id'].stringValue);
  assert.deepEqual(ids, storedIds(dir));
});
