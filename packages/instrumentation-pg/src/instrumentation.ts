/**
 * pg (node-postgres) 8.x: every query of Client and Pool (callbacks, promises, prepared
 * statements, pg-cursor / pg-query-stream submittables) becomes one audit record, classified by
 * @auditel/sql-audit, with rows and bytes returned, the request's actor and trace, and canaries.
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { bindToCaller, wrapMethod, unwrapMethod, captureStart, recordSafely, hookActive, inHook, rowBytes, type CallStart } from '@auditel/data-audit';
import type { AuditelPgInstrumentationConfig } from './types.js';
import type { AnyFn, PgClientLike, PgSubmittableLike } from './internal-types.js';
import { classify, connectFailureRecord, queryRecord } from './utils.js';

export const PACKAGE_NAME = '@auditel/instrumentation-pg';
export const PACKAGE_VERSION = '0.1.0';

interface PgModule {
  Client?: { prototype: Record<string, unknown> };
  Pool?: { prototype: Record<string, unknown> };
}

export class AuditelPgInstrumentation extends InstrumentationBase<AuditelPgInstrumentationConfig> {
  constructor(config: AuditelPgInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  protected init() {
    return [
      new InstrumentationNodeModuleDefinition(
        'pg',
        ['>=8.0.3 <9'],
        (mod: unknown) => {
          this.patchClient(moduleOf(mod).Client);
          return mod;
        },
        (mod: unknown) => {
          if (mod) this.unpatchClient(moduleOf(mod).Client);
        },
        // Also the file itself, as OpenTelemetry's pg instrumentation does, so that whichever is
        // loaded first, Auditel's wrapper ends up under exactly one of theirs.
        [
          new InstrumentationNodeModuleFile(
            'pg/lib/client.js',
            ['>=8.0.3 <9'],
            (mod: unknown) => {
              this.patchClient(moduleOf(mod) as unknown as PgModule['Client']);
              return mod;
            },
            (mod: unknown) => {
              if (mod) this.unpatchClient(moduleOf(mod) as unknown as PgModule['Client']);
            },
          ),
        ],
      ),
      new InstrumentationNodeModuleDefinition(
        'pg-pool',
        ['>=2 <4'],
        (mod: unknown) => {
          const proto = (moduleOf(mod) as unknown as { prototype?: Record<string, unknown> }).prototype;
          if (proto && typeof proto.connect === 'function') {
            wrapMethod(proto, 'connect', (orig) => patchPoolConnect(orig as AnyFn));
          }
          return mod;
        },
        (mod: unknown) => {
          const proto = mod ? (moduleOf(mod) as unknown as { prototype?: Record<string, unknown> }).prototype : undefined;
          if (proto) unwrapMethod(proto, 'connect');
        },
      ),
    ];
  }

  private patchClient(Client: PgModule['Client']): void {
    const proto = Client?.prototype;
    if (!proto) return;
    wrapMethod(proto, 'query', (orig) => this.patchQuery(orig as AnyFn));
    wrapMethod(proto, 'connect', (orig) => patchConnect(orig as AnyFn));
  }

  private unpatchClient(Client: PgModule['Client']): void {
    const proto = Client?.prototype;
    if (!proto) return;
    unwrapMethod(proto, 'query');
    unwrapMethod(proto, 'connect');
  }

  private patchQuery(original: AnyFn): AnyFn {
    const ignoreSession = () => this.getConfig().ignoreSessionStatements === true;
    return function auditedQuery(this: PgClientLike, ...args: unknown[]): unknown {
      if (!hookActive('pg')) return original.apply(this, args);
      const first = args[0] as { text?: unknown; values?: unknown; submit?: unknown; callback?: unknown; cursor?: { text?: unknown; values?: unknown } } | string | null | undefined;
      // pg-query-stream keeps the statement on its inner cursor
      const text = typeof first === 'string' ? first : typeof first?.text === 'string' ? first.text : typeof first?.cursor?.text === 'string' ? first.cursor.text : undefined;
      if (text === undefined) return original.apply(this, args);
      if (ignoreSession() && classify(text).kind === 'session') return original.apply(this, args);
      const values = typeof first === 'object' && Array.isArray(first?.values) ? first.values : typeof first === 'object' && Array.isArray(first?.cursor?.values) ? first.cursor.values : Array.isArray(args[1]) ? args[1] : undefined;
      const start = captureStart();
      const client = this;
      let done = false;
      const finish = (err: unknown, res: unknown, streamed?: { rows: number; bytes: number }) => {
        if (done) return;
        done = true;
        recordSafely(start, () => queryRecord(client, text, values, err, res as never, streamed));
      };
      if (typeof first === 'object' && first !== null && typeof first.submit === 'function') {
        observeSubmittable(first as PgSubmittableLike, finish);
        return inHook('pg', () => original.apply(this, args));
      }
      const cbAt = typeof args[2] === 'function' ? 2 : typeof args[1] === 'function' ? 1 : -1;
      if (cbAt > 0) {
        const cb = args[cbAt] as AnyFn;
        args[cbAt] = function auditedCallback(this: unknown, err: unknown, res: unknown) {
          finish(err, res);
          return cb.call(this, err, res);
        };
        return call(this, original, args, finish);
      }
      if (typeof first === 'object' && first !== null && typeof first.callback === 'function') {
        const cb = first.callback as AnyFn;
        args[0] = {
          ...first,
          callback(this: unknown, err: unknown, res: unknown) {
            finish(err, res);
            return cb.call(this, err, res);
          },
        };
        return call(this, original, args, finish);
      }
      const ret = call(this, original, args, finish) as Promise<unknown> | undefined;
      if (ret && typeof ret.then === 'function') ret.then((res) => finish(undefined, res), (err) => finish(err, undefined));
      return ret;
    };
  }
}

function call(self: unknown, original: AnyFn, args: unknown[], finish: (err: unknown, res: unknown) => void): unknown {
  try {
    return inHook('pg', () => original.apply(self, args));
  } catch (e) {
    finish(e, undefined);
    throw e;
  }
}

/** pg-cursor / pg-query-stream / Query objects: count data rows, finish on ready-for-query or error. */
function observeSubmittable(q: PgSubmittableLike, finish: (err: unknown, res: unknown, streamed?: { rows: number; bytes: number }) => void): void {
  const counts = { rows: 0, bytes: 0 };
  const o = q as unknown as Record<string, AnyFn | undefined>;
  const row = o.handleDataRow;
  if (typeof row === 'function') {
    o.handleDataRow = function (this: unknown, msg: { fields?: unknown[] }) {
      counts.rows++;
      if (msg && Array.isArray(msg.fields)) counts.bytes += rowBytes([msg.fields]);
      return row.apply(this, arguments as never);
    };
  }
  const error = o.handleError;
  if (typeof error === 'function') {
    o.handleError = function (this: unknown, err: unknown) {
      finish(err, undefined);
      return error.apply(this, arguments as never);
    };
  }
  const ready = o.handleReadyForQuery;
  if (typeof ready === 'function') {
    o.handleReadyForQuery = function (this: unknown) {
      finish(undefined, undefined, counts);
      return ready.apply(this, arguments as never);
    };
  }
}

/** Connection failures (refused, authentication) become failure records; successful connects are not recorded. */
function patchConnect(original: AnyFn): AnyFn {
  return function auditedConnect(this: PgClientLike, ...args: unknown[]): unknown {
    if (!hookActive('pg')) return original.apply(this, args);
    const start: CallStart = captureStart();
    const client = this;
    const fail = (err: unknown) => {
      if (err) recordSafely(start, () => connectFailureRecord(client, err));
    };
    if (typeof args[0] === 'function') {
      const cb = args[0] as AnyFn;
      args[0] = function (this: unknown, err: unknown) {
        fail(err);
        return cb.apply(this, arguments as never);
      };
      return original.apply(this, args);
    }
    const ret = original.apply(this, args) as Promise<unknown> | undefined;
    if (ret && typeof ret.then === 'function') ret.then(undefined, fail);
    return ret;
  };
}

/**
 * pg-pool hands a client to the next waiter from whatever async context released it; binding the
 * callback to the caller's context keeps each query's record on the request that made it.
 */
function patchPoolConnect(original: AnyFn): AnyFn {
  return function auditedPoolConnect(this: unknown, ...args: unknown[]): unknown {
    if (typeof args[0] === 'function') args[0] = bindToCaller(args[0] as AnyFn);
    return original.apply(this, args);
  };
}

function moduleOf(mod: unknown): PgModule {
  const m = mod as PgModule & { [Symbol.toStringTag]?: string; default?: PgModule };
  return m[Symbol.toStringTag] === 'Module' && m.default ? m.default : m;
}
