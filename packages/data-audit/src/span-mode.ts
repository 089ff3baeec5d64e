/**
 * Not hooking twice. An application that already runs OpenTelemetry's own pg / mysql2 / ioredis /
 * redis / aws-sdk instrumentations adds AuditelDataSpanProcessor to its TracerProvider; from the
 * first span of such an instrumentation on, Auditel's hook for that library stands down (it passes
 * calls straight through) and the records are derived from the ended spans instead. A span started
 * inside one of Auditel's own hooked calls (the first call, when Auditel's wrapper is the outer
 * one) is skipped, so no call is recorded twice.
 */
import { trace, ROOT_CONTEXT, SpanStatusCode, type SpanContext, type Attributes } from '@opentelemetry/api';
import { classifySql, type Dialect } from '@auditel/sql-audit';
import { getDataAuditConfig } from './config.js';
import { captureStart, emitData, sqlCanary, sqlRecord, type CallStart, type DataRecord } from './record.js';
import { redisCommandRecord } from './redis-keys.js';
import { awsRecord } from './aws.js';

export type Lib = 'pg' | 'mysql2' | 'ioredis' | 'redis' | 'aws-sdk';

interface HookState {
  /** Libraries whose records now come from spans. */
  standDown: Record<Lib, boolean>;
  /** Auditel wrapper calls in progress (synchronously) per library. */
  depth: Record<Lib, number>;
}

const KEY = Symbol.for('auditel.data-audit.hook-state.v1');
const g = globalThis as unknown as Record<symbol, HookState | undefined>;
const state: HookState =
  g[KEY] ??
  (g[KEY] = {
    standDown: { pg: false, mysql2: false, ioredis: false, redis: false, 'aws-sdk': false },
    depth: { pg: 0, mysql2: 0, ioredis: 0, redis: 0, 'aws-sdk': 0 },
  });

/** True when Auditel's own hook should record this library's calls. */
export function hookActive(lib: Lib): boolean {
  return !state.standDown[lib];
}

/** Runs `fn` marked as inside Auditel's hook for `lib` (spans started meanwhile are already audited). */
export function inHook<T>(lib: Lib, fn: () => T): T {
  state.depth[lib]++;
  try {
    return fn();
  } finally {
    state.depth[lib]--;
  }
}

/** Auditel wrapper calls of `lib` in progress on the stack. */
export function inHookDepth(lib: Lib): number {
  return state.depth[lib];
}

/** For tests and for `mode: spans`. */
export function standDown(lib: Lib, on = true): void {
  state.standDown[lib] = on;
}

const SCOPES: Record<string, Lib> = {
  '@opentelemetry/instrumentation-pg': 'pg',
  '@opentelemetry/instrumentation-mysql2': 'mysql2',
  '@opentelemetry/instrumentation-ioredis': 'ioredis',
  '@opentelemetry/instrumentation-redis': 'redis',
  '@opentelemetry/instrumentation-redis-4': 'redis',
  '@opentelemetry/instrumentation-aws-sdk': 'aws-sdk',
};

/** The parts of an SDK span this processor reads (structural, so no sdk-trace dependency). */
export interface AuditableSpan {
  readonly name: string;
  readonly kind: number;
  readonly attributes: Attributes;
  readonly status: { code: number };
  readonly instrumentationScope?: { name: string };
  readonly instrumentationLibrary?: { name: string };
  spanContext(): SpanContext;
}

const skipped = new WeakSet<object>();
const starts = new WeakMap<object, CallStart>();

function libOf(span: AuditableSpan): Lib | undefined {
  const name = span.instrumentationScope?.name ?? span.instrumentationLibrary?.name;
  return name === undefined ? undefined : SCOPES[name];
}

/**
 * A SpanProcessor (structurally compatible with @opentelemetry/sdk-trace's) that turns the client
 * spans of OpenTelemetry's data-layer instrumentations into Auditel records. Add it to the
 * application's TracerProvider / NodeSDK `spanProcessors`.
 */
export class AuditelDataSpanProcessor {
  onStart(span: AuditableSpan, _parent?: unknown): void {
    const lib = libOf(span);
    if (lib === undefined) return;
    if (getDataAuditConfig().mode === 'hooks') {
      skipped.add(span);
      return;
    }
    // From now on the spans are the records; this call, already inside Auditel's hook, is recorded there.
    state.standDown[lib] = true;
    if (state.depth[lib] > 0) {
      skipped.add(span);
      return;
    }
    // onStart runs in the caller's context: the request scope is still there
    starts.set(span, captureStart());
  }

  onEnd(span: AuditableSpan): void {
    const lib = libOf(span);
    if (lib === undefined || skipped.has(span)) return;
    try {
      const rec = recordFromSpan(lib, span);
      if (rec === undefined) return;
      const start = starts.get(span) ?? captureStart();
      emitData({ scope: start.scope, ctx: trace.setSpanContext(ROOT_CONTEXT, span.spanContext()) }, rec);
    } catch {
      // never into the application
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function str(a: Attributes, k: string): string | undefined {
  const v = a[k];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function num(a: Attributes, k: string): number | undefined {
  const v = a[k];
  return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** The audit record of one ended instrumentation span; undefined for spans that are not calls (connect, pool). */
export function recordFromSpan(lib: Lib, span: AuditableSpan): DataRecord | undefined {
  const a = span.attributes;
  const failed = span.status.code === SpanStatusCode.ERROR;
  const errorType = str(a, 'error.type');
  let rec: DataRecord | undefined;
  if (lib === 'pg' || lib === 'mysql2') {
    const text = str(a, 'db.query.text') ?? str(a, 'db.statement');
    if (text === undefined) {
      if (!failed) return undefined; // connect / pool spans
      rec = { event: 'audit.data_access', action: 'CONNECT', outcome: 'failure', system: lib === 'pg' ? 'postgresql' : 'mysql', operation: 'connect' };
    } else {
      const dialect: Dialect = lib === 'pg' ? 'postgresql' : 'mysql';
      const info = classifySql(text, dialect);
      rec = sqlRecord(info, { system: str(a, 'db.system.name') ?? str(a, 'db.system') ?? dialect });
      const rows = num(a, 'db.response.returned_rows');
      if (rows !== undefined) rec.returnedRows = rows;
      if (getDataAuditConfig().hasCanaries && sqlCanary(info, text, undefined, undefined)) rec.canary = true;
    }
    const ns = str(a, 'db.namespace') ?? str(a, 'db.name');
    if (ns) rec.namespace = ns;
  } else if (lib === 'ioredis' || lib === 'redis') {
    const text = str(a, 'db.query.text') ?? str(a, 'db.statement') ?? '';
    const cmd = str(a, 'db.operation.name') ?? text.split(' ')[0] ?? span.name;
    const key = text.split(' ')[1];
    rec = redisCommandRecord(cmd, key === undefined ? [] : [key], undefined);
    if (rec === undefined) return undefined;
  } else {
    rec = awsRecord(str(a, 'rpc.service') ?? '', str(a, 'rpc.method') ?? '', {
      bucket: str(a, 'aws.s3.bucket'),
      key: str(a, 'aws.s3.key'),
      table: Array.isArray(a['aws.dynamodb.table_names']) ? String((a['aws.dynamodb.table_names'] as unknown[])[0]) : undefined,
      queueUrl: str(a, 'aws.sqs.queue.url') ?? str(a, 'messaging.url'),
      secretArn: str(a, 'aws.secretsmanager.secret.arn'),
    });
    const region = str(a, 'cloud.region');
    if (region) rec.attributes = { ...rec.attributes, 'cloud.region': region };
    const status = num(a, 'http.response.status_code');
    if (status !== undefined) rec.attributes = { ...rec.attributes, 'http.response.status_code': status };
  }
  const addr = str(a, 'server.address') ?? str(a, 'net.peer.name');
  if (addr) rec.serverAddress = addr;
  const port = num(a, 'server.port') ?? num(a, 'net.peer.port');
  if (port) rec.serverPort = port;
  if (failed) {
    rec.outcome = 'failure';
    if (errorType) rec.errorType = errorType;
    const code = str(a, 'db.response.status_code');
    if (code) rec.statusCode = code;
  }
  rec.attributes = { ...rec.attributes, 'audit.derived_from': 'span' };
  return rec;
}

interface SpanLike {
  setAttribute(key: string, value: number): unknown;
}

/**
 * `responseHook`s for OpenTelemetry's own instrumentations, so records derived from their spans
 * carry the row counts too: `new PgInstrumentation({ responseHook: auditelResponseHooks.pg })`,
 * `new MySQL2Instrumentation({ responseHook: auditelResponseHooks.mysql2 })`.
 */
export const auditelResponseHooks = {
  pg(span: SpanLike, info: { data?: { rowCount?: number | null; rows?: unknown[] } }): void {
    const rows = info?.data?.rows;
    if (Array.isArray(rows)) span.setAttribute('db.response.returned_rows', rows.length);
  },
  mysql2(span: SpanLike, info: { queryResults?: unknown }): void {
    const r = info?.queryResults;
    if (Array.isArray(r)) span.setAttribute('db.response.returned_rows', r.length);
  },
};
