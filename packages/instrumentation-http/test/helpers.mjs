// Test helpers: start a fixture app under the preload as a child process, exactly as a user would,
// and read the records back from the store.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRecords } from '../../../test/helpers/store.mjs';
import { stopChild } from '../../../test/helpers/process.mjs';

export const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** Starts `node --require|--import @auditel/node/register <fixture>`; resolves once it prints READY <port>. */
export async function startApp(fixture, { env = {}, preload = fixture.endsWith('.mjs') ? '--import' : '--require', config } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'auditel-http-'));
  const childEnv = { ...process.env, AUDITEL_DIR: dir, AUDITEL_DIAGNOSTICS: 'on', ...env };
  delete childEnv.NODE_OPTIONS;
  if (config) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'auditel.json'), JSON.stringify(config));
    childEnv.AUDITEL_CONFIG = join(dir, 'auditel.json');
  }
  const args = preload ? [...(env.EXTRA_PRELOAD ? ['--require', env.EXTRA_PRELOAD] : []), preload, '@auditel/node/register', join(fixtures, fixture)] : [join(fixtures, fixture)];
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], cwd: fixtures });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`app did not start: ${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /READY (\d+)/.exec(stdout);
      if (m) {
        clearTimeout(t);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error(`app exited before it was ready: ${stderr}`)));
  });
  return {
    port,
    dir,
    url: `http://127.0.0.1:${port}`,
    get stderr() {
      return stderr;
    },
    exited,
    /** SIGTERM, wait for the exit (the store is flushed then), read the records. */
    async stop() {
      return stopChild(child, exited);
    },
    records() {
      return readRecords(dir);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const apiRecords = (records, dir = 'inbound') => records.filter((r) => r.event === 'audit.api_request' && r.a['audit.api.direction'] === dir);

/** A GET/POST through fetch that never throws; returns the status (0 on a network error). */
export async function req(url, init = {}) {
  try {
    const r = await fetch(url, init);
    await r.arrayBuffer();
    return r.status;
  } catch {
    return 0;
  }
}

export function jwt(payload) {
  const b = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b({ alg: 'HS256', typ: 'JWT' })}.${b(payload)}.c2lnbmF0dXJl`;
}

export { readRecords };
