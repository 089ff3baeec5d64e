import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020.js';
import { audit, flush } from '@auditel/api';
import { startAuditel, integrityHash, verifyStatement, verifyStore, AuditelConfigError, resolveConfig, storeFormat } from '@auditel/sdk';
import { readStore, a, tempDir } from '../../../test/helpers/store.mjs';

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve('@auditel/api/schema/audit-record.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

function start(t, config = {}) {
  const dir = tempDir(t);
  const auditel = startAuditel({ dir, handleProcessExit: false, serviceName: 'store-test', ...config });
  t.after(() => auditel.shutdown());
  return { dir, auditel };
}

test('records are stored as one hash-chained, schema-valid line each, and the stream ends on shutdown', async (t) => {
  const { dir, auditel } = start(t);
  for (let i = 0; i < 50; i++) {
    audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: `user-${i}` }, target: { type: 'invoice', id: String(i) }, attributes: { 'db.system.name': 'postgresql', n: i } });
  }
  await auditel.shutdown();
  const recs = readStore(dir);
  assert.equal(recs.length, 50 + 3, 'start record, 50 records, stop record, end checkpoint'.length ? recs.length : 0);
  let prev;
  for (const [i, r] of recs.entries()) {
    assert.ok(validate(JSON.parse(r.text)), `line ${r.line} valid: ${JSON.stringify(validate.errors)}`);
    assert.equal(integrityHash(r.canonical), r.hash);
    assert.equal(a(r, 'audit.sequence.number'), i + 1);
    assert.equal(a(r, 'audit.sequence.previous_hash'), prev?.hash);
    assert.equal(a(r, 'audit.sequence.previous_record_id'), prev ? a(prev, 'audit.record.id') : undefined);
    prev = r;
  }
  assert.equal(recs[0].record.eventName, 'audit.process');
  assert.equal(a(recs[0], 'audit.action'), 'START');
  const user = recs[5];
  assert.match(String(a(user, 'audit.actor.id')), /^hmac:[0-9a-f]{32}$/, 'user ids are pseudonymised');
  assert.ok(!readFileSync(join(dir, user.file), 'utf8').includes('user-4'), 'no plain user id in the store');
  const last = recs.at(-1);
  assert.equal(last.record.eventName, 'audit.checkpoint');
  assert.equal(a(last, 'audit.sequence.end'), true);
  assert.equal(recs.filter((r) => a(r, 'audit.sequence.end') !== undefined).length, 1, 'only the last record carries the end marker');
});

test('the store folder is 0700 and its files 0600', async (t) => {
  const { dir, auditel } = start(t);
  audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' });
  await auditel.shutdown();
  assert.equal(statSync(dir).mode & 0o777, 0o700);
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.pub.pem')) continue;
    assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
  }
});

test('audit.commit() resolves with the receipt only once the record is in the file', async (t) => {
  const { dir } = start(t);
  const receipt = await audit.commit({ event: 'audit.permission_change', action: 'GRANT', outcome: 'success', actor: { id: 'admin' }, target: { type: 'role', id: 'editor' } });
  const recs = readStore(dir);
  const stored = recs.find((r) => a(r, 'audit.record.id') === receipt.recordId);
  assert.ok(stored, 'the committed record is on disk when commit resolves');
  assert.equal(stored.hash, receipt.integrityHash);
  assert.equal(a(stored, 'audit.sequence.number'), receipt.sequenceNumber);
  assert.match(receipt.sinkTimestamp, /^\d{19}$/);
});

test('audit.commit() starts the fsync at once instead of waiting for the interval', async (t) => {
  start(t, { store: { fsyncIntervalMs: 100 } });
  const waits = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    await audit.commit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success', attributes: { i } });
    waits.push(performance.now() - t0);
  }
  waits.sort((x, y) => x - y);
  // waiting for the 100 ms group-commit timer would make every commit of an idle store take 100 ms or more
  assert.ok(waits[4] < 80, `median commit ${waits[4].toFixed(1)} ms`);
});

test('sync durability: the record is on disk when audit() returns', (t) => {
  const { dir } = start(t, { durability: 'sync' });
  audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'failure', attributes: { marker: 'sync-1' } });
  assert.ok(readStore(dir).some((r) => a(r, 'marker') === 'sync-1'));
});

test('async durability: flush() makes everything durable', async (t) => {
  const { dir } = start(t);
  audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'failure', attributes: { marker: 'async-1' } });
  await flush();
  assert.ok(readStore(dir).some((r) => a(r, 'marker') === 'async-1'));
});

test('async durability under a steady load: one fsync per interval (group commit), every record durable within it', async (t) => {
  const { auditel } = start(t, { store: { fsyncIntervalMs: 100 } });
  const writer = auditel.store.writer;
  const fsyncs0 = writer.stats.fsyncs;
  const t0 = Date.now();
  let n = 0;
  while (Date.now() - t0 < 1000) {
    for (let i = 0; i < 20; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', target: { type: 'row', id: String(n++) } });
    await new Promise((r) => setTimeout(r, 1));
  }
  const fsyncs = writer.stats.fsyncs - fsyncs0;
  // back-to-back fdatasync calls would make hundreds in this second
  assert.ok(fsyncs <= 14, `${fsyncs} fsyncs for ${n} records in 1 s`);
  const head = auditel.store.lastAppended.number;
  await new Promise((r) => setTimeout(r, 250));
  assert.ok(auditel.stats().durableSequence >= head, 'durable within the interval, without a flush');
});

test('lines larger than the write buffer, and multi-byte text, are stored whole and verify', async (t) => {
  const { dir, auditel } = start(t);
  const big = {};
  for (let i = 0; i < 100; i++) big[`field.${i}`] = 'é€𝄞x'.repeat(1500); // ~6 KB of 1-4 byte characters each: a line of ~1 MB
  audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: big });
  for (let i = 0; i < 2000; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { note: `ünïcödé ${i}` } });
  await auditel.shutdown();
  const recs = readStore(dir);
  const found = recs.find((r) => a(r, 'field.99') !== undefined);
  assert.equal(a(found, 'field.0'), big['field.0']);
  assert.equal(recs.filter((r) => typeof a(r, 'note') === 'string').length, 2000);
  const v = await verifyStore(dir);
  assert.equal(v.ok, true, JSON.stringify(v.problems?.slice(0, 3)));
});

test('audit() records are emitted at the end of the turn, in call order, with the time and trace context of the call', async (t) => {
  const { context, trace, ROOT_CONTEXT, TraceFlags } = await import('@opentelemetry/api');
  const { AsyncLocalStorage } = await import('node:async_hooks');
  // A minimal context manager (what a NodeSDK registers), so that context.with() propagates.
  const als = new AsyncLocalStorage();
  context.setGlobalContextManager({
    active: () => als.getStore() ?? ROOT_CONTEXT,
    with: (ctx, fn, thisArg, ...args) => als.run(ctx, () => fn.call(thisArg, ...args)),
    bind: (_ctx, target) => target,
    enable() { return this; },
    disable() { return this; },
  });
  t.after(() => context.disable());
  const { dir, auditel } = start(t);
  const sc = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  const t0 = Date.now();
  context.with(trace.setSpanContext(ROOT_CONTEXT, sc), () => audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { n: 1 } }));
  audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { n: 2 } });
  while (Date.now() - t0 < 60); // the turn goes on for a while before the batch is emitted
  // commit() and a checkpoint keep the order: what audit() queued goes first
  const receipt = await audit.commit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { n: 3 } });
  for (let n = 4; n < 10000; n++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { n } });
  assert.ok(auditel.batch.length <= 256, 'a synchronous loop of audit() calls is emitted in bounded batches');
  await flush();
  const recs = readStore(dir).filter((r) => a(r, 'n') !== undefined);
  assert.deepEqual(recs.map((r) => a(r, 'n')), Array.from({ length: 9999 }, (_, i) => i + 1));
  assert.equal(recs[2].hash, receipt.integrityHash);
  const first = recs[0].record;
  assert.equal(first.traceId, sc.traceId);
  assert.equal(first.spanId, sc.spanId);
  assert.equal(recs[1].record.traceId, undefined);
  const ms = (ns) => Number(BigInt(ns) / 1000000n);
  assert.ok(ms(first.timestamp) - t0 < 30, 'timestamp: when audit() was called');
  assert.ok(ms(first.observedTimestamp) >= ms(first.timestamp));
  assert.equal(auditel.diagnostics.counter('notStored'), 0);
});

test('segments rotate by size, rotated ones are gzipped, and the chain runs across them', async (t) => {
  const { dir, auditel } = start(t, { store: { maxSegmentBytes: 16 * 1024, highWaterBytes: 4096 } });
  for (let i = 0; i < 400; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { i } });
  await auditel.shutdown();
  const files = readdirSync(dir).filter((f) => storeFormat.parseSegmentName(f));
  assert.ok(files.filter((f) => f.endsWith('.jsonl.gz')).length >= 3, files.join(' '));
  assert.equal(files.filter((f) => f.endsWith('.jsonl')).length, 1, 'only the last segment stays plain');
  const recs = readStore(dir);
  assert.deepEqual(recs.map((r) => a(r, 'audit.sequence.number')), recs.map((_, i) => i + 1));
  for (let i = 1; i < recs.length; i++) assert.equal(a(recs[i], 'audit.sequence.previous_hash'), recs[i - 1].hash);
});

test('back-pressure: buffered bytes never exceed the high-water mark on a healthy disk', async (t) => {
  const { auditel } = start(t, { store: { highWaterBytes: 8192 } });
  let max = 0;
  const writer = auditel.processors[2].writer;
  for (let i = 0; i < 2000; i++) {
    audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { i, pad: 'x'.repeat(200) } });
    max = Math.max(max, writer.bufferedBytes);
  }
  assert.ok(max < 8192, `max buffered ${max}`);
  assert.equal(auditel.stats().lostRecords, 0);
});

test('checkpoints: every N records, signed with the store key, witness copy kept', async (t) => {
  const { dir, auditel } = start(t, { checkpoint: { everyRecords: 10 } });
  for (let i = 0; i < 35; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success' });
  await new Promise((r) => setImmediate(r));
  await auditel.shutdown();
  const recs = readStore(dir);
  const cps = recs.filter((r) => r.record.eventName === 'audit.checkpoint');
  assert.ok(cps.length >= 4, `${cps.length} checkpoints`);
  const pub = createPublicKey(readFileSync(join(dir, storeFormat.CHECKPOINT_PUBLIC_KEY_FILE)));
  let previous = '';
  for (const cp of cps) {
    const s = {
      stream_id: a(cp, 'audit.checkpoint.stream_id'),
      sequence_number: a(cp, 'audit.checkpoint.sequence_number'),
      head_hash: a(cp, 'audit.checkpoint.head_hash'),
      previous: a(cp, 'audit.checkpoint.previous_signature_hash'),
      time: a(cp, 'audit.checkpoint.time'),
      key_id: a(cp, 'audit.checkpoint.key_id'),
    };
    assert.ok(verifyStatement(s, a(cp, 'audit.checkpoint.signature'), pub), 'signature verifies');
    assert.equal(s.previous, previous);
    previous = integrityHash(a(cp, 'audit.checkpoint.signature'));
    const head = recs[s.sequence_number - 1];
    assert.equal(head.hash, s.head_hash, 'the checkpoint signs the chain head before it');
  }
  const witness = readFileSync(join(dir, storeFormat.witnessFileName(auditel.streamId)), 'utf8').trim().split('\n');
  assert.deepEqual(witness, cps.map((c) => c.text));
});

test('a record on which a checkpoint falls due is committed and counted as stored (the checkpoint follows it)', async (t) => {
  const { dir, auditel } = start(t, { checkpoint: { everyRecords: 3 } });
  const receipts = [];
  for (let i = 0; i < 9; i++) receipts.push(await audit.commit({ event: 'audit.data_access', action: 'READ', outcome: 'success', target: { type: 'row', id: String(i) } }));
  assert.equal(auditel.diagnostics.counter('notStored'), 0);
  await auditel.shutdown();
  const recs = readStore(dir);
  for (const rc of receipts) {
    const r = recs[rc.sequenceNumber - 1];
    assert.equal(a(r, 'audit.record.id'), rc.recordId);
    assert.equal(r.hash, rc.integrityHash);
    // a checkpoint that fell due on this record comes right after it and signs it as the head
    const next = recs[rc.sequenceNumber];
    if (next.record.eventName === 'audit.checkpoint') assert.equal(a(next, 'audit.checkpoint.head_hash'), r.hash);
  }
  assert.ok(recs.filter((r) => r.record.eventName === 'audit.checkpoint').length >= 3);
});

test('checkpoints are witnessed without a synchronous fsync on the emitting thread, and all of them are in the witness after an exit', async (t) => {
  const fs = require('node:fs');
  const { dir, auditel } = start(t, { checkpoint: { everyRecords: 10 } });
  const original = fs.fdatasyncSync;
  let syncCalls = 0;
  fs.fdatasyncSync = (...args) => {
    syncCalls++;
    return original(...args);
  };
  t.after(() => (fs.fdatasyncSync = original));
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < 25; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success' });
    await flush();
  }
  assert.equal(syncCalls, 0, 'no fdatasyncSync while records flow');
  auditel.shutdownSync(); // the process-exit path
  const cps = readStore(dir).filter((r) => r.record.eventName === 'audit.checkpoint');
  assert.ok(cps.length >= 12, `${cps.length} checkpoints`);
  const witness = readFileSync(join(dir, storeFormat.witnessFileName(auditel.streamId)), 'utf8').trim().split('\n');
  assert.deepEqual(witness, cps.map((c) => c.text));
});

test('idle checkpoints are written when nothing happens', async (t) => {
  const { dir } = start(t, { checkpoint: { idleSeconds: 0.3, everySeconds: 0.1 } });
  audit({ event: 'audit.data_access', action: 'READ', outcome: 'success' });
  await new Promise((r) => setTimeout(r, 1500));
  await flush();
  const reasons = readStore(dir).filter((r) => r.record.eventName === 'audit.checkpoint').map((r) => a(r, 'audit.checkpoint.reason'));
  assert.ok(reasons.includes('idle'), reasons.join(','));
});

test('configuration errors are clear; retention under 90 days needs an explicit override', () => {
  assert.throws(() => resolveConfig({ retentionDays: 30 }), (e) => e instanceof AuditelConfigError && /under the 90 days/.test(e.message));
  assert.equal(resolveConfig({ retentionDays: 30, allowRetentionUnder90Days: true }).retentionDays, 30);
  assert.throws(() => resolveConfig({ durability: 'fast' }), /durability must be "async" or "sync"/);
  assert.throws(() => resolveConfig({ dirr: 'x' }), /unknown option "dirr"/);
  assert.throws(() => resolveConfig({ shipping: { endpoint: 'ftp://x' } }), /must be http/);
  assert.equal(resolveConfig({ shipping: { endpoint: 'http://c:4318/', path: '/v1/audit' } }).shipping.url, 'http://c:4318/v1/audit');
});

test('records emitted after shutdown are refused and counted, never thrown', async (t) => {
  const { auditel } = start(t);
  await auditel.shutdown();
  assert.doesNotThrow(() => audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' }));
  auditel.record({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success' });
  assert.ok(auditel.stats().refusedAfterEnd >= 1);
});

test('redaction: true puts @auditel/redaction in the slot: PII inside free attributes is scrubbed while the record is built', async (t) => {
  const { dir, auditel } = start(t, { redaction: true });
  audit({ event: 'audit.data_access', action: 'UPDATE', outcome: 'success', attributes: { 'app.note': 'call me at +1 415 555 0100 or mail bob@example.com', 'app.card': '4111 1111 1111 1111' } });
  await auditel.shutdown();
  const text = readStore(dir).map((r) => r.text).join('\n');
  for (const pii of ['bob@example.com', '555 0100', '4111 1111 1111 1111']) assert.ok(!text.includes(pii), pii);
  assert.match(text, /\[REDACTED:card_number\]/);
});

for (const algorithm of ['EdDSA', 'HMAC-SHA256']) {
  test(`per-record signatures (${algorithm}): stored beside the record, verified by verify, named on the Resource`, async (t) => {
    const { dir, auditel } = start(t, { integrity: { algorithm } });
    for (let i = 0; i < 5; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { i } });
    await auditel.shutdown();
    const recs = readStore(dir);
    assert.ok(recs.every((r) => /^[A-Za-z0-9+/=]{40,}$/.test(r.record.integrityValue ?? '')), 'every record signed');
    const file = join(dir, recs[0].file);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0]).segment;
    assert.equal(header.resource['audit.integrity.algorithm'], algorithm);
    if (algorithm === 'EdDSA') {
      const pub = createPublicKey(readFileSync(join(dir, storeFormat.CHECKPOINT_PUBLIC_KEY_FILE)));
      assert.ok(cryptoVerify(null, Buffer.from(recs[2].canonical), pub, Buffer.from(recs[2].record.integrityValue, 'base64')));
    }
    assert.equal(verifyStore(dir).ok, true);
    // A forged signature on an otherwise intact record is caught.
    const text = readFileSync(file, 'utf8');
    const forged = recs[2].record.integrityValue.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    writeFileSync(file, text.replace(recs[2].record.integrityValue, forged));
    const report = verifyStore(dir);
    assert.equal(report.firstBreak?.kind, 'modified');
    assert.match(report.firstBreak.message, /per-record signature/);
  });
}

test('gzipFile: the gzip holds exactly the bytes of the segment (several read chunks, a partial last one, and an empty file), mode 0600', async (t) => {
  const { gzipFile } = await import('../dist/store/gzip-file.js');
  const { gunzipSync } = await import('node:zlib');
  const { randomBytes } = await import('node:crypto');
  const dir = tempDir(t);
  const lines = [];
  for (let i = 0, size = 0; size < 2.5 * 1024 * 1024; i++) size += lines[lines.push(JSON.stringify({ i, v: randomBytes(48).toString('base64'), note: 'é€😀' })) - 1].length + 1;
  for (const [name, text] of [['big.jsonl', lines.join('\n') + '\n'], ['empty.jsonl', '']]) {
    const src = join(dir, name);
    writeFileSync(src, text);
    await gzipFile(src, src + '.gz', 3);
    assert.ok(gunzipSync(readFileSync(src + '.gz')).equals(readFileSync(src)), name);
    assert.equal(statSync(src + '.gz').mode & 0o777, 0o600);
  }
  await assert.rejects(gzipFile(join(dir, 'missing.jsonl'), join(dir, 'missing.jsonl.gz'), 3), /ENOENT/);
});

test('forEachLineSync: lines across 1 MiB reads (multi-byte text split between reads), the torn tail apart, an empty file', async (t) => {
  const { forEachLineSync } = await import('../dist/store/reader.js');
  const dir = tempDir(t);
  const lines = Array.from({ length: 3000 }, (_, i) => `${i} ${'é€😀'.repeat(i % 300)} ${'x'.repeat((i * 37) % 1500)}`);
  const file = join(dir, 'lines.jsonl');
  writeFileSync(file, lines.join('\n') + '\n{"torn":');
  assert.ok(statSync(file).size > 3 * 1024 * 1024, 'several reads');
  const seen = [];
  const tail = forEachLineSync(file, (n, text) => seen.push([n, text]));
  assert.equal(seen.length, lines.length);
  assert.deepEqual(seen.map(([, text]) => text), lines);
  assert.deepEqual(seen.map(([n]) => n), lines.map((_, i) => i + 1));
  assert.equal(tail, '{"torn":');
  writeFileSync(join(dir, 'empty'), '');
  assert.equal(forEachLineSync(join(dir, 'empty'), () => assert.fail('no line')), '');
  assert.throws(() => forEachLineSync(join(dir, 'missing'), () => {}), /ENOENT/);
});
