// Shared by the data-layer tests: make sure a local service is up (start it with the node-svc
// commands when it is down, else fail clearly), run an app under the preload as a child process,
// read every record back from the store.
import { spawn, execSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { gunzipSync } from 'node:zlib';
import { readRecords } from '../../../test/helpers/store.mjs';
import { stopChild } from '../../../test/helpers/process.mjs';

const ROOT = new URL('../../../', import.meta.url).pathname;

const SERVICES = {
  postgres: { port: 5432, start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' },
  mariadb: { port: 3306, start: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd' },
  redis: { port: 6379, start: 'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log' },
};

const reachable = (port) =>
  new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.setTimeout(1000, () => (s.destroy(), resolve(false)));
  });

/** Starts the service when it is down; throws a clear error when it cannot be started. */
export async function ensureService(name) {
  const svc = SERVICES[name];
  if (await reachable(svc.port)) return;
  try {
    execSync(svc.start, { stdio: 'ignore', shell: '/bin/bash', timeout: 20000 });
  } catch (e) {
    throw new Error(`${name} is down on 127.0.0.1:${svc.port} and could not be started with "${svc.start}": ${e.message}`);
  }
  for (let i = 0; i < 40; i++) {
    if (await reachable(svc.port)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} did not come up on 127.0.0.1:${svc.port} after "${svc.start}"`);
}

/**
 * Runs `node --require @auditel/node/register app.cjs` (the app's source is `code`). The app prints
 * `READY [port]` when it is ready; the caller may then talk to it; `stop()` sends SIGTERM and waits.
 */
export async function runApp(code, { env = {}, config, preArgs = [], files = {}, esm = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'auditel-data-'));
  const store = join(dir, 'store');
  const app = join(dir, esm ? 'app.mjs' : 'app.cjs');
  writeFileSync(app, code);
  // ES modules resolve bare specifiers from the file's folder (NODE_PATH is CommonJS only)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const childEnv = { ...process.env, AUDITEL_DIR: store, NODE_PATH: join(ROOT, 'node_modules'), OTEL_SERVICE_NAME: 'data-test', ...env };
  delete childEnv.NODE_OPTIONS;
  if (config) {
    writeFileSync(join(dir, 'auditel.json'), JSON.stringify(config));
    childEnv.AUDITEL_CONFIG = join(dir, 'auditel.json');
  }
  const child = spawn(process.execPath, [...preArgs.map((a) => a.replace('$DIR', dir)), esm ? '--import' : '--require', '@auditel/node/register', app], { env: childEnv, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`app not ready in 20 s: ${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = /READY ?(\d*)/.exec(stdout);
      if (m) {
        clearTimeout(t);
        resolve(m[1] ? Number(m[1]) : 0);
      }
    });
    child.once('exit', () => {
      clearTimeout(t);
      reject(new Error(`app exited before READY: ${stdout}\n${stderr}`));
    });
  });
  return {
    port: ready,
    dir: store,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    async stop() {
      return stopChild(child, exited);
    },
    records: () => readRecords(store),
    /** Everything in the store folder, decompressed, as one string (for "never appears anywhere"). */
    allText: () => allText(store),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function allText(dir) {
  let s = '';
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const f = join(d, e.name);
      if (e.isDirectory()) walk(f);
      else {
        const b = readFileSync(f);
        s += (f.endsWith('.gz') ? gunzipSync(b) : b).toString('utf8') + '\n';
      }
    }
  };
  walk(dir);
  return s;
}

/** Records of one system whose summary mentions `marker` (the test's unique table or key prefix). */
export function dataRecords(records, marker) {
  return records.filter((r) => JSON.stringify(r.a).includes(marker) && r.a['audit.actor.id'] !== 'auditel');
}

export const unique = (p) => `${p}_${process.pid}_${Date.now().toString(36)}`;

export { readRecords };
