// The SQL classifier: CRUD mapping, tables, DDL/permission/account classes, literal-free output,
// and linear time on adversarial input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySql } from '@auditel/sql-audit';

const pg = (q) => classifySql(q, 'postgresql');
const my = (q) => classifySql(q, 'mysql');

test('CRUD statements map to READ/CREATE/UPDATE/DELETE with every table', () => {
  const s = pg('SELECT c.id FROM customers c JOIN orders o ON o.cid = c.id LEFT JOIN public.items i USING (oid) WHERE c.email = $1');
  assert.equal(s.event, 'audit.data_access');
  assert.equal(s.action, 'READ');
  assert.deepEqual(s.tables, ['customers', 'orders', 'public.items']);
  assert.equal(s.summary, 'SELECT customers orders public.items');
  assert.equal(pg('INSERT INTO t (a, "b c") VALUES ($1, $2)').action, 'CREATE');
  assert.deepEqual(pg('INSERT INTO t (a, "b c") VALUES ($1, $2)').columns, ['a', 'b c']);
  const u = pg('UPDATE accounts SET balance = balance - 1, note = $2 WHERE id = $1');
  assert.equal(u.action, 'UPDATE');
  assert.deepEqual(u.columns, ['balance', 'note']);
  assert.equal(pg('DELETE FROM sessions WHERE id = 1').action, 'DELETE');
  assert.equal(my('REPLACE INTO kv VALUES (1, 2)').action, 'UPDATE');
  assert.equal(pg('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v').action, 'UPDATE');
  assert.deepEqual(pg('MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET v = s.v').tables, ['t', 's']);
  assert.equal(pg('COPY customers TO STDOUT').action, 'EXPORT');
  assert.equal(my("SELECT * FROM customers INTO OUTFILE '/tmp/x'").action, 'EXPORT');
});

test('subqueries, CTEs, functions with FROM, and data-modifying CTEs', () => {
  assert.deepEqual(pg('SELECT * FROM (SELECT * FROM inner_t) sub').tables, ['inner_t']);
  const w = pg('WITH d AS (DELETE FROM old RETURNING *) INSERT INTO archive SELECT * FROM d');
  assert.deepEqual(w.tables.sort(), ['archive', 'old']);
  assert.equal(w.action, 'DELETE');
  assert.deepEqual(pg("SELECT extract(year FROM created), substring(name FROM 2) FROM t1, t2 AS a").tables, ['t1', 't2']);
  assert.deepEqual(pg('SELECT * FROM generate_series(1, 3) g, real_t').tables, ['real_t']);
  assert.deepEqual(pg('SELECT * FROM a WHERE id IN (SELECT aid FROM b) FOR UPDATE').tables, ['a', 'b']);
  assert.deepEqual(my('SELECT 1 FROM DUAL').tables, []);
  assert.deepEqual(my('SELECT * FROM `my db`.`weird``name`').tables, ['my db.weird`name']);
});

test('DDL is a configuration change; GRANT/REVOKE a permission change; users and roles account management', () => {
  for (const [q, op, action] of [
    ['CREATE TABLE IF NOT EXISTS t (id int primary key, email text)', 'CREATE TABLE', 'CREATE'],
    ['ALTER TABLE t ADD COLUMN x int', 'ALTER TABLE', 'UPDATE'],
    ['DROP TABLE IF EXISTS a, b', 'DROP TABLE', 'DELETE'],
    ['TRUNCATE t', 'TRUNCATE TABLE', 'DELETE'],
    ['CREATE UNIQUE INDEX CONCURRENTLY ix ON orders (cid)', 'CREATE INDEX', 'CREATE'],
    ['CREATE OR REPLACE VIEW v AS SELECT * FROM t', 'CREATE VIEW', 'CREATE'],
  ]) {
    const s = pg(q);
    assert.equal(s.event, 'audit.configuration_change', q);
    assert.equal(s.operation, op, q);
    assert.equal(s.action, action, q);
  }
  assert.deepEqual(pg('DROP TABLE IF EXISTS a, b').tables, ['a', 'b']);
  assert.deepEqual(pg('CREATE INDEX ix ON orders (cid)').tables, ['orders']);
  const g = pg('GRANT SELECT, UPDATE (email) ON TABLE customers TO reporting');
  assert.equal(g.event, 'audit.permission_change');
  assert.equal(g.action, 'GRANT');
  assert.deepEqual(g.privileges, ['SELECT', 'UPDATE']);
  assert.deepEqual(g.tables, ['customers']);
  assert.equal(g.account, 'reporting');
  const r = my("REVOKE ALL PRIVILEGES ON shop.* FROM 'bob'@'%'");
  assert.equal(r.action, 'REVOKE');
  assert.deepEqual(r.tables, ['shop.*']);
  assert.equal(r.account, 'bob');
  assert.equal(pg('GRANT admin TO alice').event, 'audit.permission_change');
  const c = my("CREATE USER 'carol'@'localhost' IDENTIFIED BY 'Sup3r-Secret!'");
  assert.equal(c.event, 'audit.account_management');
  assert.equal(c.action, 'CREATE');
  assert.equal(c.account, 'carol');
  const a = pg("ALTER ROLE alice WITH SUPERUSER PASSWORD 'pw1'");
  assert.equal(a.event, 'audit.permission_change');
  assert.equal(pg("ALTER USER bob WITH PASSWORD 'pw2'").event, 'audit.account_management');
  assert.equal(my("SET PASSWORD FOR 'bob'@'%' = 'pw3'").event, 'audit.account_management');
  assert.equal(pg('DROP ROLE IF EXISTS old_role').action, 'DELETE');
  assert.equal(my('SET GLOBAL max_connections = 10').event, 'audit.configuration_change');
  assert.equal(pg("ALTER SYSTEM SET work_mem = '1GB'").event, 'audit.configuration_change');
});

test('more shapes: unions, multi-table updates and deletes, LOAD DATA, INSERT ... SELECT', () => {
  assert.deepEqual(pg('SELECT a FROM t1 UNION ALL SELECT a FROM t2').tables, ['t1', 't2']);
  const u = my('UPDATE orders o JOIN customers c ON c.id = o.cid SET o.status = 1 WHERE c.vip = 1');
  assert.deepEqual(u.tables, ['orders', 'customers']);
  assert.deepEqual(u.columns, ['status']);
  const d = my('DELETE o FROM orders o JOIN customers c ON c.id = o.cid');
  assert.equal(d.action, 'DELETE');
  assert.ok(d.tables.includes('orders') && d.tables.includes('customers'));
  const l = my("LOAD DATA LOCAL INFILE '/tmp/x.csv' INTO TABLE imports");
  assert.equal(l.action, 'CREATE');
  assert.deepEqual(l.tables, ['imports']);
  assert.deepEqual(pg('INSERT INTO archive (id) SELECT id FROM live WHERE old').tables, ['archive', 'live']);
  assert.deepEqual(pg('SELECT * FROM a NATURAL JOIN b CROSS JOIN c').tables, ['a', 'b', 'c']);
});

test('transactions and session statements', () => {
  assert.equal(pg('BEGIN').transaction, 'begin');
  assert.equal(my('START TRANSACTION').transaction, 'begin');
  assert.equal(pg('COMMIT').transaction, 'commit');
  assert.equal(pg('ROLLBACK').transaction, 'rollback');
  assert.equal(pg('ROLLBACK TO SAVEPOINT s1').transaction, 'savepoint');
  assert.equal(pg('SET search_path TO x').kind, 'session');
});

test('the most significant statement of a multi-statement text decides; evasion through comments fails', () => {
  const s = pg('SELECT 1; DROP TABLE users');
  assert.equal(s.event, 'audit.configuration_change');
  assert.equal(s.statements, 2);
  assert.equal(my('/*!50000 DROP TABLE x */').operation, 'DROP TABLE');
  assert.equal(pg('/* DROP TABLE x */ SELECT 1').operation, 'SELECT');
  assert.equal(pg('/* a /* nested */ DROP TABLE hidden */ SELECT * FROM t').operation, 'SELECT');
  assert.equal(pg("SELECT ';DROP TABLE x' FROM t").statements, 1);
  assert.equal(pg('SELECT $$;DROP TABLE x$$ FROM t').statements, 1);
  assert.equal(my("SELECT 'it\\'s;DROP TABLE x' FROM t").statements, 1);
  assert.equal(pg("SELECT E'it\\'s;DROP TABLE x' FROM t").statements, 1);
});

test('no literal value ever appears in the output', () => {
  const secrets = ['alice@example.com', '4111111111111111', 'Sup3r-Secret!', '424242', 'hunter2', 'O\'Brien', '555-0100'];
  const texts = [
    "INSERT INTO customers (email, card, id) VALUES ('alice@example.com', '4111111111111111', 424242)",
    "SELECT * FROM customers WHERE email = 'alice@example.com' AND card = 4111111111111111",
    "UPDATE users SET password = 'hunter2', name = 'O''Brien' WHERE id = 424242",
    "CREATE USER 'x'@'%' IDENTIFIED BY 'Sup3r-Secret!'",
    "ALTER USER bob WITH PASSWORD 'hunter2'",
    "SET PASSWORD = PASSWORD('hunter2')",
    "SELECT $tag$alice@example.com$tag$, E'\\'555-0100', U&'hunter2', X'424242'",
    "GRANT SELECT ON t TO bob IDENTIFIED BY 'hunter2'",
    "INSERT INTO t VALUES (\"alice@example.com\", '555-0100')",
  ];
  for (const q of texts) {
    for (const d of ['postgresql', 'mysql']) {
      const out = JSON.stringify(classifySql(q, d));
      for (const sec of secrets) assert.ok(!out.includes(sec), `${d}: ${q} -> ${out}`);
    }
  }
});

test('linear time and bounded output on adversarial input', () => {
  const cases = [
    '('.repeat(200000),
    "'".repeat(200001),
    '/*'.repeat(100000),
    '$a$'.repeat(70000),
    'SELECT * FROM ' + 'a JOIN '.repeat(30000) + 'b',
    'SELECT ' + 'f('.repeat(50000) + ')'.repeat(50000) + ' FROM t',
    'INSERT INTO t VALUES ' + "('x', 1),".repeat(50000) + "('y', 2)",
    'UPDATE t SET ' + 'a = 1, '.repeat(40000) + 'b = 2',
    ';'.repeat(200000),
    'WITH ' + 'x AS (SELECT 1), '.repeat(20000) + 'y AS (SELECT 2) SELECT * FROM y',
    'GRANT ' + 'SELECT, '.repeat(40000) + 'INSERT ON t TO u',
    'UPDATE SET '.repeat(30000),
    '"'.repeat(100001),
    '\u0000\uffff'.repeat(100000),
  ];
  for (const q of cases) {
    for (const d of ['postgresql', 'mysql']) {
      const t0 = performance.now();
      const s = classifySql(q, d);
      const ms = performance.now() - t0;
      assert.ok(ms < 250, `${d} ${q.slice(0, 30)}: ${ms.toFixed(1)} ms`);
      assert.ok(s.tables.length <= 16 && s.summary.length <= 255 && s.columns.length <= 32);
    }
  }
  assert.equal(classifySql(undefined).operation, 'UNKNOWN');
  assert.equal(classifySql('').operation, 'UNKNOWN');
});

test('randomised statements: never throws, never a literal in the output', () => {
  let seed = 42;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const words = ['SELECT', 'INSERT', 'INTO', 'UPDATE', 'SET', 'DELETE', 'FROM', 'WHERE', 'JOIN', 'ON', 'GRANT', 'REVOKE', 'TO', 'CREATE', 'USER', 'ROLE', 'TABLE', 'DROP', 'ALTER', 'IDENTIFIED', 'BY', 'PASSWORD', 'WITH', 'AS', 'VALUES', 'USING', '(', ')', ',', ';', '.', '=', '*', 't1', 'users', 'x', '$1', '?', '::', '--\n', '/*', '*/', '\\', 'E', 'N', 'U&', '@'];
  const secret = (d) => {
    const v = 'SECRET' + rnd(100000);
    switch (rnd(d === 'mysql' ? 5 : 4)) {
      case 0: return [`'${v}'`, v];
      case 1: return [`$q$${v}$q$`, v];
      case 2: { const n = String(900000000 + rnd(99999999)); return [n, n]; }
      case 3: return [`E'\\'${v}'`, v];
      default: return [`"${v}"`, v];
    }
  };
  for (let i = 0; i < 3000; i++) {
    const d = i % 2 ? 'mysql' : 'postgresql';
    const parts = [];
    const secrets = [];
    const n = 1 + rnd(30);
    for (let j = 0; j < n; j++) {
      if (rnd(4) === 0) {
        const [text, value] = secret(d);
        if (d === 'mysql' && text.startsWith('$q$')) continue; // not a literal in MySQL
        parts.push(text);
        secrets.push(value);
      } else parts.push(words[rnd(words.length)]);
    }
    const q = parts.join(rnd(3) ? ' ' : '');
    const out = JSON.stringify(classifySql(q, d));
    for (const s of secrets) {
      // a literal swallowed by an unterminated comment or string is not output either; any leak is a failure
      assert.ok(!out.includes(s), `${d}: ${q} -> ${out}`);
    }
  }
});
