import { randomUUID } from 'node:crypto';
import { classifySql, type SqlInfo } from '@auditel/sql-audit';
import { rowBytes, sqlCanary, sqlRecord, type DataRecord } from '@auditel/data-audit';
import type { Mysql2ConnectionLike } from './internal-types.js';

const cache = new Map<string, SqlInfo>();

export function classify(text: string): SqlInfo {
  let info = cache.get(text);
  if (info === undefined) {
    info = classifySql(text, 'mysql');
    if (text.length <= 4096) {
      if (cache.size >= 1000) cache.clear();
      cache.set(text, info);
    }
  }
  return info;
}

const TX = Symbol('auditel.mysql2.transaction');

export function errorType(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.code)) return e.code;
  if (e && typeof e.name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.name)) return e.name;
  return 'Error';
}

function base(conn: Mysql2ConnectionLike) {
  const c = conn.config ?? {};
  const b: { system: string; namespace?: string; serverAddress?: string; serverPort?: number } = {
    system: conn._isMariaDB ? 'mariadb' : 'mysql',
  };
  if (c.database) b.namespace = c.database;
  if (c.host && !c.socketPath) b.serverAddress = c.host;
  if (c.port && !c.socketPath) b.serverPort = c.port;
  return b;
}

function isHeader(x: unknown): x is { affectedRows: number } {
  return x !== null && typeof x === 'object' && !Array.isArray(x) && typeof (x as { affectedRows?: unknown }).affectedRows === 'number' && 'fieldCount' in (x as object);
}

/** Rows, affected rows and bytes of a callback result (rows, a ResultSetHeader, or an array of those for multi-statements). */
function volume(res: unknown, multi: boolean): { returned: number; affected: number | undefined; bytes: number; rows: unknown[] | undefined } {
  const out = { returned: 0, affected: undefined as number | undefined, bytes: 0, rows: undefined as unknown[] | undefined };
  const parts = multi && Array.isArray(res) ? res : [res];
  for (const p of parts) {
    if (isHeader(p)) out.affected = (out.affected ?? 0) + p.affectedRows;
    else if (Array.isArray(p)) {
      out.returned += p.length;
      out.bytes += rowBytes(p);
      out.rows = out.rows === undefined ? p : out.rows.concat(p);
    }
  }
  return out;
}

export function queryRecord(
  conn: Mysql2ConnectionLike,
  text: string,
  values: unknown,
  err: unknown,
  res: unknown,
  streamed?: { rows: number; affected: number | undefined; bytes: number },
): DataRecord {
  const info = classify(text);
  const rec = sqlRecord(info, base(conn));
  let rows: unknown[] | undefined;
  if (err !== undefined && err !== null) {
    rec.outcome = 'failure';
    rec.errorType = errorType(err);
    const errno = (err as { errno?: unknown }).errno;
    if (typeof errno === 'number') rec.statusCode = String(errno);
  } else if (streamed !== undefined) {
    rec.returnedRows = streamed.rows;
    rec.bytes = streamed.bytes;
    if (streamed.affected !== undefined) rec.affectedRows = streamed.affected;
  } else {
    const v = volume(res, info.statements > 1);
    rec.returnedRows = v.returned;
    rec.bytes = v.bytes;
    if (v.affected !== undefined) rec.affectedRows = v.affected;
    rows = v.rows;
  }
  const c = conn as Record<symbol, { id: string } | undefined>;
  if (info.transaction === 'begin' && rec.outcome === 'success') {
    c[TX] = { id: randomUUID() };
    rec.attributes = { ...rec.attributes, 'audit.transaction.id': c[TX]!.id };
  } else if (c[TX] !== undefined) {
    rec.attributes = { ...rec.attributes, 'audit.transaction.id': c[TX]!.id };
    if (info.transaction === 'commit' || info.transaction === 'rollback') {
      const rolledBack = info.transaction === 'rollback' || rec.outcome === 'failure';
      rec.attributes['audit.transaction.outcome'] = rolledBack ? 'rolled_back' : 'committed';
      c[TX] = undefined;
    }
  }
  if (sqlCanary(info, text, values, rows)) rec.canary = true;
  return rec;
}

export function connectFailureRecord(conn: Mysql2ConnectionLike, err: unknown): DataRecord {
  const code = errorType(err);
  const auth = code === 'ER_ACCESS_DENIED_ERROR' || code === 'ER_DBACCESS_DENIED_ERROR';
  const rec: DataRecord = {
    event: auth ? 'audit.authentication' : 'audit.data_access',
    action: auth ? 'LOGIN' : 'CONNECT',
    outcome: 'failure',
    operation: 'connect',
    errorType: code,
    ...base(conn),
  };
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (typeof errno === 'number') rec.statusCode = String(errno);
  return rec;
}
