// One case of bench/pipeline.mjs, run in its own process: `node bench/pipeline-case.mjs CASE N [receiverUrl]`.
// Prints one JSON line: { case, records, ms, recordsPerSecond, ... }.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [, , name, nArg, url] = process.argv;
const N = Number(nArg);
const dir = mkdtempSync(join(tmpdir(), 'auditel-bench-'));

// The same fields for every case: one audit event of a typical API read.
const fields = (i) => ({
  'audit.action': 'READ',
  'audit.outcome': 'success',
  'audit.actor.id': `user-${i % 100}`,
  'audit.actor.type': 'user',
  'audit.target.type': 'invoice',
  'audit.target.id': String(i),
  'http.request.method': 'GET',
  'http.route': '/invoices/:id',
  'http.response.status_code': 200,
  'server.address': 'api.example.com',
});
const event = (i) => ({
  event: 'audit.data_access',
  action: 'READ',
  outcome: 'success',
  actor: { id: `user-${i % 100}` },
  target: { type: 'invoice', id: String(i) },
  attributes: { 'http.request.method': 'GET', 'http.route': '/invoices/:id', 'http.response.status_code': 200, 'server.address': 'api.example.com' },
});

async function run() {
  if (name === 'auditel' || name === 'auditel-sync') {
    const { startAuditel } = await import('@auditel/sdk');
    const { audit, flush } = await import('@auditel/api');
    const auditel = startAuditel({ dir, handleProcessExit: false, durability: name === 'auditel-sync' ? 'sync' : 'async' });
    for (let i = 0; i < 2000; i++) audit(event(i)); // warm-up
    await flush();
    const before = auditel.stats().durableSequence;
    const t0 = performance.now();
    for (let i = 0; i < N; i++) audit(event(i));
    await flush();
    const ms = performance.now() - t0;
    const s = auditel.stats();
    await auditel.shutdown();
    // Durable records in the measured window: the N audit() records plus the checkpoints written among them.
    return { ms, delivered: s.durableSequence - before, dropped: s.lostRecords };
  }
  if (name === 'pino') {
    const { default: pino } = await import('pino');
    const dest = pino.destination({ dest: join(dir, 'pino.log'), sync: false, minLength: 4096 });
    const log = pino(dest);
    for (let i = 0; i < 2000; i++) log.info(fields(i), 'audit.data_access');
    const t0 = performance.now();
    for (let i = 0; i < N; i++) log.info(fields(i), 'audit.data_access');
    await new Promise((resolve) => dest.flush(resolve));
    dest.fsyncSync?.();
    return { ms: performance.now() - t0, delivered: N, dropped: 0 };
  }
  if (name === 'otel-batch') {
    const { LoggerProvider, BatchLogRecordProcessor } = await import('@opentelemetry/sdk-logs');
    const { OTLPLogExporter } = await import('@opentelemetry/exporter-logs-otlp-proto');
    const provider = new LoggerProvider({ processors: [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter({ url }) })] });
    const logger = provider.getLogger('bench');
    const t0 = performance.now();
    for (let i = 0; i < N; i++) logger.emit({ eventName: 'audit.data_access', attributes: fields(i) });
    await provider.forceFlush();
    const ms = performance.now() - t0;
    await provider.shutdown();
    const delivered = await (await fetch(url.replace('/v1/logs', '/count'))).json();
    return { ms, delivered, dropped: N - delivered };
  }
  throw new Error(`unknown case ${name}`);
}

const r = await run();
rmSync(dir, { recursive: true, force: true });
console.log(JSON.stringify({ case: name, records: N, ...r, recordsPerSecond: Math.round((N / r.ms) * 1000) }));
