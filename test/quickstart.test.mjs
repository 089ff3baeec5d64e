// The quickstart example, run as a user would: under the preload, then checked through its store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStore, a, tempDir } from './helpers/store.mjs';

const root = new URL('..', import.meta.url).pathname;

test('quickstart: login and permission change are audited, clean of secrets, and the stream ends on SIGTERM', async (t) => {
  const dir = tempDir(t);
  const child = spawn(process.execPath, ['--require', '@auditel/node/register', 'server.js'], {
    cwd: join(root, 'examples/quickstart'),
    env: { ...process.env, AUDITEL_DIR: dir, PORT: '0', OTEL_SERVICE_NAME: 'quickstart' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = await once(child.stdout, 'data');
  const base = String(line).match(/http:\/\/[\d.:]+/)[0];
  const post = (p, body) => fetch(base + p, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
  assert.equal(await post('/login', { user: 'alice', password: 'wonderland' }), 200);
  assert.equal(await post('/login', { user: 'bob', password: 'wrong-password-123' }), 401);
  assert.equal(await post('/admin/grant', { admin: 'alice', user: 'bob', role: 'editor' }), 200);
  assert.equal(await post('/admin/grant', { admin: 'bob', user: 'bob', role: 'admin' }), 403);
  child.kill('SIGTERM');
  await once(child, 'exit');

  const recs = readStore(dir);
  // The app's own audit() records; the HTTP hook adds its own for each request (and for the 401).
  const manual = (r) => a(r, 'http.request.method') === undefined;
  const logins = recs.filter((r) => r.record.eventName === 'audit.authentication' && manual(r));
  assert.deepEqual(logins.map((r) => a(r, 'audit.outcome')), ['success', 'failure']);
  const grants = recs.filter((r) => r.record.eventName === 'audit.permission_change' && manual(r));
  assert.deepEqual(grants.map((r) => [a(r, 'audit.action'), a(r, 'audit.outcome'), a(r, 'audit.authz.permission')]), [
    ['GRANT', 'success', 'users:grant-role'],
    ['GRANT', 'failure', 'users:grant-role'],
  ]);
  for (const r of [...logins, ...grants]) {
    assert.match(String(a(r, 'audit.actor.id')), /^hmac:/);
    assert.match(String(a(r, 'audit.source.id')), /^hmac:/);
  }
  const everything = readdirSync(dir).filter((f) => f.includes('.jsonl')).map((f) => readFileSync(join(dir, f))).join('');
  for (const secret of ['wonderland', 'wrong-password-123', '"alice"']) assert.ok(!everything.includes(secret), `no ${secret} in the store`);
  // The client's address (127.0.0.1 here) is never stored; the server's own address may be (server.address).
  const served = everything.split('"server.address":{"stringValue":"127.0.0.1"}').length - 1;
  assert.equal(everything.split('127.0.0.1').length - 1, served, 'no client address in the store');
  assert.equal(a(recs.at(-1), 'audit.sequence.end'), true, 'SIGTERM closed the stream cleanly');
  const header = JSON.parse(readFileSync(join(dir, recs[0].file), 'utf8').split('\n')[0]);
  assert.equal(header.segment.resource['service.name'], 'quickstart');
});
