// An ES module app under `node --import @auditel/node/register`: pg, mysql2/promise (whose core
// only the mysql2 tracing channels reach in ESM), ioredis and node-redis are recorded once per call.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from './harness.mjs';

before(async () => {
  await ensureService('postgres');
  await ensureService('mariadb');
  await ensureService('redis');
});

test('ESM app: pg, mysql2/promise, ioredis and redis recorded exactly once per call', async () => {
  const T = unique('aud_esm');
  const app = await runApp(
    `
import pg from 'pg';
import mysql from 'mysql2/promise';
import Redis from 'ioredis';
import { createClient } from 'redis';
const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
await c.connect();
await c.query('SELECT 1 AS ${T}_pg WHERE 1 = $1', [1]);
await c.end();
const m = await mysql.createConnection({ host: '127.0.0.1', user: 'root', database: 'test' });
await m.query('CREATE TABLE ${T} (id int)');
await m.execute('INSERT INTO ${T} VALUES (?)', [1]);
await m.query('SELECT * FROM ${T}');
console.log('bad', await m.query('SELEC bad').then(() => 'ok', (e) => e.code));
await m.query('DROP TABLE ${T}');
await m.end();
const r = new Redis({ host: '127.0.0.1' });
await r.get('${T}:k');
r.disconnect();
const n = createClient({ url: 'redis://127.0.0.1:6379' });
await n.connect();
await n.get('${T}:n');
await n.quit();
console.log('READY');
`,
    { esm: true },
  );
  try {
    await app.stop();
    assert.match(app.stdout, /bad ER_PARSE_ERROR/);
    const recs = app.records().filter((r) => r.a['db.system.name']);
    const my = recs.filter((r) => JSON.stringify(r.a['db.collection.name'] ?? '').includes(T) || r.a['error.type'] === 'ER_PARSE_ERROR');
    assert.deepEqual(my.map((r) => r.a['db.query.summary']), [`CREATE TABLE ${T}`, `INSERT ${T}`, `SELECT ${T}`, 'SELEC', `DROP TABLE ${T}`]);
    assert.equal(my[2].a['db.response.returned_rows'], 1);
    assert.equal(my[3].a['audit.outcome'], 'failure');
    assert.equal(recs.filter((r) => r.a['db.system.name'] === 'postgresql' && r.a['db.operation.name'] === 'SELECT').length, 1, 'pg once');
    const gets = recs.filter((r) => r.a['db.system.name'] === 'redis' && r.a['db.operation.name'] === 'GET');
    assert.equal(gets.length, 2, 'ioredis GET and node-redis GET, once each: ' + JSON.stringify(gets.map((g) => g.a)));
  } finally {
    await app.stop();
    app.cleanup();
  }
});
