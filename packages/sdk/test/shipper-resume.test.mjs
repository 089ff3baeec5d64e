// The shipper through outages and restarts: receiver down (closed port, 503 or 401) for seconds then up:
// every record arrives, and the outage is one failure record plus one recovery record in the store;
// a shipper SIGKILLed mid-way and a new one on the same folder: no loss, no re-send beyond the last
// batch; a line still being written is not shipped until its newline is there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { startAuditel, Diagnostics } from '@auditel/sdk';
import { audit } from '@auditel/api';
import { Shipper } from '../dist/shipper/shipper.js';
import { startReceiver, waitFor } from './fixtures/otlp-receiver.mjs';
import { storedRecords, storedIds, schemaViolations } from './fixtures/store-records.mjs';

// The outages below are expected; keep their diagnostics off stderr.
process.env.AUDITEL_DIAGNOSTICS = 'off';
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));

function tempDir(t) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-shipper-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function event(i) {
  return { event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: `svc-${i % 3}`, type: 'service' }, target: { type: 'database.table', id: 'orders' }, attributes: { 'app.i': i } };
}

function shipperFor(dir, url, extra = {}) {
  const recorded = [];
  const shipper = new Shipper({
    dir,
    url,
    path: new URL(url).pathname,
    headers: {},
    batchSize: 10,
    intervalMs: 20,
    timeoutMs: 2000,
    maxBackoffMs: 200,
    diagnostics: new Diagnostics(),
    record: (outcome, attrs) => recorded.push({ outcome, attrs }),
    ...extra,
  });
  return { shipper, recorded };
}

/** A store written without shipping: `streams` processes one after the other; `store` options (segment size). */
async function writeStore(dir, streams, perStream, store = {}) {
  for (let s = 0; s < streams; s++) {
    const auditel = startAuditel({ dir, store, handleProcessExit: false });
    for (let i = 0; i < perStream; i++) {
      audit(event(i));
      if (i % 10 === 9) await auditel.flush();
    }
    await auditel.shutdown();
  }
}

async function outageTest(t, { goDown, comeUp, expectedErrorType }) {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  await goDown(receiver);
  const dir = tempDir(t);
  const auditel = startAuditel({ dir, shipping: { url: receiver.url(), intervalMs: 50, maxBackoffMs: 500, timeoutMs: 1000 }, handleProcessExit: false });
  const downSince = Date.now();
  for (let i = 0; i < 10; i++) {
    for (let j = 0; j < 5; j++) audit(event(i * 5 + j));
    await sleep(300);
  }
  await auditel.flush();
  assert.equal(receiver.records.length, 0, 'nothing got through while the receiver was down');
  assert.ok(auditel.stats().shipFailures >= 2, `failed attempts: ${auditel.stats().shipFailures}`);
  await comeUp(receiver);
  const upAt = Date.now();
  const beforeRecovery = storedIds(dir);
  await waitFor(() => {
    const got = new Set(receiver.recordIds());
    return beforeRecovery.every((id) => got.has(id));
  }, 15000, 'every record written during the outage');
  await auditel.shutdown();

  const stored = storedRecords(dir);
  const received = new Set(receiver.recordIds());
  for (const r of stored) assert.ok(received.has(r.attributes['audit.record.id']), `record ${r.eventName} #${r.attributes['audit.sequence.number']} lost`);
  assert.equal(stored.filter((r) => r.eventName === 'audit.data_access').length, 50);

  // One failure record for the whole outage (not one per retry), and one recovery record.
  const failures = stored.filter((r) => r.eventName === 'audit.system_error' && r.attributes['audit.action'] === 'EXPORT');
  assert.equal(failures.length, 1, 'one audit.system_error for the outage');
  const f = failures[0].attributes;
  assert.equal(f['audit.outcome'], 'failure');
  assert.equal(f['error.type'], expectedErrorType);
  assert.equal(f['server.address'], '127.0.0.1');
  assert.equal(f['server.port'], receiver.port);
  assert.equal(f['audit.actor.id'], 'auditel');
  const recoveries = stored.filter((r) => r.eventName === 'audit.system_event' && r.attributes['audit.action'] === 'EXPORT');
  assert.equal(recoveries.length, 1, 'one recovery record');
  const rec = recoveries[0].attributes;
  assert.equal(rec['audit.outcome'], 'success');
  assert.ok(rec['audit.failure.count'] >= 2, `attempts ${rec['audit.failure.count']}`);
  assert.ok(rec['audit.failure.duration_ms'] >= 2000 && rec['audit.failure.duration_ms'] <= upAt - downSince + 3000, `duration ${rec['audit.failure.duration_ms']}`);
  assert.deepEqual(await schemaViolations(dir), [], 'the failure and recovery records are well-formed stored records');
  assert.equal(unhandled.length, 0, `unhandled rejections: ${unhandled}`);
}

test('receiver port closed for 3 s, then up: every record arrives; one failure and one recovery record', (t) =>
  outageTest(t, { goDown: (r) => r.down(), comeUp: (r) => r.up(), expectedErrorType: 'ECONNREFUSED' }));

test('receiver answering 503 for 3 s, then 200: every record arrives; one failure and one recovery record', (t) =>
  outageTest(t, { goDown: (r) => r.setMode('unavailable'), comeUp: (r) => r.setMode('up'), expectedErrorType: 'retryable_status' }));

test('receiver answering 401 (not retryable for OTel) for 3 s: retried all the same, every record arrives', (t) =>
  outageTest(t, { goDown: (r) => r.setMode('unauthorized'), comeUp: (r) => r.setMode('up'), expectedErrorType: '401' }));

test('a shipper SIGKILLed mid-way, then a new one on the same folder: every stream shipped, no re-send beyond the last batch', async (t) => {
  const receiver = await startReceiver({ delayMs: 30 });
  t.after(() => receiver.close());
  const dir = tempDir(t);
  await writeStore(dir, 2, 60, { maxSegmentBytes: 4096 });
  // Rotated segments are gzipped in the background (some may still turn .jsonl -> .jsonl.gz while shipping).
  await waitFor(() => fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz')).length >= 4, 5000, 'rotated, gzipped segments');
  const stored = storedIds(dir);
  const batchSize = 10;

  const child = fork(fileURLToPath(new URL('./fixtures/ship-child.mjs', import.meta.url)), [dir, receiver.url(), String(batchSize)], { stdio: 'ignore' });
  t.after(() => child.kill('SIGKILL'));
  await waitFor(() => receiver.records.length >= 40, 10000, 'the first shipper to ship 40 records');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  const firstRun = new Set(receiver.recordIds());
  assert.ok(firstRun.size < stored.length, 'killed before it was done');
  const cursor = JSON.parse(fs.readFileSync(path.join(dir, 'shipper-cursor.json'), 'utf8'));
  assert.equal(cursor.version, 1);

  const { shipper } = shipperFor(dir, receiver.url(), { batchSize });
  const countBefore = receiver.records.length;
  shipper.start();
  await waitFor(() => {
    const got = new Set(receiver.recordIds());
    return stored.every((id) => got.has(id));
  }, 10000, 'all stored records');
  await shipper.stop();

  const secondRun = receiver.recordIds().slice(countBefore);
  const resent = secondRun.filter((id) => firstRun.has(id));
  assert.ok(resent.length <= batchSize, `${resent.length} records re-sent, more than one batch`);
  assert.equal(new Set(receiver.recordIds()).size, stored.length, 'exactly the stored records');
  const finalCursor = JSON.parse(fs.readFileSync(path.join(dir, 'shipper-cursor.json'), 'utf8'));
  assert.equal(Object.keys(finalCursor.streams).length, 2, 'a position for each stream');

  // A third shipper finds nothing new to send.
  const total = receiver.records.length;
  const third = shipperFor(dir, receiver.url()).shipper;
  third.start();
  await sleep(200);
  await third.stop();
  assert.equal(receiver.records.length, total, 'nothing re-sent after a clean stop');
});

test('a line still being written (no final newline) is shipped only once it is complete', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  await writeStore(dir, 1, 3);
  const segment = fs.readdirSync(dir).find((f) => f.endsWith('.jsonl'));
  const file = path.join(dir, segment);
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const newId = randomUUID();
  const extra = lines[lines.length - 1].replace(/"audit\.record\.id":\{"stringValue":"[0-9a-f-]{36}"\}/, `"audit.record.id":{"stringValue":"${newId}"}`);
  assert.notEqual(extra, lines[lines.length - 1]);
  const half = Math.floor(extra.length / 2);
  fs.appendFileSync(file, extra.slice(0, half));

  const { shipper } = shipperFor(dir, receiver.url());
  shipper.start();
  const stored = storedIds(dir);
  await waitFor(() => receiver.records.length >= stored.length, 10000, 'the complete records');
  await sleep(150);
  assert.ok(!receiver.recordIds().includes(newId), 'the partial line was not shipped');
  assert.equal(shipper.stats.malformed, 0);

  fs.appendFileSync(file, extra.slice(half) + '\n');
  await waitFor(() => receiver.recordIds().includes(newId), 5000, 'the completed line');
  await shipper.stop();
  assert.equal(receiver.records.length, stored.length + 1, 'each record once');
});

test('two shippers on one folder: one ships (the other stands by), and it takes over when the first stops', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  const dir = tempDir(t);
  await writeStore(dir, 1, 30);
  const a = shipperFor(dir, receiver.url()).shipper;
  const b = shipperFor(dir, receiver.url()).shipper;
  a.start();
  b.start();
  t.after(() => Promise.all([a.stop(), b.stop()]));
  let stored = storedIds(dir);
  await waitFor(() => receiver.records.length >= stored.length, 10000, 'the first records');
  await sleep(100);
  assert.equal(a.isActive !== b.isActive, true, 'exactly one shipper holds the folder');
  const [active, standby] = a.isActive ? [a, b] : [b, a];
  assert.equal(standby.stats.shipped, 0);

  await active.stop();
  await writeStore(dir, 1, 20);
  stored = storedIds(dir);
  await waitFor(() => new Set(receiver.recordIds()).size >= stored.length, 10000, 'the records written after the first shipper stopped');
  assert.ok(standby.isActive, 'the standby took over');
  assert.deepEqual([...receiver.recordIds()].sort(), [...stored].sort(), 'each record once');
});

test('shutdown during an outage is bounded, throws nothing, and the next start ships what was left', async (t) => {
  const receiver = await startReceiver();
  t.after(() => receiver.close());
  await receiver.down();
  const dir = tempDir(t);
  const shipping = { url: receiver.url(), intervalMs: 50, maxBackoffMs: 500, timeoutMs: 500 };
  const first = startAuditel({ dir, shipping, handleProcessExit: false });
  for (let i = 0; i < 10; i++) audit(event(i));
  await sleep(700);
  const t0 = Date.now();
  await first.shutdown();
  assert.ok(Date.now() - t0 < 2500, `shutdown took ${Date.now() - t0} ms`);
  assert.equal(receiver.records.length, 0);
  const left = storedIds(dir);

  await receiver.up();
  const second = startAuditel({ dir, shipping, handleProcessExit: false });
  await waitFor(() => {
    const got = new Set(receiver.recordIds());
    return left.every((id) => got.has(id));
  }, 10000, 'the records of the first run');
  await second.shutdown();
  const stored = storedRecords(dir);
  assert.ok(stored.some((r) => r.eventName === 'audit.system_error' && r.attributes['error.type'] === 'ECONNREFUSED'), 'the outage is on record');
  const got = new Set(receiver.recordIds());
  for (const r of stored) assert.ok(got.has(r.attributes['audit.record.id']), `${r.eventName} not shipped`);
  assert.equal(unhandled.length, 0);
});
