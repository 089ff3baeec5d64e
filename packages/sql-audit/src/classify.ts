/**
 * Statement -> audit classification: the operation, every table it names, the audit action and
 * event, the names (never values) of the columns it writes, and a parameter-free summary in the
 * style of `db.query.summary` ("SELECT orders customers"). Built only from keywords and
 * identifiers: literal values are never read, so nothing here can carry one.
 */
import { K, tokenize, type Dialect, type Token } from './tokenize.js';

export type SqlKind = 'data' | 'ddl' | 'permission' | 'account' | 'transaction' | 'session' | 'other';

export type SqlEvent = 'audit.data_access' | 'audit.configuration_change' | 'audit.permission_change' | 'audit.account_management';

export interface SqlStatementInfo {
  /** e.g. SELECT, INSERT, CREATE TABLE, GRANT, CREATE USER, COMMIT. */
  operation: string;
  kind: SqlKind;
  action: string;
  tables: string[];
  /** Written columns (INSERT column list, UPDATE SET), names only. */
  columns: string[];
  /** Granted/revoked privileges (GRANT/REVOKE), e.g. ['SELECT', 'INSERT']. */
  privileges: string[];
  /** Account named by CREATE/ALTER/DROP USER|ROLE, SET PASSWORD FOR, GRANT ... TO (pseudonymise before storing). */
  account: string | undefined;
  /** Transaction control: begin | commit | rollback | savepoint. */
  transaction: 'begin' | 'commit' | 'rollback' | 'savepoint' | undefined;
}

export interface SqlInfo extends SqlStatementInfo {
  event: SqlEvent;
  /** Low-cardinality, literal-free summary, at most 255 characters. */
  summary: string;
  /** Statements in the text (several when the driver sends a multi-statement string). */
  statements: number;
  /** The text was longer than the classifier reads. */
  truncated: boolean;
}

const MAX_TABLES = 16;
const MAX_COLUMNS = 32;
const MAX_NAME = 128;
const MAX_SUMMARY = 255;

/** Words that end a table reference or can never be an unquoted table name. */
const CLAUSE = new Set([
  'SELECT', 'WHERE', 'SET', 'VALUES', 'VALUE', 'ON', 'USING', 'JOIN', 'LEFT', 'RIGHT', 'INNER', 'OUTER', 'CROSS', 'FULL',
  'NATURAL', 'STRAIGHT_JOIN', 'GROUP', 'ORDER', 'HAVING', 'LIMIT', 'OFFSET', 'UNION', 'EXCEPT', 'INTERSECT', 'MINUS',
  'RETURNING', 'AS', 'DEFAULT', 'WINDOW', 'FOR', 'WITH', 'FETCH', 'INTO', 'WHEN', 'THEN', 'ELSE', 'END', 'AND', 'OR',
  'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'BETWEEN', 'PARTITION', 'TABLESAMPLE', 'USE', 'IGNORE', 'FORCE', 'NOWAIT', 'SKIP',
  'OF', 'LOCK', 'SHARE', 'DO', 'CONFLICT', 'DUPLICATE', 'OVERRIDING', 'SELECT', 'TABLE', 'OUTFILE', 'DUMPFILE', 'LATERAL', 'ONLY',
]);

/** Words before '(' that open a subquery or list rather than a function call. */
const NOT_FUNC = new Set([
  'FROM', 'JOIN', 'IN', 'EXISTS', 'AS', 'ANY', 'ALL', 'SOME', 'VALUES', 'VALUE', 'ON', 'WHERE', 'AND', 'OR', 'NOT',
  'SELECT', 'INTO', 'USING', 'LATERAL', 'UNION', 'EXCEPT', 'INTERSECT', 'WITH', 'SET', 'HAVING', 'THEN', 'ELSE', 'WHEN',
  'RETURNING', 'TABLE', 'MATERIALIZED', 'BY', 'IF', 'UPDATE', 'DELETE', 'INSERT',
]);

const TABLE_KEYWORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'USING', 'STRAIGHT_JOIN']);

const DDL_OBJECTS = new Set([
  'TABLE', 'INDEX', 'VIEW', 'SCHEMA', 'DATABASE', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'TRIGGER', 'TYPE', 'EXTENSION',
  'EVENT', 'DOMAIN', 'TABLESPACE', 'SERVER', 'COLLATION', 'AGGREGATE', 'OPERATOR', 'RULE', 'PUBLICATION', 'SUBSCRIPTION',
  'STATISTICS', 'SYNONYM', 'PACKAGE', 'CONVERSION', 'LANGUAGE',
]);
const ACCOUNT_OBJECTS = new Set(['USER', 'ROLE', 'GROUP', 'LOGIN']);
const PRIVILEGE_OPTIONS = new Set(['SUPERUSER', 'CREATEDB', 'CREATEROLE', 'BYPASSRLS', 'REPLICATION', 'ADMIN', 'INHERIT']);
const PRIVILEGE_REVOKES = new Set(['NOSUPERUSER', 'NOCREATEDB', 'NOCREATEROLE', 'NOBYPASSRLS', 'NOREPLICATION', 'NOINHERIT']);
const CREATE_MODIFIERS = new Set([
  'OR', 'REPLACE', 'TEMP', 'TEMPORARY', 'UNLOGGED', 'GLOBAL', 'LOCAL', 'UNIQUE', 'MATERIALIZED', 'RECURSIVE', 'DEFINER',
  'ALGORITHM', 'SQL', 'SECURITY', 'INVOKER', 'UNDEFINED', 'MERGE', 'TEMPTABLE', 'ONLINE', 'OFFLINE', 'FULLTEXT', 'SPATIAL',
  'CONSTRAINT', 'EXTERNAL', 'VIRTUAL', 'FOREIGN', 'TRUSTED', 'PROCEDURAL', 'AGGREGATE', 'IF', 'NOT', 'EXISTS', 'CONCURRENTLY',
]);

function isName(t: Token | undefined): boolean {
  return t !== undefined && ((t.k === K.Word && !CLAUSE.has(t.v)) || t.k === K.Ident);
}

class Stmt {
  readonly tables: string[] = [];
  readonly columns: string[] = [];
  readonly cte = new Set<string>();
  constructor(
    readonly t: Token[],
    readonly sql: string,
  ) {}

  word(i: number): string | undefined {
    const x = this.t[i];
    return x !== undefined && x.k === K.Word ? x.v : undefined;
  }

  punct(i: number, ch: string): boolean {
    const x = this.t[i];
    return x !== undefined && x.k === K.Punct && x.v === ch;
  }

  /** Index past the parenthesised group opening at i. */
  skipParens(i: number): number {
    let depth = 0;
    for (let j = i; j < this.t.length; j++) {
      const x = this.t[j]!;
      if (x.k !== K.Punct) continue;
      if (x.v === '(') depth++;
      else if (x.v === ')' && --depth === 0) return j + 1;
    }
    return this.t.length;
  }

  /** Reads a qualified name (a.b.c, `db`.*) at i: [name, next index], or undefined. */
  qname(i: number): [string, number] | undefined {
    if (!isName(this.t[i])) return undefined;
    let name = this.t[i]!.raw;
    let j = i + 1;
    while (this.punct(j, '.') && (isName(this.t[j + 1]) || this.punct(j + 1, '*'))) {
      name += '.' + this.t[j + 1]!.raw;
      j += 2;
    }
    return [name.slice(0, MAX_NAME), j];
  }

  addTable(name: string): void {
    if (this.cte.has(name.toLowerCase()) || name.toUpperCase() === 'DUAL') return;
    if (this.tables.length < MAX_TABLES && !this.tables.includes(name)) this.tables.push(name);
  }

  addColumn(name: string): void {
    if (this.columns.length < MAX_COLUMNS && !this.columns.includes(name)) this.columns.push(name.slice(0, MAX_NAME));
  }

  /** Table references after FROM/JOIN/INTO/UPDATE/USING anywhere outside function-call parentheses. */
  scanTables(from: number): void {
    const t = this.t;
    const funcDepth: boolean[] = [];
    let inFunc = 0;
    for (let i = from; i < t.length; i++) {
      const x = t[i]!;
      if (x.k === K.Punct) {
        if (x.v === '(') {
          const p = t[i - 1];
          const f = p !== undefined && ((p.k === K.Word && !NOT_FUNC.has(p.v)) || p.k === K.Ident);
          funcDepth.push(f);
          if (f) inFunc++;
        } else if (x.v === ')' && funcDepth.pop() === true) inFunc--;
        continue;
      }
      if (x.k !== K.Word || !TABLE_KEYWORDS.has(x.v) || inFunc > 0) continue;
      if (x.v === 'UPDATE' && (this.word(i - 1) === 'FOR' || this.word(i - 1) === 'DO' || this.word(i - 1) === 'KEY')) continue;
      if (x.v === 'INTO' && (this.word(i + 1) === 'OUTFILE' || this.word(i + 1) === 'DUMPFILE' || t[i + 1]?.k === K.Param)) continue;
      i = this.tableList(i + 1, x.v === 'FROM' || x.v === 'UPDATE' || x.v === 'USING') - 1;
    }
  }

  /** Reads `name [AS alias] [, name ...]` at i; returns the index after it. */
  tableList(i: number, list: boolean): number {
    for (;;) {
      while (this.word(i) === 'LATERAL' || this.word(i) === 'ONLY' || this.word(i) === 'LOW_PRIORITY' || this.word(i) === 'IGNORE' || this.word(i) === 'TABLE') i++;
      if (this.punct(i, '(')) return i; // subquery: its own FROM is scanned
      const q = this.qname(i);
      if (q === undefined) return i;
      let [name, j] = q;
      if (this.punct(j, '=')) return j; // a SET column, not a table
      if (this.punct(j, '(')) j = this.skipParens(j); // table function: not a table
      else {
        if (this.punct(j, '*')) j++;
        this.addTable(name);
      }
      if (this.word(j) === 'AS') j++;
      if (isName(this.t[j]) && !this.punct(j + 1, '.')) j++; // alias
      if (this.punct(j, '(')) j = this.skipParens(j); // alias column list
      if (!list || !this.punct(j, ',')) return j;
      i = j + 1;
    }
  }

  /** `( col, col )` at i (INSERT column list). */
  columnList(i: number): void {
    if (!this.punct(i, '(')) return;
    const end = this.skipParens(i);
    for (let j = i + 1; j < end - 1; j++) {
      const x = this.t[j]!;
      if ((x.k === K.Word || x.k === K.Ident) && (this.punct(j + 1, ',') || this.punct(j + 1, ')'))) this.addColumn(x.raw);
    }
  }

  /** `SET a = .., b.c = ..` at depth 0 from i (UPDATE, ON DUPLICATE KEY UPDATE, DO UPDATE SET). */
  setColumns(i: number): void {
    let depth = 0;
    let expectCol = true;
    for (let j = i; j < this.t.length; j++) {
      const x = this.t[j]!;
      if (x.k === K.Punct) {
        if (x.v === '(') depth++;
        else if (x.v === ')') depth--;
        else if (x.v === ',' && depth === 0) expectCol = true;
        continue;
      }
      if (depth !== 0) continue;
      if (x.k === K.Word && (x.v === 'WHERE' || x.v === 'FROM' || x.v === 'RETURNING' || x.v === 'ORDER' || x.v === 'LIMIT')) return;
      if (expectCol && (x.k === K.Word || x.k === K.Ident)) {
        let name = x.raw;
        let k = j + 1;
        while (this.punct(k, '.') && this.t[k + 1] !== undefined) {
          name = this.t[k + 1]!.raw;
          k += 2;
        }
        if (this.punct(k, '=')) this.addColumn(name);
        expectCol = false;
      }
    }
  }

  /** The string content of a literal token (only used for account names, which are pseudonymised). */
  literal(x: Token): string {
    return this.sql.slice(x.start, x.end).slice(0, MAX_NAME);
  }

  /** An account name at i: ident, 'user'@'host' or "user"; [name, next index]. */
  account(i: number): [string, number] | undefined {
    const x = this.t[i];
    if (x === undefined) return undefined;
    let name: string;
    if (x.k === K.Str) name = this.literal(x);
    else if (x.k === K.Word || x.k === K.Ident) {
      if (x.k === K.Word && (x.v === 'CURRENT_USER' || x.v === 'SESSION_USER' || x.v === 'CURRENT_ROLE')) return [x.v, i + 1];
      name = x.raw;
    } else return undefined;
    let j = i + 1;
    // MySQL 'user'@'host': the tokenizer reads @'host' as a parameter or punctuation; the host is not kept.
    if (this.t[j]?.k === K.Param || this.punct(j, '@')) {
      j++;
      if (this.t[j]?.k === K.Str) j++;
    }
    return [name, j];
  }
}

function blank(operation: string, kind: SqlKind, action: string): SqlStatementInfo {
  return { operation, kind, action, tables: [], columns: [], privileges: [], account: undefined, transaction: undefined };
}

const ACTION_RANK: Record<string, number> = { READ: 1, EXPORT: 2, CREATE: 3, UPDATE: 4, DELETE: 5 };

/** Data-modifying statements nested in parentheses (WITH d AS (DELETE ...) SELECT ...). */
function nestedWrite(s: Stmt, from: number): string | undefined {
  let best: string | undefined;
  for (let i = from; i < s.t.length - 1; i++) {
    if (!s.punct(i, '(')) continue;
    const w = s.word(i + 1);
    const a = w === 'INSERT' ? 'CREATE' : w === 'UPDATE' ? 'UPDATE' : w === 'DELETE' ? 'DELETE' : undefined;
    if (a !== undefined && (best === undefined || ACTION_RANK[a]! > ACTION_RANK[best]!)) best = a;
  }
  return best;
}

function classifyOne(s: Stmt): SqlStatementInfo {
  const t = s.t;
  let i = 0;
  while (s.punct(i, '(')) i++;
  // WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] ( ... ) [, ...] main
  if (s.word(i) === 'WITH') {
    i++;
    if (s.word(i) === 'RECURSIVE') i++;
    while (i < t.length) {
      const x = t[i];
      if (x === undefined || !(x.k === K.Word || x.k === K.Ident)) break;
      s.cte.add(x.raw.toLowerCase());
      i++;
      if (s.punct(i, '(')) i = s.skipParens(i);
      if (s.word(i) === 'AS') i++;
      if (s.word(i) === 'NOT') i++;
      if (s.word(i) === 'MATERIALIZED') i++;
      if (s.punct(i, '(')) i = s.skipParens(i);
      if (!s.punct(i, ',')) break;
      i++;
    }
    while (s.punct(i, '(')) i++;
  }
  const w0 = s.word(i);
  if (w0 === undefined) return blank('UNKNOWN', 'other', 'EXECUTE');
  const w1 = s.word(i + 1);
  let info: SqlStatementInfo;
  switch (w0) {
    case 'SELECT':
    case 'VALUES':
    case 'SHOW':
    case 'DESCRIBE':
    case 'DESC':
    case 'HANDLER':
    case 'CHECKSUM':
    case 'FETCH': {
      info = blank(w0 === 'DESC' ? 'DESCRIBE' : w0, 'data', 'READ');
      if (w0 === 'SELECT' && t.some((x) => x.k === K.Word && (x.v === 'OUTFILE' || x.v === 'DUMPFILE'))) info.action = 'EXPORT';
      else if (w0 === 'SELECT' && t.some((x, j) => x.k === K.Word && x.v === 'INTO' && isName(t[j + 1]) && s.word(j - 1) !== 'INSERT')) {
        // PostgreSQL SELECT ... INTO new_table
        info.action = 'CREATE';
      }
      if (w0 === 'DESCRIBE' || w0 === 'DESC') {
        const q = s.qname(i + 1);
        if (q) s.addTable(q[0]);
      }
      break;
    }
    case 'TABLE': {
      info = blank('SELECT', 'data', 'READ');
      const q = s.qname(i + 1);
      if (q) s.addTable(q[0]);
      break;
    }
    case 'EXPLAIN': {
      let j = i + 1;
      let analyze = false;
      if (s.punct(j, '(')) {
        const e = s.skipParens(j);
        for (let k = j; k < e; k++) if (s.word(k) === 'ANALYZE') analyze = true;
        j = e;
      }
      while (s.word(j) === 'ANALYZE' || s.word(j) === 'VERBOSE' || s.word(j) === 'EXTENDED' || s.word(j) === 'FORMAT') {
        if (s.word(j) === 'ANALYZE') analyze = true;
        j++;
        if (s.punct(j, '=')) j += 2;
      }
      const inner = classifyOne(new Stmt(t.slice(j), s.sql));
      info = analyze ? inner : { ...blank('EXPLAIN', 'data', 'READ'), tables: inner.tables };
      for (const x of inner.tables) s.addTable(x);
      return { ...info, tables: s.tables.slice() };
    }
    case 'INSERT':
    case 'REPLACE':
    case 'UPSERT': {
      info = blank(w0 === 'UPSERT' ? 'INSERT' : w0, 'data', w0 === 'INSERT' ? 'CREATE' : 'UPDATE');
      let j = i + 1;
      while (s.word(j) === 'LOW_PRIORITY' || s.word(j) === 'DELAYED' || s.word(j) === 'HIGH_PRIORITY' || s.word(j) === 'IGNORE') j++;
      if (s.word(j) === 'INTO') j++;
      const q = s.qname(j);
      if (q) {
        s.addTable(q[0]);
        j = q[1];
        if (s.word(j) === 'AS') j += 2;
        s.columnList(j);
      }
      // INSERT ... SET a = 1 (MySQL), ON DUPLICATE KEY UPDATE a = .., ON CONFLICT DO UPDATE SET a = ..
      const k = t.findIndex((x, k) => k >= j && x.k === K.Word && ((x.v === 'SET' && (k === j || s.word(k - 1) === 'UPDATE')) || (x.v === 'UPDATE' && s.word(k - 1) === 'KEY')));
      if (k >= 0) s.setColumns(k + 1);
      break;
    }
    case 'UPDATE': {
      info = blank('UPDATE', 'data', 'UPDATE');
      const k = t.findIndex((x, j) => j > i && x.k === K.Word && x.v === 'SET');
      if (k > 0) s.setColumns(k + 1);
      break;
    }
    case 'DELETE':
      info = blank('DELETE', 'data', 'DELETE');
      if (!s.word(i + 1) || (s.word(i + 1) !== 'FROM' && isName(t[i + 1]))) {
        // MySQL multi-table DELETE t1, t2 FROM ...: the listed tables
        s.tableList(i + 1, true);
      }
      break;
    case 'MERGE':
      info = blank('MERGE', 'data', 'UPDATE');
      break;
    case 'COPY': {
      const to = t.some((x) => x.k === K.Word && x.v === 'TO');
      info = blank('COPY', 'data', to ? 'EXPORT' : 'CREATE');
      const q = s.qname(i + 1);
      if (q) s.addTable(q[0]);
      break;
    }
    case 'LOAD':
      info = blank('LOAD DATA', 'data', 'CREATE');
      break;
    case 'CALL':
    case 'EXEC':
    case 'EXECUTE':
    case 'DO':
      info = blank(w0 === 'EXEC' ? 'EXECUTE' : w0, 'data', 'EXECUTE');
      break;
    case 'GRANT':
    case 'REVOKE': {
      info = blank(w0, 'permission', w0);
      let j = i + 1;
      if (w0 === 'REVOKE' && s.word(j) === 'GRANT' && s.word(j + 1) === 'OPTION') j += 3;
      if (w0 === 'REVOKE' && s.word(j) === 'ADMIN' && s.word(j + 1) === 'OPTION') j += 3;
      // privileges (or role names) up to ON / TO / FROM
      let priv = '';
      for (; j < t.length; j++) {
        const x = t[j]!;
        if (x.k === K.Word && (x.v === 'ON' || x.v === 'TO' || x.v === 'FROM')) break;
        if (x.k === K.Punct && x.v === '(') {
          j = s.skipParens(j) - 1; // column list
          continue;
        }
        if (x.k === K.Punct && x.v === ',') {
          if (priv) info.privileges.push(priv);
          priv = '';
        } else if (x.k === K.Word || x.k === K.Ident) priv = (priv ? priv + ' ' : '') + (x.k === K.Word ? x.v : x.raw);
        if (info.privileges.length >= 16) break;
      }
      if (priv && info.privileges.length < 16) info.privileges.push(priv.slice(0, 64));
      if (s.word(j) === 'ON') {
        j++;
        while (['TABLE', 'SCHEMA', 'DATABASE', 'SEQUENCE', 'FUNCTION', 'PROCEDURE', 'ALL', 'TABLES', 'SEQUENCES', 'FUNCTIONS', 'IN'].includes(s.word(j) ?? '')) {
          if (s.word(j) === 'ALL' || s.word(j) === 'IN') info.operation = w0;
          j++;
        }
        for (;;) {
          const q = s.punct(j, '*') ? (s.punct(j + 1, '.') && s.punct(j + 2, '*') ? ['*.*', j + 3] as [string, number] : ['*', j + 1] as [string, number]) : s.qname(j);
          if (!q) break;
          s.addTable(q[0]);
          j = q[1];
          if (!s.punct(j, ',')) break;
          j++;
        }
      }
      if (s.word(j) === 'TO' || s.word(j) === 'FROM') {
        if (s.word(j + 1) === 'ROLE' || s.word(j + 1) === 'USER' || s.word(j + 1) === 'GROUP') j++;
        const a = s.account(j + 1);
        if (a) info.account = a[0];
      }
      return { ...info, tables: s.tables.slice() };
    }
    case 'CREATE':
    case 'ALTER':
    case 'DROP':
    case 'RENAME':
    case 'TRUNCATE':
    case 'COMMENT': {
      let j = i + 1;
      while (CREATE_MODIFIERS.has(s.word(j) ?? '') || s.punct(j, '=') || (s.word(j - 1) === 'DEFINER' && s.t[j]?.k !== K.Word)) {
        if (s.word(j) === 'DEFINER' || s.word(j) === 'ALGORITHM' || s.word(j) === 'SECURITY') {
          // DEFINER = user@host, ALGORITHM = x, SQL SECURITY x: skip the value
          j += s.punct(j + 1, '=') ? 2 : 1;
          const a = s.account(j);
          j = a ? a[1] : j + 1;
          continue;
        }
        j++;
      }
      let obj = s.word(j);
      if (w0 === 'TRUNCATE' && obj !== 'TABLE') obj = 'TABLE';
      else j++;
      if (obj === 'MATERIALIZED' && s.word(j) === 'VIEW') {
        obj = 'MATERIALIZED VIEW';
        j++;
      }
      if (obj === 'DEFAULT' && s.word(j) === 'PRIVILEGES') {
        info = blank('ALTER DEFAULT PRIVILEGES', 'permission', 'GRANT');
        break;
      }
      if (obj === 'POLICY') {
        info = blank(`${w0} POLICY`, 'permission', w0 === 'DROP' ? 'REVOKE' : 'GRANT');
        const on = t.findIndex((x, k) => k > j && x.k === K.Word && x.v === 'ON');
        const q = on > 0 ? s.qname(on + 1) : undefined;
        if (q) s.addTable(q[0]);
        return { ...info, tables: s.tables.slice() };
      }
      if (w0 === 'COMMENT') {
        info = blank('COMMENT', 'ddl', 'UPDATE');
        break;
      }
      const verbAction = w0 === 'CREATE' ? 'CREATE' : w0 === 'ALTER' || w0 === 'RENAME' ? 'UPDATE' : 'DELETE';
      if (obj !== undefined && ACCOUNT_OBJECTS.has(obj)) {
        const op = `${w0} ${obj === 'GROUP' ? 'ROLE' : obj}`;
        info = blank(op, 'account', verbAction);
        while (s.word(j) === 'IF' || s.word(j) === 'NOT' || s.word(j) === 'EXISTS') j++;
        const a = s.account(j);
        if (a) info.account = a[0];
        // ALTER ROLE x SUPERUSER / CREATEROLE ...: a privilege change
        for (let k = j; k < t.length; k++) {
          const v = s.word(k);
          if (v !== undefined && PRIVILEGE_OPTIONS.has(v) && !(v === 'ADMIN' && w0 !== 'ALTER' && w0 !== 'CREATE')) {
            info.kind = 'permission';
            info.action = 'GRANT';
            info.privileges.push(v);
          } else if (v !== undefined && PRIVILEGE_REVOKES.has(v)) {
            info.kind = 'permission';
            info.action = info.action === 'GRANT' ? 'GRANT' : 'REVOKE';
            info.privileges.push(v);
          }
          if (info.privileges.length >= 16) break;
        }
        return info;
      }
      if (w0 === 'ALTER' && obj === 'SYSTEM') {
        info = blank('ALTER SYSTEM', 'ddl', 'CONFIGURE');
        break;
      }
      if (obj === undefined || !DDL_OBJECTS.has(obj)) {
        info = blank(obj && /^[A-Z_]{1,24}$/.test(obj) ? `${w0} ${obj}` : w0, 'ddl', verbAction);
        break;
      }
      info = blank(`${w0} ${obj}`, 'ddl', verbAction);
      while (s.word(j) === 'IF' || s.word(j) === 'NOT' || s.word(j) === 'EXISTS' || s.word(j) === 'ONLY' || s.word(j) === 'CONCURRENTLY') j++;
      if (obj === 'INDEX') {
        // CREATE INDEX [name] ON table; DROP INDEX name [ON table]
        const on = t.findIndex((x, k) => k >= j && x.k === K.Word && x.v === 'ON');
        const q = on >= 0 ? s.qname(on + 1) : undefined;
        if (q) s.addTable(q[0]);
        break;
      }
      if (obj === 'TABLE' || obj === 'VIEW' || obj === 'MATERIALIZED VIEW' || obj === 'SEQUENCE' || obj === 'DATABASE' || obj === 'SCHEMA') {
        for (;;) {
          const q = s.qname(j);
          if (!q) break;
          s.addTable(q[0]);
          j = q[1];
          if (w0 === 'RENAME' && s.word(j) === 'TO') {
            const r = s.qname(j + 1);
            if (r) {
              s.addTable(r[0]);
              j = r[1];
            }
          }
          if (!s.punct(j, ',')) break;
          j++;
        }
      }
      if (w0 === 'ALTER' && obj === 'TABLE') {
        if (t.some((x) => x.k === K.Word && x.v === 'RENAME')) {
          const to = t.findIndex((x, k) => k > j && x.k === K.Word && x.v === 'TO' && s.word(k - 1) === 'RENAME');
          const r = to > 0 ? s.qname(to + 1) : undefined;
          if (r) s.addTable(r[0]);
        }
      }
      break;
    }
    case 'SET': {
      if (w1 === 'PASSWORD') {
        info = blank('SET PASSWORD', 'account', 'UPDATE');
        if (s.word(i + 2) === 'FOR') {
          const a = s.account(i + 3);
          if (a) info.account = a[0];
        }
        return info;
      }
      if (w1 === 'GLOBAL' || w1 === 'PERSIST' || w1 === 'PERSIST_ONLY' || (s.t[i + 1]?.k === K.Param && s.t[i + 1]!.end - s.t[i + 1]!.start > 2 && s.sql.slice(s.t[i + 1]!.start, s.t[i + 1]!.start + 9).toLowerCase() === '@@global.')) {
        info = blank('SET GLOBAL', 'ddl', 'CONFIGURE');
        return info;
      }
      if (w1 === 'TRANSACTION' || w1 === 'SESSION' && s.word(i + 2) === 'CHARACTERISTICS') return blank('SET TRANSACTION', 'transaction', 'EXECUTE');
      if (w1 === 'ROLE') return blank('SET ROLE', 'session', 'EXECUTE');
      return blank('SET', 'session', 'EXECUTE');
    }
    case 'BEGIN':
    case 'START':
      if (w0 === 'START' && w1 !== 'TRANSACTION') {
        info = blank('START', 'other', 'EXECUTE');
        break;
      }
      return { ...blank('BEGIN', 'transaction', 'EXECUTE'), transaction: 'begin' };
    case 'COMMIT':
    case 'END':
      if (s.word(i + 1) === 'PREPARED') return { ...blank('COMMIT PREPARED', 'transaction', 'EXECUTE'), transaction: 'commit' };
      return { ...blank('COMMIT', 'transaction', 'EXECUTE'), transaction: 'commit' };
    case 'ROLLBACK':
    case 'ABORT': {
      const toSavepoint = t.some((x, k) => k > i && x.k === K.Word && x.v === 'TO');
      return toSavepoint
        ? { ...blank('ROLLBACK TO SAVEPOINT', 'transaction', 'EXECUTE'), transaction: 'savepoint' }
        : { ...blank('ROLLBACK', 'transaction', 'EXECUTE'), transaction: 'rollback' };
    }
    case 'SAVEPOINT':
    case 'RELEASE':
      return { ...blank(w0 === 'RELEASE' ? 'RELEASE SAVEPOINT' : 'SAVEPOINT', 'transaction', 'EXECUTE'), transaction: 'savepoint' };
    case 'USE':
    case 'RESET':
    case 'DISCARD':
    case 'LISTEN':
    case 'UNLISTEN':
    case 'NOTIFY':
    case 'DEALLOCATE':
    case 'PREPARE':
    case 'CHECKPOINT':
    case 'FLUSH':
    case 'KILL':
    case 'LOCK':
    case 'UNLOCK':
      info = blank(w0, 'session', 'EXECUTE');
      if (w0 === 'LOCK') s.tableList(i + 1 + (w1 === 'TABLE' || w1 === 'TABLES' ? 1 : 0), true);
      return { ...info, tables: s.tables.slice() };
    case 'VACUUM':
    case 'ANALYZE':
    case 'REINDEX':
    case 'CLUSTER':
    case 'OPTIMIZE':
    case 'REFRESH':
      info = blank(w0, 'ddl', 'CONFIGURE');
      for (let k = i + 1; k < t.length; k++) {
        const q = s.qname(k);
        if (q && !['TABLE', 'FULL', 'VERBOSE', 'MATERIALIZED', 'VIEW', 'NO_WRITE_TO_BINLOG', 'LOCAL', 'INDEX', 'CONCURRENTLY'].includes(t[k]!.v)) {
          s.addTable(q[0]);
          k = q[1];
        }
      }
      return { ...info, tables: s.tables.slice() };
    default:
      info = blank(/^[A-Z_]{1,24}$/.test(w0) ? w0 : 'UNKNOWN', 'other', 'EXECUTE');
  }
  s.scanTables(0);
  if (info.kind === 'data' && info.action !== 'EXPORT') {
    const w = nestedWrite(s, 0);
    if (w !== undefined && ACTION_RANK[w]! > (ACTION_RANK[info.action] ?? 0)) info.action = w;
  }
  return { ...info, tables: s.tables.slice(), columns: s.columns.slice() };
}

const KIND_RANK: Record<SqlKind, number> = { permission: 6, account: 5, ddl: 4, data: 3, transaction: 2, session: 1, other: 0 };

function eventOf(kind: SqlKind): SqlEvent {
  switch (kind) {
    case 'permission':
      return 'audit.permission_change';
    case 'account':
      return 'audit.account_management';
    case 'ddl':
      return 'audit.configuration_change';
    default:
      return 'audit.data_access';
  }
}

function summaryOf(s: SqlStatementInfo): string {
  return s.tables.length > 0 ? `${s.operation} ${s.tables.join(' ')}` : s.operation;
}

/** Classifies a SQL text (one or more statements). Never throws; never reads literal values. */
export function classifySql(sql: string, dialect: Dialect = 'postgresql'): SqlInfo {
  if (typeof sql !== 'string') sql = '';
  const { tokens, truncated } = tokenize(sql, dialect);
  const stmts: SqlStatementInfo[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const end = i === tokens.length || (tokens[i]!.k === K.Punct && tokens[i]!.v === ';');
    if (!end) continue;
    if (i > start && stmts.length < 64) stmts.push(classifyOne(new Stmt(tokens.slice(start, i), sql)));
    start = i + 1;
  }
  if (stmts.length === 0) stmts.push(blank('UNKNOWN', 'other', 'EXECUTE'));
  // The most significant statement decides the event and action; tables and columns are the union.
  let main = stmts[0]!;
  for (const st of stmts) {
    const r = KIND_RANK[st.kind] - KIND_RANK[main.kind];
    if (r > 0 || (r === 0 && (ACTION_RANK[st.action] ?? 0) > (ACTION_RANK[main.action] ?? 0))) main = st;
  }
  const tables: string[] = [];
  const columns: string[] = [];
  const privileges: string[] = [];
  for (const st of stmts) {
    for (const x of st.tables) if (tables.length < MAX_TABLES && !tables.includes(x)) tables.push(x);
    for (const x of st.columns) if (columns.length < MAX_COLUMNS && !columns.includes(x)) columns.push(x);
    for (const x of st.privileges) if (privileges.length < 16 && !privileges.includes(x)) privileges.push(x);
  }
  let summary = stmts.map(summaryOf).join('; ');
  if (summary.length > MAX_SUMMARY) summary = summary.slice(0, MAX_SUMMARY);
  return {
    ...main,
    tables,
    columns,
    privileges,
    event: eventOf(main.kind),
    summary,
    statements: stmts.length,
    truncated,
  };
}
