// Builds a store of 300k records with startAuditel + audit(), then prints records/s of verifyStore.
// Usage: npm run build && node bench/verify.mjs [records]
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startAuditel, verifyStore } from '@auditel/sdk';
import { audit } from '@auditel/api';

const total = Number(process.argv[2] ?? 300_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'auditel-verify-bench-'));
try {
  const auditel = startAuditel({ dir, handleProcessExit: false, store: { maxSegmentBytes: 64 * 1024 * 1024 } });
  let t = performance.now();
  for (let i = 0; i < total; i++) {
    audit({
      event: 'audit.data_access',
      action: 'READ',
      outcome: 'success',
      actor: { id: `user-${i % 1000}`, type: 'user', roles: ['analyst'] },
      target: { type: 'database.table', id: 'invoices', count: i % 50 },
      source: { id: '10.0.0.' + (i % 250), type: 'ipv4' },
      attributes: { 'http.request.method': 'GET', 'url.path': '/invoices/' + i },
    });
    if (i % 10_000 === 9_999) await new Promise((r) => setImmediate(r));
  }
  await auditel.shutdown();
  const writeMs = performance.now() - t;
  const files = fs.readdirSync(dir).filter((f) => f.startsWith('audit-'));
  const bytes = files.reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
  console.log(`store: ${total} audit() calls in ${(writeMs / 1000).toFixed(1)} s, ${files.length} segment(s), ${(bytes / 1048576).toFixed(1)} MiB`);
  verifyStore(dir); // warm-up
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = verifyStore(dir);
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    if (!r.ok) throw new Error('store did not verify: ' + JSON.stringify(r.firstBreak));
    wall.push(r.records / s);
    cpu.push(r.records / ((c.user + c.system) / 1e6));
  }
  const fmt = (xs) => xs.map((x) => Math.round(x).toLocaleString('en-US')).join(', ');
  console.log(`verifyStore, records/s (wall clock): ${fmt(wall)}; best ${fmt([Math.max(...wall)])} (target 200,000)`);
  console.log(`verifyStore, records per CPU-second:  ${fmt(cpu)} (load average ${os.loadavg()[0].toFixed(1)} on ${os.availableParallelism()} CPUs)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
