// `auditel hash`, `auditel redact` and `auditel collector-config`, run as users run them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { audit } from '@auditel/api';
import { startAuditel } from '@auditel/sdk';
import { readStore, a, tempDir } from '../../../test/helpers/store.mjs';

const BIN = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const run = (args, env = {}) =>
  new Promise((resolve) => execFile(process.execPath, [BIN, ...args], { env: { ...process.env, AUDITEL_DIAGNOSTICS: 'off', ...env } }, (err, stdout, stderr) => resolve({ code: err ? err.code : 0, stdout, stderr })));

test('auditel hash gives the pseudonym the store uses for a user, and the look-up is audited without the value', async (t) => {
  const dir = tempDir(t);
  const auditel = startAuditel({ dir, handleProcessExit: false });
  audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'success', actor: { id: 'alice@example.com' } });
  await auditel.shutdown();
  const stored = a(readStore(dir).find((r) => r.record.eventName === 'audit.authentication'), 'audit.actor.id');
  const r = await run(['hash', 'alice@example.com', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), stored);
  const access = readStore(dir).filter((x) => x.record.eventName === 'audit.audit_log_access');
  assert.equal(access.length, 1);
  assert.ok(!readStore(dir).some((x) => x.text.includes('alice@example.com')), 'the value is not recorded');
  assert.equal((await run(['hash'])).code, 2, 'a missing value is a usage error');
});

test('auditel redact --spans: one JSON line per input, in order; a bad line is named and skipped', async () => {
  const child = spawn(process.execPath, [BIN, 'redact', '--spans'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  child.stdin.end(['{"field":"note","value":"mail bob@example.com now"}', 'not json', '{"field":"x","value":"nothing here"}'].join('\n') + '\n');
  const [code] = await once(child, 'exit');
  assert.equal(code, 1);
  assert.match(err, /line 2/);
  const lines = out.trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 2);
  assert.ok(!lines[0].value.includes('bob@example.com'));
  assert.deepEqual(lines[0].spans.map((s) => [s.start, s.end]), [[5, 20]]);
  assert.deepEqual(lines[1], { value: 'nothing here', spans: [] });
});

test('auditel collector-config redaction prints a redaction processor section that parses', async () => {
  const r = await run(['collector-config', 'redaction']);
  assert.equal(r.code, 0, r.stderr);
  const doc = parseYaml(r.stdout);
  const processors = doc.processors ?? doc;
  assert.ok(Object.keys(processors).some((k) => k.startsWith('redaction')), r.stdout.slice(0, 200));
  assert.equal((await run(['collector-config', 'nonsense'])).code, 2);
});
