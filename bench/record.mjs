// CPU per record of one request-like audit record per event-loop turn (the way a server emits
// them), through `audit()` into the chained store, against pino writing the same fields to a file
// (its asynchronous destination, no chain, no fsync), each in its own process, in the same run.
// The cost of the loop itself (building the event, one setImmediate per turn) is measured in the
// same process and subtracted. CPU includes the thread pool (fsync, gzip of rotated segments).
// A third case, `floor`, is the least a hash-chained JSON line costs (stringify, SHA-256, batched
// write): the lower bound any audit record per request pays, whatever the design.
//
//   npm run build && node bench/record.mjs [records, default 50000] [rounds, default 3] [auditel|auditel-redaction|pino|floor: one case]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [, , nArg = '50000', roundsArg = '3', caseArg] = process.argv;
const N = Number(nArg);

// One audit.api_request record as the HTTP hook writes it for GET /invoices/:id.
const event = (i) => ({
  event: 'audit.api_request',
  action: 'READ',
  outcome: 'success',
  actor: { id: `user-${i % 100}` },
  target: { type: 'invoice', id: String(i % 50) },
  attributes: {
    'http.request.method': 'GET',
    'http.route': '/invoices/:id',
    'http.response.status_code': 200,
    'server.address': '127.0.0.1',
    'server.port': 3000,
    'audit.source.id': 'hmac:0123456789abcdef0123456789abcdef',
    'audit.source.type': 'ip',
    'audit.duration_ms': 0.25,
    'http.request.body.size': 0,
    'http.response.body.size': 11,
  },
});

const turn = () => new Promise((r) => setImmediate(r));
const cpu = (c) => c.user + c.system;

async function measure(emit, done) {
  for (let i = 0; i < 5000; i++) {
    emit(event(i));
    await turn();
  }
  await done();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    emit(event(i));
    await turn();
  }
  await done();
  const used = cpu(process.cpuUsage(c0));
  const c1 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    event(i);
    await turn();
  }
  return (used - cpu(process.cpuUsage(c1))) / N;
}

async function runCase(name) {
  const dir = mkdtempSync(join(tmpdir(), 'auditel-bench-record-'));
  try {
    if (name === 'auditel' || name === 'auditel-redaction') {
      const { startAuditel } = await import('@auditel/sdk');
      const { audit, flush } = await import('@auditel/api');
      // auditel-redaction: the same records with `redaction: true` (every attribute through @auditel/redaction)
      const auditel = startAuditel({ dir, handleProcessExit: false, ...(name === 'auditel-redaction' ? { redaction: true } : {}) });
      const us = await measure(audit, flush);
      const lost = auditel.stats().lostRecords;
      await auditel.shutdown();
      return { us, lost };
    }
    if (name === 'floor') {
      // The least any hash-chained JSONL record costs: one JSON.stringify of the fields with the
      // chain's (sequence number, previous hash), one SHA-256, appended to a 64 KiB batch written
      // asynchronously. No OpenTelemetry, no canonical key order, no fsync, no checkpoint, no
      // record building: a lower bound for a durable audit record, not a design.
      const { hash } = await import('node:crypto');
      const { openSync, write, closeSync } = await import('node:fs');
      const fd = openSync(join(dir, 'floor.jsonl'), 'a');
      let seq = 0;
      let prev = '';
      let batch = [];
      let bytes = 0;
      let inFlight = Promise.resolve();
      const writeBatch = () => {
        const b = batch.join('');
        batch = [];
        bytes = 0;
        inFlight = inFlight.then(() => new Promise((res, rej) => write(fd, b, (e) => (e ? rej(e) : res()))));
      };
      const us = await measure(
        (e) => {
          const line = JSON.stringify({ ...e, 'audit.sequence.number': ++seq, 'audit.previous.hash': prev, time: Date.now() });
          prev = hash('sha256', line, 'hex');
          batch.push(line, '\n');
          if ((bytes += line.length + 1) >= 65536) writeBatch();
        },
        async () => {
          writeBatch();
          await inFlight;
        },
      );
      closeSync(fd);
      return { us, lost: 0 };
    }
    const { default: pino } = await import('pino');
    const dest = pino.destination({ dest: join(dir, 'pino.log'), sync: false });
    const log = pino(dest);
    const us = await measure(
      (e) => log.info({ ...e.attributes, 'audit.action': e.action, 'audit.outcome': e.outcome, 'audit.actor.id': e.actor.id, 'audit.target.id': e.target.id }, e.event),
      () => new Promise((resolve) => dest.flush(resolve)),
    );
    return { us, lost: 0 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (caseArg) {
  process.stdout.write(JSON.stringify(await runCase(caseArg)) + '\n');
} else {
  const self = fileURLToPath(import.meta.url);
  const runs = { auditel: [], 'auditel-redaction': [], pino: [], floor: [] };
  for (let r = 0; r < Number(roundsArg); r++) {
    for (const name of r % 2 === 0 ? ['auditel', 'auditel-redaction', 'pino', 'floor'] : ['floor', 'pino', 'auditel-redaction', 'auditel']) {
      const out = spawnSync(process.execPath, [self, nArg, '1', name], { encoding: 'utf8' });
      if (out.status !== 0) throw new Error(`${name}: ${out.stderr}`);
      runs[name].push(JSON.parse(out.stdout));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const pinoUs = median(runs.pino.map((x) => x.us));
  console.log(`${N} records per case, one per event-loop turn, ${roundsArg} rounds (median), node ${process.version}`);
  console.log('| case | CPU µs/record | vs pino | lost |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, rs] of Object.entries(runs)) {
    const us = median(rs.map((x) => x.us));
    const label = { auditel: 'Auditel `audit()` -> chained store (async)', 'auditel-redaction': 'the same with `redaction: true` (@auditel/redaction on every attribute)', pino: 'pino -> file (no chain, no fsync)', floor: 'floor: JSON.stringify + SHA-256 + batched write (no OTel, no fsync)' }[name];
    console.log(`| ${label} | ${us.toFixed(1)} | ${(us / pinoUs).toFixed(2)} | ${rs.reduce((a, x) => a + x.lost, 0)} |`);
  }
}
