// Durability under crashes and failing disks, against the real file system.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';

import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { audit, flush } from '@auditel/api';
import { startAuditel, integrityHash, verifyStore } from '@auditel/sdk';
import { readStore, a, tempDir } from '../../../test/helpers/store.mjs';

const root = new URL('../../..', import.meta.url).pathname;

/** 'ok', or the first break; `gap` = [first, last] sequence numbers a declared loss may skip. */
function chainIsIntact(recs, gap) {
  for (let i = 0; i < recs.length; i++) {
    if (integrityHash(recs[i].canonical) !== recs[i].hash) return `hash of record ${i + 1}`;
    if (i === 0 || recs[i].streamId !== recs[i - 1].streamId) continue;
    const n = a(recs[i], 'audit.sequence.number');
    const prev = a(recs[i - 1], 'audit.sequence.number');
    if (gap && prev === gap[0] - 1 && n === gap[1] + 1) continue;
    if (n !== prev + 1 || a(recs[i], 'audit.sequence.previous_hash') !== recs[i - 1].hash) return `link at ${n}`;
  }
  return 'ok';
}

test('SIGKILL during a sync-mode write burst: every committed record survives; only an unacknowledged tail may be torn', async (t) => {
  const dir = tempDir(t);
  const app = join(root, 'packages/sdk/test/fixtures/commit-burst.cjs');
  const child = spawn(process.execPath, ['--require', '@auditel/node/register', app], {
    cwd: root,
    env: { ...process.env, AUDITEL_DIR: dir, AUDITEL_DURABILITY: 'sync', AUDITEL_DIAGNOSTICS: 'off' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked = [];
  let buf = '';
  await new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      acked.push(...lines);
      if (acked.length >= 300 && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', resolve);
  });
  assert.equal(child.signalCode, 'SIGKILL');
  const recs = readStore(dir).filter((r) => r.record);
  const stored = new Set(recs.map((r) => a(r, 'audit.record.id')));
  const missing = acked.filter((id) => !stored.has(id));
  assert.deepEqual(missing, [], 'every acknowledged record is in the store');
  assert.equal(chainIsIntact(recs), 'ok');
  assert.ok(!recs.some((r) => a(r, 'audit.sequence.end')), 'a killed stream has no end marker');
  const report = verifyStore(dir);
  assert.equal(report.ok, true, JSON.stringify(report.breaks));
  assert.equal(report.streams[0].ended, false);
});

function mountTmpfs(t, options) {
  const dir = mkdtempSync(join(tmpdir(), 'auditel-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  t.after(() => {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test('disk full: the host keeps running, the failure is reported, and recorded once the disk has room again', async (t) => {
  const mnt = mountTmpfs(t, 'size=96k');
  if (!mnt) return t.skip('needs root to mount a size-limited tmpfs');
  const dir = join(mnt, 'store');
  const auditel = startAuditel({ dir, handleProcessExit: false, store: { highWaterBytes: 4096, maxBufferBytes: 256 * 1024 } });
  t.after(() => auditel.shutdown());
  const before = process.stderr.write;
  let stderr = '';
  process.stderr.write = (s, ...rest) => ((stderr += s), true);
  try {
    for (let i = 0; i < 3000; i++) audit({ event: 'audit.data_access', action: 'READ', outcome: 'success', attributes: { i, pad: 'x'.repeat(200) } });
  } finally {
    process.stderr.write = before;
  }
  const s1 = auditel.stats();
  assert.ok(s1.writeFailures > 0, 'writes failed');
  assert.ok(s1.lostRecords > 0, 'the buffer cap forced a counted loss');
  assert.match(stderr, /cannot write the audit store .*ENOSPC/);
  // Make room, then the retry writes what is buffered and records the episode.
  execFileSync('mount', ['-o', 'remount,size=64m', mnt]);
  await new Promise((r) => setTimeout(r, 1500));
  await flush();
  const recs = readStore(dir);
  const err = recs.find((r) => r.record.eventName === 'audit.system_error' && a(r, 'audit.target.type') === 'audit.store');
  assert.ok(err, 'the failure is itself recorded');
  assert.equal(a(err, 'error.type'), 'ENOSPC');
  assert.equal(a(err, 'audit.failure.records_lost'), s1.lostRecords);
  const gap = [a(err, 'audit.loss.first_number'), a(err, 'audit.loss.last_number')];
  assert.equal(gap[1] - gap[0] + 1, s1.lostRecords, 'the declared gap is exactly the lost records');
  assert.ok(recs.every((r) => r.record), 'whole lines only: no torn write left in the segment');
  assert.equal(chainIsIntact(recs, gap), 'ok', 'the chain is intact but for the declared gap');
  await auditel.shutdown();
  const report = verifyStore(dir);
  assert.equal(report.ok, true, JSON.stringify(report.breaks));
  assert.deepEqual(report.streams[0].lost, [{ first: gap[0], last: gap[1] }], 'verify accepts exactly the declared loss');
  // The same gap without its signed declaration is a deletion.
  rmSync(join(dir, 'losses.jsonl'));
  assert.equal(verifyStore(dir).firstBreak?.kind, 'deleted');
});

test('read-only folder: Auditel starts anyway, commit() rejects, audit() does not throw, and writing resumes when it is writable again', async (t) => {
  const mnt = mountTmpfs(t, 'size=8m,ro');
  if (!mnt) return t.skip('needs root to mount a tmpfs');
  const saved = process.env.AUDITEL_DIAGNOSTICS;
  process.env.AUDITEL_DIAGNOSTICS = 'off';
  const auditel = startAuditel({ dir: mnt, handleProcessExit: false, commitTimeoutMs: 500 });
  t.after(() => auditel.shutdown());
  try {
    assert.ok(auditel.diagnostics.reports.some((r) => /checkpoint signing key .*EROFS/.test(r)), auditel.diagnostics.reports.join('\n'));
    assert.doesNotThrow(() => audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'failure', attributes: { marker: 'during-ro' } }));
    await assert.rejects(audit.commit({ event: 'audit.permission_change', action: 'GRANT', outcome: 'success' }), /not durable within 500 ms/);
  } finally {
    process.env.AUDITEL_DIAGNOSTICS = saved;
  }
  assert.ok(auditel.stats().writeFailures > 0);
  execFileSync('mount', ['-o', 'remount,rw', mnt]);
  await new Promise((r) => setTimeout(r, 1500));
  await flush();
  const recs = readStore(mnt);
  assert.ok(recs.some((r) => a(r, 'marker') === 'during-ro'), 'the record buffered during the outage was written');
  assert.ok(recs.some((r) => r.record.eventName === 'audit.system_error' && a(r, 'error.type') === 'EROFS'));
  await auditel.shutdown();
});
