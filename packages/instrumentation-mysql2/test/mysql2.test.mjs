// mysql2 under the preload, against the local MariaDB: callback, promise, execute, pool and
// streaming forms; literals (inlined by mysql2 into the text) absent; failures and canaries.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ensureService, runApp, unique } from '../../data-audit/test/harness.mjs';

const T = unique('aud_my');
const U = unique('aud_u');
const EMAIL = 'mario.my@example.com';
const CARD = '5500005555555559';

before(() => ensureService('mariadb'));

const APP = `
// mysql2/promise first and alone: it never loads mysql2's main module, so this proves the
// promise-only app is hooked (through mysql2's internal files); the callback API is loaded later.
const mysqlp = require('mysql2/promise');
const T = ${JSON.stringify(T)}, U = ${JSON.stringify(U)};
const cfg = { host: '127.0.0.1', port: 3306, user: 'root', database: 'test' };
const swallow = (p) => p.then(() => 'ok', (e) => e.code || e.message);
(async () => {
  const c = await mysqlp.createConnection(cfg);
  await c.query('CREATE TABLE ' + T + ' (id int primary key, email varchar(100), card varchar(32))');
  await c.query('INSERT INTO ' + T + ' (id, email, card) VALUES (?, ?, ?)', [1, ${JSON.stringify(EMAIL)}, ${JSON.stringify(CARD)}]);
  await c.execute('INSERT INTO ' + T + ' (id, email, card) VALUES (?, ?, ?)', [424242, 'x', 'y']);
  const [rows] = await c.execute('SELECT * FROM ' + T + ' WHERE id = ?', [1]);
  await c.query('UPDATE ' + T + ' SET email = ? WHERE id = ?', ['z', 1]);
  await c.beginTransaction();
  await c.query('DELETE FROM ' + T + ' WHERE id = 1');
  await c.rollback();
  console.log('bad', await swallow(c.query('SELEC nonsense')));
  console.log('badexec', await swallow(c.execute('SELEC ?', [1])));
  const mysql = require('mysql2');
  const cb = mysql.createConnection(cfg);
  await new Promise((res) => cb.query('SELECT id FROM ' + T, () => res()));
  await new Promise((res) => cb.query('SELECT id FROM ' + T).on('end', res));
  cb.end();
  const pool = mysqlp.createPool({ ...cfg, connectionLimit: 2 });
  await pool.query('SELECT count(*) AS n FROM ' + T);
  await pool.end();
  await c.query("CREATE USER IF NOT EXISTS '" + U + "'@'%' IDENTIFIED BY 'Us3r-Pa55!'");
  console.log('auth', await swallow(mysqlp.createConnection({ ...cfg, database: undefined, user: U, password: 'wrong-pw' })));
  const lim = await mysqlp.createConnection({ ...cfg, database: undefined, user: U, password: 'Us3r-Pa55!' });
  console.log('denied', await swallow(lim.query('SELECT * FROM test.' + T)));
  await lim.end();
  await c.query("DROP USER '" + U + "'@'%'");
  const refused = mysqlp.createPool({ ...cfg, port: 1 });
  console.log('refused', await swallow(refused.query('SELECT 1')));
  await refused.end().catch(() => {});
  await c.query('CREATE TABLE ' + T + '_trap (id int)');
  await c.query('SELECT * FROM ' + T + '_trap t JOIN ' + T + ' u ON u.id = t.id');
  await c.query('DROP TABLE ' + T + '_trap');
  await c.query('DROP TABLE ' + T);
  await c.end();
  console.log('READY');
})().catch((e) => { console.error('APP FAILED', e); process.exit(1); });
`;

test('mysql2: CRUD, execute, transactions, streaming, pools, failures, canaries against MariaDB', async () => {
  const app = await runApp(APP, { config: { data: { canaries: { rows: [`${T}.id = 424242`], tables: [`test.${T}_trap`] } } } });
  try {
    await app.stop();
    assert.match(app.stdout, /bad ER_PARSE_ERROR/);
    assert.match(app.stdout, /refused ECONNREFUSED/);
    const recs = app.records().filter((r) => ['mysql', 'mariadb'].includes(r.a['db.system.name']));
    const text = app.allText();
    for (const secret of [EMAIL, CARD]) assert.ok(!text.includes(secret), `${secret} leaked into the store`);
    const by = (s) => recs.filter((r) => r.a['db.query.summary'] === s);
    assert.equal(recs[0].a['db.system.name'], 'mariadb', 'the server flavour from the handshake');
    assert.equal(by(`CREATE TABLE ${T}`)[0].event, 'audit.configuration_change');
    const ins = by(`INSERT ${T}`);
    assert.equal(ins.length, 2);
    assert.equal(ins[0].a['audit.action'], 'CREATE');
    assert.equal(ins[0].a['audit.target.count'], 1);
    assert.equal(ins[1].a['audit.canary'], true, 'execute() bound the canary id');
    const sel = by(`SELECT ${T}`);
    assert.ok(sel.length >= 4, 'execute, callback, streaming and pool selects');
    assert.equal(sel[0].a['db.response.returned_rows'], 1);
    assert.equal(sel[1].a['db.response.returned_rows'], 2);
    assert.equal(sel[1].a['audit.canary'], true, 'rows returned include the canary row');
    assert.equal(sel[2].a['db.response.returned_rows'], 2, 'event-emitter form counts rows');
    assert.equal(by(`UPDATE ${T}`)[0].a['audit.action'], 'UPDATE');
    const del = by(`DELETE ${T}`)[0];
    assert.ok(del.a['audit.transaction.id']);
    const rb = recs.find((r) => r.a['db.operation.name'] === 'ROLLBACK');
    assert.equal(rb.a['audit.transaction.id'], del.a['audit.transaction.id']);
    assert.equal(rb.a['audit.transaction.outcome'], 'rolled_back');
    const bad = recs.filter((r) => r.a['error.type'] === 'ER_PARSE_ERROR');
    assert.equal(bad.length, 2, 'query and execute syntax errors');
    assert.equal(bad[0].a['audit.outcome'], 'failure');
    assert.equal(bad[0].a['db.response.status_code'], '1064');
    assert.match(app.stdout, /auth ER_ACCESS_DENIED_ERROR/);
    assert.match(app.stdout, /denied ER_TABLEACCESS_DENIED_ERROR/);
    const auth = app.records().find((r) => r.event === 'audit.authentication' && r.a['error.type'] === 'ER_ACCESS_DENIED_ERROR');
    assert.equal(auth?.a['audit.outcome'], 'failure', 'bad credentials: an authentication failure');
    const denied = recs.find((r) => r.a['error.type'] === 'ER_TABLEACCESS_DENIED_ERROR');
    assert.equal(denied?.a['audit.outcome'], 'failure');
    assert.equal(denied.a['db.response.status_code'], '1142');
    const user = recs.find((r) => r.a['db.operation.name'] === 'CREATE USER');
    assert.equal(user.event, 'audit.account_management');
    assert.match(user.a['audit.target.id'], /^hmac:/);
    for (const secret of ['Us3r-Pa55!', 'wrong-pw', U]) assert.ok(!text.includes(secret), `${secret} leaked into the store`);
    const refused = recs.find((r) => r.a['error.type'] === 'ECONNREFUSED');
    assert.equal(refused?.a['audit.outcome'], 'failure');
    assert.equal(by(`DROP TABLE ${T}`)[0].a['audit.action'], 'DELETE');
    const trap = by(`SELECT ${T}_trap ${T}`)[0];
    assert.equal(trap.a['audit.canary'], true, 'a statement naming a canary table');
    assert.deepEqual(trap.a['db.collection.name'], [`${T}_trap`, T]);
  } finally {
    await app.stop();
    app.cleanup();
  }
});
