// verifyStore on real stores written by startAuditel + audit(), tampered with as an attacker would:
// one test per break kind, each asserting the kind and where it is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { audit } from '@auditel/api';
import { startAuditel, verifyStore, loadCheckpointKey, Diagnostics } from '@auditel/sdk';
import { readStore } from '../../../test/helpers/store.mjs';
import { RetentionManager, retentionEntryBytes } from '../dist/retention.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const sha256 = (s) => createHash('sha256').update(s).digest('hex');

async function build({ records = 30, shutdown = true, config = {}, flushEvery = 0 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-verify-'));
  const auditel = startAuditel({ dir, handleProcessExit: false, checkpoint: { everyRecords: 10 }, ...config });
  for (let i = 0; i < records; i++) {
    audit({
      event: 'audit.authentication',
      action: 'LOGIN',
      outcome: i % 7 === 0 ? 'failure' : 'success',
      actor: { id: `user-${i}`, type: 'user', roles: ['staff'] },
      target: { type: 'http.endpoint', id: '/login' },
      attributes: { 'http.request.method': 'POST', 'test.index': i },
    });
    if (i % 10 === 9) await new Promise((r) => setImmediate(r)); // let checkpoints run
    if (flushEvery && i % flushEvery === flushEvery - 1) await auditel.flush(); // small segments rotate on write
  }
  if (shutdown) await auditel.shutdown();
  return dir;
}

const segIndex = (f) => Number(/-(\d{6})\.jsonl/.exec(f)[1]);
const segments = (dir) => fs.readdirSync(dir).filter((f) => /^audit-.*\.jsonl(\.gz)?$/.test(f)).sort((a, b) => segIndex(a) - segIndex(b));
/** The lines of the (single, plain) segment, without the final empty string. */
function readLines(dir, file = segments(dir)[0]) {
  const buf = fs.readFileSync(path.join(dir, file));
  const lines = (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8').split('\n');
  lines.pop();
  return { file, lines };
}
const writeLines = (dir, file, lines) => fs.writeFileSync(path.join(dir, file), lines.join('\n') + '\n');
const parse = (line) => JSON.parse(line);
/** A record line re-serialised with its hash recomputed, as an attacker who knows the format would write it. */
function forge(record) {
  const canonical = JSON.stringify(record);
  return `{"record":${canonical},"integrity_hash":"${sha256(canonical)}"}`;
}
const attrOf = (line, key) => {
  const v = parse(line).record.attributes[key];
  return v && (v.stringValue ?? v.intValue ?? v.boolValue);
};
/** Recomputes hashes from line index i on and relinks each next record: a rewrite of the chain's tail. */
function relink(lines, i) {
  for (let j = i; j < lines.length; j++) {
    const rec = parse(lines[j]).record;
    if (j > i) {
      rec.attributes['audit.sequence.previous_hash'] = { stringValue: parse(lines[j - 1]).integrity_hash };
    }
    lines[j] = forge(rec);
  }
}
const checkpointLine = (lines) => lines.findIndex((l, i) => i > 0 && parse(l).record.event_name === 'audit.checkpoint');

test('a clean store verifies, with every stream ended after shutdown', async () => {
  const dir = await build();
  const r = verifyStore(dir);
  assert.equal(r.ok, true, JSON.stringify(r.firstBreak));
  assert.equal(r.streams.length, 1);
  const s = r.streams[0];
  assert.equal(s.ended, true);
  assert.equal(s.first, 1);
  assert.equal(s.records, r.records);
  assert.ok(s.records >= 33, `records: ${s.records}`); // START, 30 events, checkpoints, STOP, end checkpoint
  assert.equal(s.last, s.records);
  assert.ok(s.checkpoints >= 3);
  assert.deepEqual(r.breaks, []);
  assert.match(r.key.keyId, /^sha256:[0-9a-f]{64}$/);
});

test('modified: an edited record (stored hash left or recomputed)', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  // 1. Edit in place: the stored hash no longer matches.
  const orig = lines[5];
  lines[5] = orig.replace('"LOGIN"', '"LOGOUT"');
  writeLines(dir, file, lines);
  let r = verifyStore(dir);
  assert.equal(r.ok, false);
  assert.equal(r.firstBreak.kind, 'modified');
  assert.equal(r.firstBreak.file, file);
  assert.equal(r.firstBreak.line, 6);
  // 2. Edit and recompute the record's hash: the next record's previous_hash gives it away.
  const rec = parse(orig).record;
  rec.attributes['audit.outcome'] = { stringValue: 'failure' };
  lines[5] = forge(rec);
  writeLines(dir, file, lines);
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'modified');
  assert.equal(r.firstBreak.line, 6);
  assert.equal(r.firstBreak.number, Number(attrOf(orig, 'audit.sequence.number')));
});

test('deleted: a removed line, a removed middle segment, a removed stream', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  const gone = Number(attrOf(lines[7], 'audit.sequence.number'));
  lines.splice(7, 1);
  writeLines(dir, file, lines);
  let r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'deleted');
  assert.equal(r.firstBreak.file, file);
  assert.equal(r.firstBreak.line, 8);
  assert.equal(r.firstBreak.number, gone);

  const dir2 = await build({ records: 60, flushEvery: 4, config: { store: { maxSegmentBytes: 4096 } } });
  const segs = segments(dir2);
  assert.ok(segs.length >= 4, `segments: ${segs.length}`);
  fs.rmSync(path.join(dir2, segs[2]));
  r = verifyStore(dir2);
  assert.equal(r.firstBreak.kind, 'deleted');
  assert.equal(r.firstBreak.file, segs[3]);
  assert.equal(r.firstBreak.line, 2);
  assert.match(r.firstBreak.message, /segment may be missing/);

  // The whole stream: only its witness file remembers it.
  for (const f of segments(dir)) fs.rmSync(path.join(dir, f));
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'deleted');
  assert.match(r.firstBreak.file, /^checkpoints-[0-9a-f-]{36}\.jsonl$/);
});

test('inserted: a replayed record, a fabricated record with a taken number, a record of another stream', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  const copy = [...lines];
  copy.splice(6, 0, lines[5]); // replay of line 6 as line 7
  writeLines(dir, file, copy);
  let r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'inserted');
  assert.equal(r.firstBreak.line, 7);

  // A fabricated record numbered like the next one and linked to its predecessor: the original
  // record after it is still what the chain links, so the fabricated one is the extra.
  const fake = parse(lines[6]).record;
  fake.attributes['audit.actor.id'] = { stringValue: 'mallory' };
  fake.attributes['audit.record.id'] = { stringValue: '00000000-0000-4000-8000-000000000000' };
  const fab = [...lines];
  fab.splice(6, 0, forge(fake));
  writeLines(dir, file, fab);
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'inserted');
  assert.equal(r.firstBreak.line, 7);

  const other = await build({ records: 3 });
  const foreign = readLines(other).lines[2];
  const mixed = [...lines];
  mixed.splice(4, 0, foreign);
  writeLines(dir, file, mixed);
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'inserted');
  assert.equal(r.firstBreak.line, 5);
});

test('reordered: two records swapped', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  [lines[4], lines[5]] = [lines[5], lines[4]];
  writeLines(dir, file, lines);
  const r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'reordered');
  assert.equal(r.firstBreak.file, file);
  assert.equal(r.firstBreak.line, 5);
});

test('truncated: the tail cut off behind a witnessed checkpoint', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  lines.splice(lines.length - 8); // drops records and the end checkpoint; the stream's witness file still has it
  writeLines(dir, file, lines);
  const r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'truncated');
  assert.equal(r.firstBreak.file, file);
  assert.equal(r.firstBreak.line, lines.length);
  assert.equal(r.streams[0].ended, false);
  assert.match(r.firstBreak.message, /checkpoints-[0-9a-f-]{36}\.jsonl line \d+/);
});

test('after_end: a record appended after the end marker, properly chained', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  const last = parse(lines.at(-1));
  const extra = parse(lines[5]).record;
  extra.attributes['audit.sequence.number'] = { intValue: String(Number(last.record.attributes['audit.sequence.number'].intValue) + 1) };
  extra.attributes['audit.sequence.previous_hash'] = { stringValue: last.integrity_hash };
  extra.attributes['audit.sequence.previous_record_id'] = last.record.attributes['audit.record.id'];
  lines.push(forge(extra));
  writeLines(dir, file, lines);
  const r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'after_end');
  assert.equal(r.firstBreak.line, lines.length);
});

test('checkpoint_forged: a bad signature, and a rewritten chain under an intact checkpoint', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  // 1. The last checkpoint claims another head (signature no longer matches); its hash recomputed.
  const end = parse(lines.at(-1)).record;
  end.attributes['audit.checkpoint.sequence_number'] = { intValue: '3' };
  const tampered = [...lines];
  tampered[tampered.length - 1] = forge(end);
  writeLines(dir, file, tampered);
  let r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'checkpoint_forged');
  assert.equal(r.firstBreak.line, lines.length);

  // 2. Record 4 rewritten and every later record rehashed and relinked: the chain is consistent,
  //    but the first checkpoint after it signs the old head.
  const rewritten = [...lines];
  const rec = parse(rewritten[4]).record;
  rec.attributes['audit.outcome'] = { stringValue: 'failure' };
  rewritten[4] = JSON.stringify({ record: rec, integrity_hash: 'x' });
  relink(rewritten, 4);
  writeLines(dir, file, rewritten);
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'checkpoint_forged');
  assert.equal(r.firstBreak.line, checkpointLine(rewritten) + 1);
  assert.match(r.firstBreak.message, /signs head/);
});

test('checkpoint_foreign_key: checkpoints signed by a key other than the trusted one', async () => {
  const dir = await build();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const otherPub = path.join(dir, '..', path.basename(dir) + '-other.pub.pem');
  fs.writeFileSync(otherPub, publicKey.export({ type: 'spki', format: 'pem' }));
  let r = verifyStore(dir, { keyFile: otherPub });
  assert.equal(r.firstBreak.kind, 'checkpoint_foreign_key');
  assert.equal(r.firstBreak.line, checkpointLine(readLines(dir).lines) + 1);

  // An attacker re-signs the end checkpoint with their own key (and embeds their public key).
  const { file, lines } = readLines(dir);
  const end = parse(lines.at(-1)).record;
  const a = end.attributes;
  const statement = {
    head_hash: a['audit.checkpoint.head_hash'].stringValue,
    key_id: a['audit.checkpoint.key_id'].stringValue,
    previous: a['audit.checkpoint.previous_signature_hash'].stringValue,
    sequence_number: Number(a['audit.checkpoint.sequence_number'].intValue),
    stream_id: a['audit.checkpoint.stream_id'].stringValue,
    time: a['audit.checkpoint.time'].stringValue,
  };
  a['audit.checkpoint.signature'] = { stringValue: sign(null, Buffer.from(JSON.stringify(statement)), privateKey).toString('base64') };
  a['audit.checkpoint.public_key'] = { stringValue: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
  lines[lines.length - 1] = forge(end);
  writeLines(dir, file, lines);
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'checkpoint_foreign_key');
  assert.equal(r.firstBreak.line, lines.length);
});

/** Retention at 400 days over `dir`, recording what it deletes through `record`. */
function retentionManager(dir, record = () => {}) {
  return new RetentionManager({ dir, retentionDays: 400, streamId: 'verify-test', key: loadCheckpointKey(dir), currentFile: () => '', record, diagnostics: new Diagnostics() });
}

async function retentionStore() {
  const dir = await build({ records: 60, flushEvery: 4, config: { store: { maxSegmentBytes: 4096 } } });
  const segs = segments(dir);
  const old = new Date(Date.now() - 500 * 86400_000);
  for (const f of segs.slice(0, 2)) fs.utimesSync(path.join(dir, f), old, old);
  return { dir, segs };
}

test('retention: a signed gap at the start of a stream is accepted', async () => {
  const { dir, segs } = await retentionStore();
  const deleted = [];
  const manager = retentionManager(dir, (attrs) => deleted.push(attrs));
  assert.equal(manager.runOnce(), 2);
  assert.equal(segments(dir).length, segs.length - 2);
  const r = verifyStore(dir);
  assert.equal(r.ok, true, JSON.stringify(r.firstBreak));
  const s = r.streams[0];
  assert.equal(s.retainedUpTo, deleted[1]['audit.retention.last_number']);
  assert.equal(s.first, s.retainedUpTo + 1);
  assert.equal(s.ended, true);
});

test('retention: a gap without a validly signed ledger entry is rejected', async () => {
  const { dir, segs } = await retentionStore();
  // Deleted without a ledger entry.
  const first = readLines(dir, segs[0]);
  fs.rmSync(path.join(dir, segs[0]));
  let r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'deleted');
  assert.match(r.firstBreak.message, /no retention entry/);
  // A ledger entry signed with another key (or not at all).
  const recs = first.lines.slice(1).map(parse);
  const stream = recs[0].record.attributes['audit.sequence.stream_id'].stringValue;
  const entry = {
    stream_id: stream,
    file: segs[0],
    first_number: 1,
    last_number: Number(recs.at(-1).record.attributes['audit.sequence.number'].intValue),
    last_hash: recs.at(-1).integrity_hash,
    deleted_at: new Date().toISOString(),
    key_id: loadCheckpointKey(dir).keyId,
  };
  const { privateKey } = generateKeyPairSync('ed25519');
  entry.signature = sign(null, retentionEntryBytes(entry), privateKey).toString('base64');
  fs.writeFileSync(path.join(dir, 'retention.jsonl'), JSON.stringify(entry) + '\n');
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'retention_forged');
  assert.equal(r.firstBreak.file, 'retention.jsonl');
  assert.equal(r.firstBreak.line, 1);
  // The genuine key signs it, but the ledger claims fewer records than are missing.
  entry.last_number -= 1;
  entry.signature = sign(null, retentionEntryBytes(entry), loadCheckpointKey(dir).privateKey).toString('base64');
  fs.writeFileSync(path.join(dir, 'retention.jsonl'), JSON.stringify(entry) + '\n');
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'deleted');
});

test('malformed: a line that is not a record', async () => {
  const dir = await build();
  const { file, lines } = readLines(dir);
  lines[9] = '{"record":{"attributes":';
  writeLines(dir, file, lines);
  const r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'malformed');
  assert.equal(r.firstBreak.file, file);
  assert.equal(r.firstBreak.line, 10);
});

test('a torn last line of a crashed stream is a tolerated warning; after an end marker it is not', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-verify-crash-'));
  const child = `
    const { startAuditel } = require('@auditel/sdk');
    const { audit } = require('@auditel/api');
    const fs = require('node:fs');
    (async () => {
      startAuditel({ dir: ${JSON.stringify(dir)}, handleProcessExit: false, durability: 'sync' });
      for (let i = 0; i < 5; i++) await audit.commit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc', type: 'service' } });
      const seg = fs.readdirSync(${JSON.stringify(dir)}).find((f) => f.endsWith('.jsonl') && f.startsWith('audit-'));
      const lines = fs.readFileSync(${JSON.stringify(dir)} + '/' + seg, 'utf8').split('\\n');
      fs.appendFileSync(${JSON.stringify(dir)} + '/' + seg, lines[2].slice(0, 200));
      process.exit(0);
    })();`;
  execFileSync(process.execPath, ['-e', child], { cwd: here });
  let r = verifyStore(dir);
  assert.equal(r.ok, true, JSON.stringify(r.firstBreak));
  assert.equal(r.streams[0].ended, false);
  assert.ok(r.streams[0].tornTail);
  assert.equal(r.streams[0].tornTail.line, r.streams[0].records + 2);
  assert.match(r.warnings.join('\n'), /torn last line .* tolerated/);

  const clean = await build({ records: 3 });
  const seg = segments(clean)[0];
  fs.appendFileSync(path.join(clean, seg), '{"record":{"attri');
  r = verifyStore(clean);
  assert.equal(r.firstBreak.kind, 'malformed');
});

test('records of every shape (nested maps, arrays, escapes, non-ASCII, bytes, doubles) verify, and tampering with them is detected', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-verify-shapes-'));
  const auditel = startAuditel({ dir, handleProcessExit: false, checkpoint: { everyRecords: 5 } });
  const shapes = [
    { 'app.note': 'quote " backslash \\ newline \n tab \t' },
    { 'app.json': '{"audit.sequence.number":{"intValue":"999"}}', 'app.list': '[1,2]' },
    { 'app.nested': { 'audit.sequence.number': 999, 'audit.sequence.end': true, inner: { deep: [1, 'two', { x: 3 }] } } },
    { 'app.array': ['a', 'b', 3, true, 1.5] },
    { 'app.unicode': 'Zoë 東京 🚀 \u2028', 'app.double': -12.5e-3, 'app.big': 2 ** 60 },
    { 'app.bytes': new Uint8Array([0, 1, 2, 250]) },
    { 'audit.sequence.note': 'a user key inside the sequence namespace' },
    {},
  ];
  for (let round = 0; round < 3; round++) {
    for (const attributes of shapes) {
      audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: 'svc', type: 'service' }, attributes });
    }
    await new Promise((r) => setImmediate(r));
  }
  await auditel.shutdown();
  let r = verifyStore(dir);
  assert.equal(r.ok, true, JSON.stringify(r.firstBreak));
  assert.equal(r.streams[0].ended, true);
  assert.equal(r.streams[0].last, r.streams[0].records);

  const { file, lines } = readLines(dir);
  for (const [i, needle] of [
    [lines.findIndex((l) => l.includes('app.nested')), '"intValue":"999"'],
    [lines.findIndex((l) => l.includes('app.unicode')), 'Zoë'],
    [lines.findIndex((l) => l.includes('app.array')), '"stringValue":"b"'],
  ]) {
    const tampered = [...lines];
    tampered[i] = tampered[i].replace(needle, needle.replace(/9|ë|b/, (c) => ({ 9: '8', ë: 'e', b: 'c' })[c]));
    assert.notEqual(tampered[i], lines[i]);
    writeLines(dir, file, tampered);
    r = verifyStore(dir);
    assert.equal(r.firstBreak?.kind, 'modified', needle);
    assert.equal(r.firstBreak.line, i + 1);
  }
  // A nested `audit.sequence.end` must not end the stream: a record after it is no violation.
  writeLines(dir, file, lines);
  assert.equal(verifyStore(dir).ok, true);
});

test('the fast path reads exactly what the full parse reads, or defers to it', async (t) => {
  const { readLineBothWays } = await import('../dist/verify.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-verify-paths-'));
  const auditel = startAuditel({ dir, handleProcessExit: false });
  const values = ['plain', 'audit.sequence.number', '{"a":[1]}', 'Zoë "q"', '', 'x\ny', 7, -3, 2.5, 1e21, true, false, ['a', 1], [], { k: 'v' }, new Uint8Array([1, 2])];
  for (let i = 0; i < 64; i++) {
    const attributes = {};
    for (let j = 0; j < (i % 5) + 1; j++) attributes[`k${(i * 7 + j) % 11}.${j}`] = values[(i * 3 + j * 5) % values.length];
    audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', actor: { id: `a${i}`, type: 'service' }, attributes });
  }
  await auditel.shutdown();
  const { lines } = readLines(dir);
  const stream = attrOf(lines[1], 'audit.sequence.stream_id');
  const variants = [];
  for (const l of lines.slice(1)) {
    variants.push(l);
    const rec = parse(l).record;
    const a = rec.attributes;
    // Crafted, non-canonical forms an attacker could write (hash recomputed each time).
    const canonical = JSON.stringify(rec);
    const forgeText = (c) => `{"record":${c},"integrity_hash":"${sha256(c)}"}`;
    variants.push(forge({ ...rec, attributes: { 'audit.sequence.stream_id': a['audit.sequence.stream_id'], 'audit.sequence.number': a['audit.sequence.number'], ...a } })); // keys out of order
    variants.push(forgeText(canonical.replace('}},"event_name":', '},"audit.sequence.number":{"intValue":"424242"}},"event_name":'))); // a repeated key, last wins
    variants.push(forge({ ...rec, attributes: { ...a, 'a.nested': { 'audit.sequence.end': { boolValue: true } } } }));
    variants.push(forge({ ...rec, attributes: { ...a, 'audit.sequence.end': { boolValue: false } } }));
    variants.push(forge({ ...rec, attributes: { ...a, 'audit.sequence.previous_hash': { stringValue: 'a\"b' } } }));
    variants.push(l.replace('"audit.sequence.number":{"intValue":"', '"audit.sequence.number":{"intValue":"0'));
  }
  let fast = 0;
  for (const v of variants) {
    const both = readLineBothWays(v, stream);
    if (both.fast !== undefined) {
      fast++;
      assert.deepEqual(both.fast, both.full, v);
    }
  }
  t.diagnostic(`fast path: ${fast} of ${variants.length} lines (${lines.length - 1} as written)`);
  assert.ok(fast >= lines.length / 2, `fast path used for ${fast} of ${variants.length} lines`);
  assert.ok(fast < variants.length - lines.length, 'crafted forms defer to the full parse');
});

test('retention: a stream with no segment left loses its witness file too, and the store still verifies', async () => {
  const { dir, segs } = await retentionStore();
  const old = new Date(Date.now() - 500 * 86400_000);
  for (const f of segs) fs.utimesSync(path.join(dir, f), old, old);
  const witness = fs.readdirSync(dir).filter((f) => /^checkpoints-.*\.jsonl$/.test(f));
  assert.equal(witness.length, 1);
  const manager = retentionManager(dir);
  assert.equal(manager.runOnce(), segs.length);
  assert.equal(segments(dir).length, 0);
  assert.ok(!fs.existsSync(path.join(dir, witness[0])), 'the witness of the deleted stream is gone');
  const r = verifyStore(dir);
  assert.equal(r.ok, true, JSON.stringify(r.firstBreak));
});

test('witness: compacted to its last checkpoints past 1 MiB; a cut-off tail is still detected; an older checkpoints.jsonl is still read', async () => {
  const { WITNESS_COMPACT_BYTES, WITNESS_KEEP } = await import('../dist/processors/store.js');
  const dir = await build({ records: 800, config: { checkpoint: { everyRecords: 1 } } });
  const name = fs.readdirSync(dir).find((f) => /^checkpoints-.*\.jsonl$/.test(f));
  const witnessed = fs.readFileSync(path.join(dir, name), 'utf8').trim().split('\n');
  const cps = readStore(dir).filter((x) => x.record.eventName === 'audit.checkpoint');
  assert.ok(cps.length * witnessed[0].length > WITNESS_COMPACT_BYTES, `${cps.length} checkpoints outgrow the limit`);
  assert.ok(witnessed.length >= WITNESS_KEEP && witnessed.length < cps.length / 2, `compacted: ${witnessed.length} of ${cps.length} lines`);
  assert.deepEqual(witnessed, cps.slice(-witnessed.length).map((c) => c.text), 'the last checkpoints, in order');
  assert.equal(verifyStore(dir).ok, true);

  const { file, lines } = readLines(dir);
  const full = lines.slice();
  lines.splice(lines.length - 3); // the end checkpoint and what precedes it
  writeLines(dir, file, lines);
  let r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'truncated');
  assert.match(r.firstBreak.message, new RegExp(`${name.replace(/\./g, '\\.')} line \\d+`));

  // A store written before witness files were per stream: the same lines in checkpoints.jsonl.
  fs.renameSync(path.join(dir, name), path.join(dir, 'checkpoints.jsonl'));
  r = verifyStore(dir);
  assert.equal(r.firstBreak.kind, 'truncated');
  assert.match(r.firstBreak.message, /checkpoints\.jsonl line \d+/);
  writeLines(dir, file, full);
  assert.equal(verifyStore(dir).ok, true);
});
