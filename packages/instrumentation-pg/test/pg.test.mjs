// pg under the preload, against the local PostgreSQL: CRUD mapped, tables named, literals absent,
// DDL/GRANT/roles classified, row counts, transactions, canaries, failures, HTTP -> SQL correlation.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

const T = unique('aud_pg');
const ROLE = unique('aud_role');
const EMAIL = 'carla.pg@example.com';
const CARD = '4111111111111111';

before(() => ensureService('postgres'));

const APP = `
const http = require('node:http');
const { Client, Pool } = require('pg');
const Cursor = require('pg-cursor');
const QueryStream = require('pg-query-stream');
const T = ${JSON.stringify(T)}, ROLE = ${JSON.stringify(ROLE)};
const cfg = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };
const swallow = (p) => p.then(() => 'ok', (e) => e.code || e.message);
(async () => {
  const c = new Client(cfg);
  await c.connect();
  await c.query('CREATE TABLE ' + T + ' (id int primary key, email text, card text)');
  await c.query('INSERT INTO ' + T + ' (id, email, card) VALUES ($1, $2, $3)', [1, ${JSON.stringify(EMAIL)}, ${JSON.stringify(CARD)}]);
  await c.query("INSERT INTO " + T + " (id, email, card) VALUES (2, 'inline." + ${JSON.stringify(EMAIL)} + "', '" + ${JSON.stringify(CARD)} + "'), (424242, 'canary@example.com', 'x')");
  await c.query({ name: 'by-id', text: 'SELECT * FROM ' + T + ' WHERE id = $1', values: [1] });
  await new Promise((res) => c.query('SELECT id FROM ' + T + ' ORDER BY id', (err, r) => res(r)));
  await c.query('UPDATE ' + T + ' SET email = $1 WHERE id = $2', ['new.' + ${JSON.stringify(EMAIL)}, 1]);
  await c.query('BEGIN');
  await c.query('DELETE FROM ' + T + ' WHERE id = 2');
  await c.query('COMMIT');
  await c.query('BEGIN');
  console.log('bad', await swallow(c.query('SELEC nonsense')));
  await c.query('COMMIT');
  await c.query('CREATE ROLE ' + ROLE + " LOGIN PASSWORD 'Rol3-Pa55word!'");
  await c.query('GRANT SELECT ON ' + T + ' TO ' + ROLE);
  await c.query('SET ROLE ' + ROLE);
  console.log('denied', await swallow(c.query('DELETE FROM ' + T)));
  await c.query('RESET ROLE');
  await c.query('REVOKE SELECT ON ' + T + ' FROM ' + ROLE);
  await c.query('DROP ROLE ' + ROLE);
  const cur = c.query(new Cursor('SELECT id FROM ' + T + ' WHERE id < $1', [1000]));
  await new Promise((res, rej) => cur.read(10, (e, rows) => (e ? rej(e) : cur.close(res))));
  let streamed = 0;
  for await (const row of c.query(new QueryStream('SELECT id, email FROM ' + T + ' ORDER BY id'))) streamed++;
  console.log('streamed', streamed);
  const pool = new Pool({ ...cfg, max: 2 });
  await pool.query('SELECT count(*) FROM ' + T);
  const refused = new Client({ ...cfg, port: 1 });
  console.log('refused', await swallow(refused.connect()));
  const srv = http.createServer(async (req, res) => {
    if (req.url === '/canary') {
      const r = await pool.query('SELECT id FROM ' + T + ' WHERE id = $1', [424242]);
      return res.end(JSON.stringify(r.rows.length));
    }
    if (req.url === '/drop') {
      await c.query('DROP TABLE ' + T);
      return res.end('dropped');
    }
    const r = await pool.query('SELECT id, email FROM ' + T + ' WHERE id = $1', [1]);
    res.end(JSON.stringify(r.rows.length));
  });
  srv.listen(0, '127.0.0.1', () => console.log('READY ' + srv.address().port));
  process.on('SIGTERM', async () => {
    srv.close();
    await c.end();
    await pool.end();
    process.exit(0);
  });
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

test('pg: records for CRUD, DDL, roles, grants, transactions, cursors, pools, failures, canaries and HTTP correlation', async () => {
  const app = await runApp(APP, { config: { data: { canaries: { rows: [`${T}.id = 424242`] } } } });
  try {
    const res = await fetch(`http://127.0.0.1:${app.port}/orders/1`, { headers: { authorization: 'Basic ' + Buffer.from('alice.pg:pw').toString('base64') } });
    assert.equal(await res.text(), '1');
    assert.equal(await (await fetch(`http://127.0.0.1:${app.port}/canary`)).text(), '1');
    assert.equal(await (await fetch(`http://127.0.0.1:${app.port}/drop`)).text(), 'dropped');
    const { code } = await app.stop();
    assert.equal(code, 0, app.stderr);
    assert.match(app.stdout, /bad 42601/);
    assert.match(app.stdout, /denied 42501/);
    assert.match(app.stdout, /refused ECONNREFUSED/);
    const all = app.records();
    const recs = all.filter((r) => r.a['db.system.name'] === 'postgresql');
    const find = (pred, what) => {
      const r = recs.find(pred);
      assert.ok(r, `no record for ${what}: ${recs.map((x) => x.a['db.query.summary']).join(' | ')}`);
      return r;
    };
    const sum = (s) => (r) => r.a['db.query.summary'] === s;
    // literals absent from the whole store
    const text = app.allText();
    for (const secret of [EMAIL, CARD, 'Rol3-Pa55word!', 'canary@example.com']) assert.ok(!text.includes(secret), `${secret} leaked into the store`);
    // CRUD
    const create = find(sum(`CREATE TABLE ${T}`), 'create table');
    assert.equal(create.event, 'audit.configuration_change');
    assert.equal(create.a['audit.action'], 'CREATE');
    const ins = recs.filter(sum(`INSERT ${T}`));
    assert.equal(ins.length, 2);
    assert.equal(ins[0].event, 'audit.data_access');
    assert.equal(ins[0].a['audit.action'], 'CREATE');
    assert.deepEqual(ins[0].a['db.collection.name'], [T]);
    assert.equal(ins[0].a['db.namespace'], 'test');
    assert.equal(ins[0].a['audit.target.count'], 1);
    assert.equal(ins[1].a['audit.target.count'], 2);
    assert.deepEqual(ins[0].a['audit.changed_fields'], ['id', 'email', 'card']);
    assert.equal(ins[1].a['audit.canary'], true, 'the inline insert names the canary id');
    const sel = recs.filter(sum(`SELECT ${T}`));
    assert.ok(sel.length >= 6, 'prepared, callback, cursor, stream, pool and HTTP selects: ' + JSON.stringify(sel.map((r) => r.a['db.response.returned_rows'])) + app.stdout);
    assert.match(app.stdout, /streamed 2/);
    assert.ok(sel.some((r) => r.a['db.response.returned_rows'] === 2 && r !== sel[1]), 'pg-query-stream rows counted');
    assert.equal(sel[0].a['audit.action'], 'READ');
    assert.equal(sel[0].a['db.response.returned_rows'], 1);
    assert.equal(sel[0].a['audit.canary'], undefined);
    assert.equal(sel[1].a['db.response.returned_rows'], 3);
    assert.equal(sel[1].a['audit.canary'], true, 'SELECT returning the canary row');
    const upd = find(sum(`UPDATE ${T}`), 'update');
    assert.equal(upd.a['audit.action'], 'UPDATE');
    assert.deepEqual(upd.a['audit.changed_fields'], ['email']);
    assert.equal(upd.a['audit.actor.id'], 'data-test', 'outside a request the service is the actor');
    assert.equal(upd.a['audit.actor.type'], 'service');
    // transactions
    const del = find(sum(`DELETE ${T}`), 'delete');
    assert.equal(del.a['audit.action'], 'DELETE');
    assert.ok(del.a['audit.transaction.id']);
    const commits = recs.filter(sum('COMMIT'));
    assert.equal(commits[0].a['audit.transaction.id'], del.a['audit.transaction.id']);
    assert.equal(commits[0].a['audit.transaction.outcome'], 'committed');
    assert.equal(commits[0].a['audit.outcome'], 'success');
    assert.equal(commits[1].a['audit.transaction.outcome'], 'rolled_back', 'COMMIT of an aborted transaction');
    assert.equal(commits[1].a['audit.outcome'], 'failure');
    // failures
    const bad = find((r) => r.a['db.response.status_code'] === '42601', 'syntax error');
    assert.equal(bad.a['audit.outcome'], 'failure');
    const denied = find((r) => r.a['db.response.status_code'] === '42501', 'permission denied');
    assert.equal(denied.a['audit.outcome'], 'failure');
    assert.equal(denied.a['error.type'], '42501');
    const refused = find((r) => r.a['error.type'] === 'ECONNREFUSED', 'connection refused');
    assert.equal(refused.a['audit.outcome'], 'failure');
    assert.equal(refused.a['db.operation.name'], 'connect');
    // roles and grants: the role is pseudonymised, the password never stored
    const role = find((r) => r.a['db.operation.name'] === 'CREATE ROLE', 'create role');
    assert.equal(role.event, 'audit.account_management');
    assert.match(role.a['audit.target.id'], /^hmac:/);
    assert.ok(!JSON.stringify(recs).includes(ROLE), 'role name pseudonymised everywhere');
    const grant = find((r) => r.a['db.operation.name'] === 'GRANT', 'grant');
    assert.equal(grant.event, 'audit.permission_change');
    assert.equal(grant.a['audit.action'], 'GRANT');
    assert.equal(grant.a['audit.authz.permission'], 'SELECT');
    assert.deepEqual(grant.a['db.collection.name'], [T]);
    assert.equal(find((r) => r.a['db.operation.name'] === 'REVOKE', 'revoke').a['audit.action'], 'REVOKE');
    assert.equal(find((r) => r.a['db.operation.name'] === 'DROP ROLE', 'drop role').a['audit.action'], 'DELETE');
    // HTTP -> SQL: the SQL record carries the request's actor; the request record the rows
    const apis = all.filter((r) => r.event === 'audit.api_request' && r.a['http.request.method'] === 'GET');
    const api = apis[0];
    assert.equal(apis[1].a['audit.canary'], true, 'a request that touched the canary row is flagged');
    assert.equal(api.a['audit.canary'], undefined);
    assert.ok(api, 'api_request record');
    const inReq = recs.filter((r) => r.a['db.query.summary'] === `SELECT ${T}` && r.a['audit.actor.id'] === api.a['audit.actor.id']);
    assert.equal(inReq.length, 1, 'exactly the SQL of the request carries its actor');
    assert.match(api.a['audit.actor.id'], /^hmac:/);
    assert.equal(api.a['audit.data.returned_rows'], 1);
    assert.ok(api.a['audit.data.returned_bytes'] > 0);
    const drop = find(sum(`DROP TABLE ${T}`), 'drop table');
    assert.equal(drop.event, 'audit.configuration_change');
    assert.equal(drop.a['audit.action'], 'DELETE');
  } finally {
    await app.stop();
    app.cleanup();
  }
});
