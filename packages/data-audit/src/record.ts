/**
 * Building and emitting data-layer records: the request scope and OTel context are captured when
 * a call starts (in the caller's async context) and used when it ends, so a record names the
 * request's actor and trace even though drivers call back from their socket's context.
 */
import { context, trace, type Context } from '@opentelemetry/api';
import { audit, type AuditActor, type AuditAttributeValue, type AuditEvent } from '@auditel/api';
import { currentRequestScope, type RequestScope } from '@auditel/sdk';
import type { SqlInfo } from '@auditel/sql-audit';
import { getDataAuditConfig, tableKey } from './config.js';

export interface CallStart {
  scope: RequestScope | undefined;
  /** The active context, kept only when it carries a span (so records get its trace id). */
  ctx: Context | undefined;
}

export function captureStart(): CallStart {
  const ctx = context.active();
  return { scope: currentRequestScope(), ctx: trace.getSpanContext(ctx) !== undefined ? ctx : undefined };
}

const ACTOR_KEY = Symbol.for('auditel.data-audit.service-actor.v1');
const g = globalThis as unknown as Record<symbol, AuditActor | undefined>;

/** The actor of calls made outside any request (jobs, start-up): the service itself. */
export function setServiceActor(serviceName: string | undefined): void {
  if (serviceName) g[ACTOR_KEY] = { id: serviceName, type: 'service', personal: false };
}

export interface DataRecord {
  event: string;
  action: string;
  outcome: 'success' | 'failure';
  /** db.system.name, or `aws-api` style systems for SDK calls (set in attributes then). */
  system?: string;
  namespace?: string;
  serverAddress?: string;
  serverPort?: number;
  operation?: string;
  summary?: string;
  collections?: string[];
  returnedRows?: number;
  /** Rows written (INSERT/UPDATE/DELETE): audit.target.count. */
  affectedRows?: number;
  bytes?: number;
  statusCode?: string;
  errorType?: string;
  canary?: boolean;
  targetType?: string;
  targetId?: string;
  targetPersonal?: boolean;
  changedFields?: string[];
  permission?: string;
  attributes?: Record<string, AuditAttributeValue | undefined>;
}

const DEFAULT_PORTS = new Set([5432, 3306, 6379, 443]);

/** Adds the call's volume to the request scope and emits the record in the call's context. Never throws. */
export function emitData(start: CallStart, r: DataRecord): void {
  try {
    const scope = start.scope;
    if (scope !== undefined) {
      scope.rows += r.returnedRows ?? 0;
      scope.bytes += r.bytes ?? 0;
      if (r.canary) scope.canary = true;
    }
    // Only defined attributes, added in place (no deletes): every attribute costs the pipeline
    // (redaction, canonical form, hash), so the record carries what an auditor needs and no more.
    const attributes: Record<string, AuditAttributeValue | undefined> = {};
    if (r.system !== undefined) attributes['db.system.name'] = r.system;
    if (r.namespace) attributes['db.namespace'] = r.namespace;
    if (r.collections !== undefined && r.collections.length > 0) attributes['db.collection.name'] = r.collections;
    if (r.operation !== undefined) attributes['db.operation.name'] = r.operation;
    if (r.summary !== undefined) attributes['db.query.summary'] = r.summary;
    if (r.returnedRows !== undefined) attributes['db.response.returned_rows'] = r.returnedRows;
    if (r.statusCode !== undefined) attributes['db.response.status_code'] = r.statusCode;
    if (r.serverAddress !== undefined) attributes['server.address'] = r.serverAddress;
    if (r.serverPort !== undefined && !DEFAULT_PORTS.has(r.serverPort)) attributes['server.port'] = r.serverPort;
    if (r.attributes !== undefined) {
      for (const k in r.attributes) if (r.attributes[k] !== undefined) attributes[k] = r.attributes[k];
    }
    const ev: AuditEvent = {
      event: r.event,
      action: r.action,
      outcome: r.outcome,
      attributes,
    };
    const actor = scope !== undefined ? scope.actor : g[ACTOR_KEY];
    if (actor !== undefined) ev.actor = actor;
    if (scope?.source !== undefined) ev.source = scope.source;
    if (r.targetType !== undefined || r.affectedRows !== undefined) {
      ev.target = {};
      if (r.targetType !== undefined) ev.target.type = r.targetType;
      if (r.targetId !== undefined) ev.target.id = r.targetId;
      if (r.targetPersonal) ev.target.personal = true;
      if (r.affectedRows !== undefined) ev.target.count = r.affectedRows;
    }
    if (r.canary) ev.canary = true;
    if (r.errorType !== undefined) ev.errorType = r.errorType;
    if (r.changedFields !== undefined && r.changedFields.length > 0) ev.changedFields = r.changedFields;
    if (r.permission !== undefined) ev.rule = { permission: r.permission };
    if (start.ctx !== undefined) context.with(start.ctx, audit, undefined, ev);
    else audit(ev);
  } catch {
    // never into the host application
  }
}

/** Builds the record with `make` and emits it; a failure anywhere is swallowed (never into the host). */
export function recordSafely(start: CallStart, make: () => DataRecord | undefined): void {
  try {
    const r = make();
    if (r !== undefined) emitData(start, r);
  } catch {
    // never into the host application
  }
}

/** Approximate bytes of returned rows: string lengths, buffer sizes, 8 per number; bounded work. */
export function rowBytes(rows: unknown): number {
  if (!Array.isArray(rows)) return 0;
  let n = 0;
  const max = Math.min(rows.length, 100000);
  for (let i = 0; i < max; i++) n += valueBytes(rows[i], 0);
  return max < rows.length ? Math.round((n / max) * rows.length) : n;
}

function valueBytes(v: unknown, depth: number): number {
  if (v === null || v === undefined) return 0;
  switch (typeof v) {
    case 'string':
      return v.length;
    case 'number':
    case 'bigint':
      return 8;
    case 'boolean':
      return 1;
    case 'object': {
      if (v instanceof Uint8Array) return v.byteLength;
      if (v instanceof Date) return 8;
      if (depth > 2) return 0;
      let n = 0;
      if (Array.isArray(v)) for (const x of v) n += valueBytes(x, depth + 1);
      else for (const k in v as Record<string, unknown>) n += valueBytes((v as Record<string, unknown>)[k], depth + 1);
      return n;
    }
    default:
      return 0;
  }
}

/** Table canaries, and row canaries by the values a statement names or the rows it returns. */
export function sqlCanary(info: SqlInfo, sql: string, values: unknown, rows: unknown): boolean {
  const cfg = getDataAuditConfig();
  if (!cfg.hasCanaries || info.tables.length === 0) return false;
  for (const t of info.tables) {
    const key = tableKey(t);
    if (cfg.canaryTables.has(key)) return true;
    const rowRules = cfg.canaryRows.get(key);
    if (rowRules === undefined) continue;
    for (const rule of rowRules) {
      // the value bound as a parameter, or written in the text as a literal
      if (Array.isArray(values) && values.some((v) => rule.values.has(String(v)))) return true;
      for (const v of rule.values) if (containsToken(sql, v)) return true;
      // a returned row holding it (SELECT * FROM customers returns the canary row)
      if (Array.isArray(rows)) {
        for (const row of rows) {
          if (row === null || typeof row !== 'object') continue;
          for (const k in row as Record<string, unknown>) {
            if (k.toLowerCase() === rule.column && rule.values.has(String((row as Record<string, unknown>)[k]))) return true;
          }
        }
      }
    }
  }
  return false;
}

/** `v` in `s` not adjacent to another word character. Linear (indexOf scan). */
function containsToken(s: string, v: string): boolean {
  if (v.length === 0) return false;
  let i = s.indexOf(v);
  while (i >= 0) {
    const a = i > 0 ? s.charCodeAt(i - 1) : 32;
    const b = i + v.length < s.length ? s.charCodeAt(i + v.length) : 32;
    if (!isWord(a) && !isWord(b)) return true;
    i = s.indexOf(v, i + v.length);
  }
  return false;
}

function isWord(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The record of a classified SQL statement (shared by pg and mysql2). */
export function sqlRecord(
  info: SqlInfo,
  base: { system: string; namespace?: string; serverAddress?: string; serverPort?: number },
): DataRecord {
  const r: DataRecord = {
    event: info.event,
    action: info.action,
    outcome: 'success',
    system: base.system,
    operation: info.operation,
    summary: info.summary,
    collections: info.tables,
  };
  if (base.namespace) r.namespace = base.namespace;
  if (base.serverAddress) r.serverAddress = base.serverAddress;
  if (base.serverPort) r.serverPort = base.serverPort;
  if (info.kind === 'account' || (info.kind === 'permission' && info.account !== undefined)) {
    r.targetType = info.kind === 'account' || info.tables.length === 0 ? 'database.account' : 'database.table';
    if (info.account !== undefined) {
      r.targetId = info.account;
      r.targetPersonal = true;
    }
    if (r.targetType === 'database.table' && info.account !== undefined) {
      // the grantee is the data subject of a GRANT; the table is in db.collection.name
      r.targetType = 'database.account';
    }
  }
  // For table statements the tables are in db.collection.name; no audit.target.* duplicate.
  if (info.columns.length > 0) r.changedFields = info.columns;
  if (info.privileges.length > 0) r.permission = info.privileges.join(',');
  if (info.statements > 1) r.attributes = { 'db.operation.batch.size': info.statements };
  return r;
}

export { tableKey };
