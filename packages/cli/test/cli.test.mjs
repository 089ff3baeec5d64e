// The `auditel` binary as users run it: a child process per command, real stores written by the SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createHash, createPublicKey } from 'node:crypto';
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { audit } from '@auditel/api';
import { startAuditel, verifyStore } from '@auditel/sdk';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'dist', 'bin.js');

function run(args, { env = {}, cwd = here } = {}) {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, AUDITEL_DIAGNOSTICS: 'off', ...env }, cwd }, (err, stdout, stderr) => {
      resolve({ code: err ? err.code : 0, stdout, stderr });
    });
  });
}

async function writeRecords(dir, n, config = {}) {
  const auditel = startAuditel({ dir, handleProcessExit: false, ...config });
  for (let i = 0; i < n; i++) {
    audit({
      event: i % 3 === 0 ? 'audit.permission_change' : 'audit.authentication',
      action: i % 3 === 0 ? 'GRANT' : 'LOGIN',
      outcome: 'success',
      actor: { id: 'svc-billing', type: 'service', personal: false },
      target: { type: 'account', id: `acct-${i}` },
      attributes: { 'test.index': i },
    });
    if (config.store) await auditel.flush();
  }
  await auditel.shutdown();
}

async function store(n = 12) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-cli-'));
  await writeRecords(dir, n);
  return dir;
}

const jsonLines = (text) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

test('help, unknown commands and flags', async () => {
  let r = await run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /verify/);
  assert.match(r.stdout, /tail/);
  r = await run(['help', 'verify']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--show-key/);
  r = await run(['tail', '--help']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /--event NAME/);
  r = await run([]);
  assert.equal(r.code, 2);
  r = await run(['frobnicate']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /unknown command 'frobnicate'/);
  r = await run(['verify', '--frob']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--frob/);
  r = await run(['tail', '-n', 'lots', os.tmpdir()]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /-n needs a whole number/);
  r = await run(['verify', path.join(os.tmpdir(), 'no-such-auditel-store')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no store at/);
});

test('verify: OK with a summary per stream, --json shape, and the access record it leaves', async () => {
  const dir = await store();
  let r = await run(['verify', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^OK /);
  assert.match(r.stdout, /ended cleanly/);

  r = await run(['verify', '--json'], { env: { AUDITEL_DIR: dir } });
  assert.equal(r.code, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.ok, true);
  assert.equal(report.dir, dir);
  assert.equal(report.streams.length, 2); // the app's stream and the first verify's access record
  for (const s of report.streams) {
    assert.equal(typeof s.id, 'string');
    assert.equal(s.ended, true);
    assert.equal(s.first, 1);
    assert.equal(s.last, s.records);
    assert.deepEqual(s.breaks, []);
  }
  assert.deepEqual(report.breaks, []);
  assert.match(report.key.keyId, /^sha256:[0-9a-f]{64}$/);
  assert.equal(report.key.pem, undefined);

  // Each verify wrote an audit.audit_log_access record into the store, after reading it.
  r = await run(['tail', dir, '--json', '-n', '10', '--event', 'audit.audit_log_access']);
  assert.equal(r.code, 0, r.stderr);
  const access = jsonLines(r.stdout);
  assert.equal(access.length, 2);
  const [first, second] = access.map((x) => x.attributes);
  assert.equal(first['process.command_line'], 'auditel verify');
  assert.equal(second['process.command_line'], 'auditel verify --json');
  assert.equal(second['audit.action'], 'READ');
  assert.equal(second['audit.actor.type'], 'user');
  assert.equal(second['audit.target.id'], dir);
  assert.equal(second['audit.verify.ok'], true);
  assert.equal(typeof second['audit.verify.records'], 'number');
  assert.equal(verifyStore(dir).ok, true);
});

test('verify: a tampered store exits 1 with the first break, its kind, file and line', async () => {
  const dir = await store();
  const seg = fs.readdirSync(dir).find((f) => f.startsWith('audit-') && f.endsWith('.jsonl'));
  const lines = fs.readFileSync(path.join(dir, seg), 'utf8').split('\n');
  lines[4] = lines[4].replace('"acct-', '"ACCT-');
  fs.writeFileSync(path.join(dir, seg), lines.join('\n'));
  let r = await run(['verify', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, new RegExp(`^BROKEN .*: modified at ${seg.replace(/\./g, '\\.')}:5`));
  r = await run(['verify', dir, '--json']);
  assert.equal(r.code, 1);
  const report = JSON.parse(r.stdout);
  assert.equal(report.ok, false);
  assert.deepEqual(
    { kind: report.firstBreak.kind, file: report.firstBreak.file, line: report.firstBreak.line },
    { kind: 'modified', file: seg, line: 5 },
  );
  // The access record of a failed verification says so.
  r = await run(['tail', dir, '--json', '-n', '1', '--event', 'audit.audit_log_access']);
  const [last] = jsonLines(r.stdout);
  assert.equal(last.attributes['audit.verify.ok'], false);
  assert.equal(last.attributes['audit.verify.break.kind'], 'modified');
});

test('verify --show-key prints the trusted key and its sha256 key id; --key trusts another file', async () => {
  const dir = await store(3);
  const pem = fs.readFileSync(path.join(dir, 'checkpoint-ed25519.pub.pem'), 'utf8');
  const keyId = 'sha256:' + createHash('sha256').update(createPublicKey(pem).export({ type: 'spki', format: 'der' })).digest('hex');
  let r = await run(['verify', dir, '--show-key']);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.includes(pem.trim()));
  assert.ok(r.stdout.includes(keyId));
  r = await run(['verify', dir, '--show-key', '--json']);
  assert.equal(JSON.parse(r.stdout).key.keyId, keyId);
  assert.equal(JSON.parse(r.stdout).key.pem.trim(), pem.trim());

  const other = await store(1);
  r = await run(['verify', dir, '--json', '--key', path.join(other, 'checkpoint-ed25519.pub.pem')]);
  assert.equal(r.code, 1);
  assert.equal(JSON.parse(r.stdout).firstBreak.kind, 'checkpoint_foreign_key');
  r = await run(['verify', dir, '--key', path.join(dir, 'nope.pem')]);
  assert.equal(r.code, 2);
});

test('tail: last N records, human lines, --event filter and --json with unwrapped attributes', async () => {
  const dir = await store(12);
  let r = await run(['tail', dir, '-n', '3']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  for (const l of lines) assert.match(l, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\s+audit\.\S+\s+[A-Z]+\s+(success|failure)\s+actor=\S+ target=\S+$/);
  assert.match(lines[2], /audit\.checkpoint\s+CHECKPOINT/); // the end checkpoint is the newest record

  r = await run(['tail', dir, '--event', 'audit.authentication', '--json', '-n', '100']);
  assert.equal(r.code, 0, r.stderr);
  const recs = jsonLines(r.stdout);
  assert.equal(recs.length, 8);
  for (const x of recs) {
    assert.equal(x.eventName, 'audit.authentication');
    assert.equal(x.attributes['audit.action'], 'LOGIN');
    assert.equal(x.attributes['audit.actor.id'], 'svc-billing');
    assert.equal(typeof x.attributes['audit.sequence.number'], 'number');
    assert.match(x.time, /Z$/);
  }
  assert.deepEqual(recs.map((x) => x.attributes['test.index']), [1, 2, 4, 5, 7, 8, 10, 11]);
  r = await run(['tail', dir, '--event', 'audit.permission_change']);
  assert.equal(r.stdout.trim().split('\n').length, 4);
  assert.match(r.stdout, /GRANT\s+success\s+actor=service:svc-billing target=account:acct-0/);
});

test('tail -f follows new records across segment rotation until SIGINT', async () => {
  const dir = await store(2);
  const child = spawn(process.execPath, [BIN, 'tail', dir, '-f', '-n', '0', '--json', '--event', 'audit.authentication'], {
    env: { ...process.env, AUDITEL_DIAGNOSTICS: 'off' },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // The follower is set up before tail writes its access record: wait for that record.
  const deadline = Date.now() + 15000;
  const tailStarted = () =>
    fs.readdirSync(dir).some((f) => f.startsWith('audit-') && f.endsWith('.jsonl') && fs.readFileSync(path.join(dir, f), 'utf8').includes('auditel tail -n 0 -f'));
  while (!tailStarted()) {
    assert.ok(Date.now() < deadline, 'tail -f did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  await writeRecords(dir, 30, { store: { maxSegmentBytes: 4096 } });
  const segs = fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl.gz'));
  assert.ok(segs.length >= 3, `rotated segments: ${segs.length}`);
  while (jsonLines(out).length < 20) {
    assert.ok(Date.now() < deadline, `tail -f printed ${jsonLines(out).length} of 20 records`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGINT');
  const { code } = await exited;
  assert.equal(code, 0);
  const idx = jsonLines(out).map((x) => x.attributes['test.index']);
  assert.deepEqual(idx, [...Array(30).keys()].filter((i) => i % 3 !== 0));
});

test('tail -f: a segment that cannot be read (renamed to .gz meanwhile) holds back its later segments until the next poll', async () => {
  const { Follower } = await import('../dist/commands/tail.js');
  const { readSegmentText, unwrapAttributes } = await import('@auditel/sdk');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-follow-'));
  let failing;
  const read = (d, seg) => {
    if (seg.index === failing) throw Object.assign(new Error(`ENOENT: ${seg.file}`), { code: 'ENOENT' });
    return Buffer.from(readSegmentText(d, seg), 'utf8');
  };
  const follower = new Follower(dir, read); // started on an empty store: every record is new to it
  await writeRecords(dir, 30, { store: { maxSegmentBytes: 4096 } });
  const indexes = (recs) => recs.map((r) => unwrapAttributes(r.attributes)['test.index']).filter((i) => i !== undefined);
  const segments = fs.readdirSync(dir).filter((f) => /^audit-.*\.jsonl(\.gz)?$/.test(f)).length;
  assert.ok(segments >= 3, `segments: ${segments}`);
  failing = 2; // the second segment vanishes between listing and reading
  const first = indexes(follower.poll());
  failing = undefined;
  const second = indexes(follower.poll());
  assert.ok(first.length > 0 && second.length > 0, `first poll ${first.length}, second ${second.length}`);
  assert.deepEqual([...first, ...second], [...Array(30).keys()], 'every record once, in order');
});

test('a store whose signing key is not here still verifies; the access record is skipped with a warning', async () => {
  const dir = await store(3);
  fs.rmSync(path.join(dir, 'checkpoint-ed25519.pem'));
  const before = fs.readdirSync(dir).sort();
  const r = await run(['verify', dir]);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /warning: the access record was not written .*signing key/);
  assert.deepEqual(fs.readdirSync(dir).sort(), before);
});
