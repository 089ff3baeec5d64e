// Records/s through audit() into the hash-chained store (async mode), against pino writing the same
// fields to a file and OpenTelemetry's BatchLogRecordProcessor + OTLP/proto exporter to a local
// receiver (delivered vs dropped), measured in the same run, each case in its own process.
// Usage: npm run bench   (BENCH_RECORDS=200000 by default)
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';

const N = Number(process.env.BENCH_RECORDS ?? 200000);
const here = new URL('.', import.meta.url).pathname;
const receiver = spawn(process.execPath, [here + 'otlp-count-receiver.mjs'], { stdio: ['ignore', 'pipe', 'inherit'] });
const [port] = await once(receiver.stdout, 'data');
const url = `http://127.0.0.1:${String(port).trim()}/v1/logs`;

const run = (name, n) => JSON.parse(execFileSync(process.execPath, [here + 'pipeline-case.mjs', name, String(n), url], { encoding: 'utf8' }).trim().split('\n').pop());
const results = [run('auditel', N), run('pino', N), run('otel-batch', N), run('auditel-sync', Math.min(N, 5000))];
receiver.kill('SIGTERM');

const base = results.find((r) => r.case === 'pino').recordsPerSecond;
console.log(`\nNode ${process.version}, ${N} records per case (auditel-sync: ${Math.min(N, 5000)})\n`);
console.log('| case | records/s | vs pino | delivered | dropped |');
console.log('| --- | ---: | ---: | ---: | ---: |');
const label = {
  auditel: 'Auditel audit() -> chained store (async, fsync <= 100 ms)',
  pino: 'pino -> file (no chain, no fsync)',
  'otel-batch': 'OTel BatchLogRecordProcessor -> OTLP/proto (local receiver)',
  'auditel-sync': 'Auditel audit() -> chained store (sync: fsync per record)',
};
for (const r of results) {
  console.log(`| ${label[r.case]} | ${r.recordsPerSecond.toLocaleString('en')} | ${(r.recordsPerSecond / base).toFixed(2)} | ${r.delivered} | ${r.dropped} |`);
}
