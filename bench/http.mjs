// HTTP auditing overhead: requests/s of a node:http hello-world and of an express 5 app with no
// instrumentation, with Auditel's preload, with OpenTelemetry's auto-instrumentations-node register
// and, for scale, with pino-http logging one plain line per request, in the same run; the load
// generator (autocannon) runs in its own process. Then the start-up cost (wall time and peak RSS of `node -e 0`) of each preload. Besides req/s (which
// moves with whatever else the machine runs), it prints the server's CPU time per request (from
// /proc) and its ratio to uninstrumented: the throughput ratio when the server is CPU-bound; and
// the worst p99 latency autocannon saw over the rounds.
//
//   npm run build && node bench/http.mjs [--duration 5] [--connections 20] [--rounds 1] [--only startup|load]
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { stopChild } from '../test/helpers/process.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const fixtures = join(root, 'packages/instrumentation-http/test/fixtures');
const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const duration = Number(arg('duration', 5));
const connections = Number(arg('connections', 20));
const rounds = Number(arg('rounds', 1));
const only = arg('only', 'all');
const autocannonBin = join(dirname(require.resolve('autocannon/package.json')), 'autocannon.js');

// An OTLP sink for OpenTelemetry's exporters (so that its spans are really exported).
const sink = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((r) => sink.listen(0, '127.0.0.1', r));
const sinkUrl = `http://127.0.0.1:${sink.address().port}`;

const storeDir = mkdtempSync(join(tmpdir(), 'auditel-bench-http-'));
// The HTTP hook's own cost: a no-op audit() sink registered before Auditel's (first one wins).
const noopSink = join(storeDir, 'noop-sink.cjs');
writeFileSync(noopSink, `require(${JSON.stringify(require.resolve('@auditel/api'))}).setAuditSink({ record() {}, commit: async () => ({}), flush: async () => {} });\n`);
// A peer for scale: pino-http, the usual one-log-line-per-request logger, writing each request's
// line to a file with pino's asynchronous destination (no chain, no hash, no fsync), hooked in
// without code change by a preload like Auditel's.
const pinoPreload = join(storeDir, 'pino-http-preload.cjs');
writeFileSync(
  pinoPreload,
  `const http = require('node:http');
const pino = require(${JSON.stringify(require.resolve('pino'))});
const logger = require(${JSON.stringify(require.resolve('pino-http'))})({ logger: pino(pino.destination({ dest: ${JSON.stringify(join(storeDir, 'pino-http.log'))}, sync: false })) });
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, req, res) {
  if (event === 'request') logger(req, res);
  return emit.apply(this, arguments);
};
`,
);
const MODES = {
  none: { args: [], env: {} },
  'pino-http (one unchained log line per request)': { args: ['--require', pinoPreload], env: {} },
  auditel: { args: ['--require', '@auditel/node/register'], env: { AUDITEL_DIR: storeDir } },
  'auditel hook, no-op sink': { args: ['--require', noopSink, '--require', '@auditel/node/register'], env: { AUDITEL_DIR: storeDir, AUDITEL_DIAGNOSTICS: 'off' } },
  otel: {
    args: ['--require', '@opentelemetry/auto-instrumentations-node/register'],
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_METRICS_EXPORTER: 'none',
      OTEL_LOGS_EXPORTER: 'none',
      OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
      OTEL_SERVICE_NAME: 'bench',
    },
  },
};
const APPS = {
  'node:http': { file: 'http-app.cjs', path: '/hello' },
  'express 5': { file: 'express-app.cjs', path: '/api/users/42' },
};

function startServer(app, mode) {
  const child = spawn(process.execPath, [...MODES[mode].args, join(fixtures, app.file)], {
    cwd: root,
    env: { ...process.env, ...MODES[mode].env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`${app.file} (${mode}) did not start`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /READY (\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.once('exit', () => reject(new Error(`${app.file} (${mode}) exited`)));
  });
}

/** CPU time (user + system, µs) the server process has used so far, from /proc (Linux). */
function cpuMicros(pid) {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) * (1e6 / 100);
  } catch {
    return NaN;
  }
}

function load(url, seconds) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [autocannonBin, '-j', '-c', String(connections), '-d', String(seconds), url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.once('exit', () => {
      try {
        const r = JSON.parse(out);
        resolve({ rps: r.requests.average, total: r.requests.total, p99: r.latency.p99, errors: r.errors + r.non2xx });
      } catch (e) {
        reject(e);
      }
    });
  });
}

function stop(child) {
  return stopChild(child, new Promise((r) => child.once('exit', r)));
}

if (only !== 'startup') {
  console.log(`load: autocannon -c ${connections} -d ${duration} (after a 2 s warm-up), ${rounds} round(s), node ${process.version}`);
  const results = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, app] of Object.entries(APPS)) {
      // The modes in turn, rotated each round, so that a burst of load from elsewhere hits each alike.
      const modes = Object.keys(MODES);
      for (const mode of [...modes.slice(round % modes.length), ...modes.slice(0, round % modes.length)]) {
        const { child, port } = await startServer(app, mode);
        try {
          const url = `http://127.0.0.1:${port}${app.path}`;
          await load(url, 2);
          const cpu0 = cpuMicros(child.pid);
          const r = await load(url, duration);
          r.cpuPerReq = (cpuMicros(child.pid) - cpu0) / r.total;
          ((results[name] ??= {})[mode] ??= []).push(r);
        } finally {
          await stop(child);
        }
      }
    }
  }
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log('| app | mode | req/s | ratio to uninstrumented | server CPU µs/request | CPU ratio | p99 latency ms |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, byMode] of Object.entries(results)) {
    const base = mean(byMode.none.map((r) => r.rps));
    const baseCpu = mean(byMode.none.map((r) => r.cpuPerReq));
    for (const [mode, rs] of Object.entries(byMode)) {
      const rps = mean(rs.map((r) => r.rps));
      const errors = rs.reduce((a, r) => a + r.errors, 0);
      const cpu = mean(rs.map((r) => r.cpuPerReq));
      const p99 = Math.max(...rs.map((r) => r.p99));
      console.log(`| ${name} | ${mode} | ${Math.round(rps)} | ${(rps / base).toFixed(2)}${errors ? ` (${errors} errors)` : ''} | ${cpu.toFixed(1)} | ${(baseCpu / cpu).toFixed(2)} | ${p99} |`);
    }
  }
}

if (only !== 'load') {
  // Start-up: wall time and peak RSS of `node -e 0` with each preload (median of 7).
  const probe = "process.on('exit', () => process.stdout.write(JSON.stringify({ rss: process.resourceUsage().maxRSS })))";
  const variants = {
    'bare node': { args: [], env: {} },
    'Auditel preload': MODES.auditel,
    'Auditel preload, HTTP hook off': { args: MODES.auditel.args, env: { ...MODES.auditel.env, AUDITEL_DISABLED_HOOKS: 'http' } },
    'Auditel --import (ESM loader)': { args: ['--import', '@auditel/node/register'], env: MODES.auditel.env },
    'OpenTelemetry auto-instrumentations register': MODES.otel,
  };
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const rows = [];
  for (const [name, v] of Object.entries(variants)) {
    const times = [];
    const rss = [];
    for (let i = 0; i < 7; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [...v.args, '-e', probe], { cwd: root, env: { ...process.env, ...v.env, NODE_OPTIONS: '' }, encoding: 'utf8' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      try {
        rss.push(JSON.parse(r.stdout.trim().split('\n').pop()).rss / 1024);
      } catch {
        rss.push(NaN);
      }
    }
    rows.push({ name, ms: median(times), mib: median(rss) });
  }
  const bare = rows[0];
  console.log('\n| start-up (`node -e 0`) | wall ms | peak RSS MiB | over bare node |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) console.log(`| ${r.name} | ${r.ms.toFixed(0)} | ${r.mib.toFixed(1)} | ${r === bare ? '' : `+${(r.ms - bare.ms).toFixed(0)} ms, +${(r.mib - bare.mib).toFixed(1)} MiB`} |`);
}

sink.close();
rmSync(storeDir, { recursive: true, force: true });
