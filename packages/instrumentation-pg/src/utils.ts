import { randomUUID } from 'node:crypto';
import { classifySql, type SqlInfo } from '@auditel/sql-audit';
import { rowBytes, sqlCanary, sqlRecord, type DataRecord } from '@auditel/data-audit';
import type { PgClientLike, PgResultLike } from './internal-types.js';

const cache = new Map<string, SqlInfo>();
const CACHE_MAX = 1000;

/** Classification of a statement text, cached for repeated (parameterised) statements. */
export function classify(text: string): SqlInfo {
  let info = cache.get(text);
  if (info === undefined) {
    info = classifySql(text, 'postgresql');
    if (text.length <= 4096) {
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(text, info);
    }
  }
  return info;
}

const WRITE_TAGS = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY', 'MOVE']);
const TX = Symbol('auditel.pg.transaction');

interface TxState {
  id: string;
}

/** SQLSTATE (5 characters) of a PostgreSQL error, else undefined. */
function sqlState(err: unknown): string | undefined {
  const c = (err as { code?: unknown } | null)?.code;
  return typeof c === 'string' && /^[0-9A-Z]{5}$/.test(c) ? c : undefined;
}

export function errorType(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (e && typeof e.code === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(e.code)) return e.code;
  if (e && typeof e.name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.name)) return e.name;
  return 'Error';
}

function base(client: PgClientLike): { system: string; namespace?: string; serverAddress?: string; serverPort?: number } {
  const p = client.connectionParameters ?? client;
  const b: { system: string; namespace?: string; serverAddress?: string; serverPort?: number } = { system: 'postgresql' };
  if (p.database) b.namespace = p.database;
  if (p.host && !p.host.startsWith('/')) b.serverAddress = p.host;
  if (p.port) b.serverPort = p.port;
  return b;
}

/** The record of one finished query (results: one, or several for a multi-statement text). */
export function queryRecord(
  client: PgClientLike,
  text: string,
  values: unknown,
  err: unknown,
  res: PgResultLike | PgResultLike[] | undefined,
  streamed?: { rows: number; bytes: number },
): DataRecord {
  const info = classify(text);
  const rec = sqlRecord(info, base(client));
  const state = (client as Record<symbol, TxState | undefined>)[TX];
  let lastCommand: string | undefined;
  let rowsForCanary: unknown[] | undefined;
  if (err !== undefined && err !== null) {
    rec.outcome = 'failure';
    rec.errorType = errorType(err);
    const s = sqlState(err);
    if (s !== undefined) rec.statusCode = s;
  } else if (streamed !== undefined) {
    rec.returnedRows = streamed.rows;
    rec.bytes = streamed.bytes;
  } else if (res !== undefined && res !== null) {
    const results = Array.isArray(res) ? res : [res];
    let returned = 0;
    let affected = 0;
    let bytes = 0;
    let wrote = false;
    for (const r of results) {
      if (r === null || typeof r !== 'object') continue;
      lastCommand = r.command;
      const n = Array.isArray(r.rows) ? r.rows.length : 0;
      returned += n;
      if (n > 0) {
        bytes += rowBytes(r.rows);
        rowsForCanary = rowsForCanary === undefined ? r.rows : rowsForCanary.concat(r.rows);
      }
      if (r.command !== undefined && WRITE_TAGS.has(r.command)) {
        wrote = true;
        affected += typeof r.rowCount === 'number' ? r.rowCount : 0;
      }
    }
    rec.returnedRows = returned;
    rec.bytes = bytes;
    if (wrote) rec.affectedRows = affected;
  }
  // Transactions: statements between BEGIN and COMMIT/ROLLBACK carry one id; the end says how it ended.
  const c = client as Record<symbol, TxState | undefined>;
  if (info.transaction === 'begin' && rec.outcome === 'success') {
    c[TX] = { id: randomUUID() };
    rec.attributes = { ...rec.attributes, 'audit.transaction.id': c[TX]!.id };
  } else if (state !== undefined) {
    rec.attributes = { ...rec.attributes, 'audit.transaction.id': state.id };
    if (info.transaction === 'commit' || info.transaction === 'rollback') {
      // COMMIT of an aborted transaction answers ROLLBACK: the writes did not happen
      const rolledBack = info.transaction === 'rollback' || lastCommand === 'ROLLBACK' || rec.outcome === 'failure';
      rec.attributes['audit.transaction.outcome'] = rolledBack ? 'rolled_back' : 'committed';
      if (info.transaction === 'commit' && rolledBack) {
        rec.outcome = 'failure';
        rec.errorType ??= 'transaction_rolled_back';
      }
      c[TX] = undefined;
    }
  }
  if (sqlCanary(info, text, values, rowsForCanary)) rec.canary = true;
  return rec;
}

/** The record of a failed connection: authentication failures as such, other failures as failed data access. */
export function connectFailureRecord(client: PgClientLike, err: unknown): DataRecord {
  const s = sqlState(err);
  const auth = s === '28P01' || s === '28000';
  const rec: DataRecord = {
    event: auth ? 'audit.authentication' : 'audit.data_access',
    action: auth ? 'LOGIN' : 'CONNECT',
    outcome: 'failure',
    operation: 'connect',
    errorType: errorType(err),
    ...base(client),
  };
  if (s !== undefined) rec.statusCode = s;
  return rec;
}
