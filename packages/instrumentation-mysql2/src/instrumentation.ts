/**
 * mysql2 (MySQL, MariaDB): `query` and `execute` of connections and pools, callback and promise
 * APIs (mysql2/promise calls the same methods with a callback), and the event-emitter (streaming)
 * form. One audit record per call, classified by @auditel/sql-audit. mysql2 inlines `query`
 * values into the text; the classifier never reads literals, so they never reach a record.
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { bindToCaller, wrapMethod, unwrapMethod, captureStart, recordSafely, hookActive, inHook } from '@auditel/data-audit';
import type { AuditelMysql2InstrumentationConfig } from './types.js';
import type { AnyFn, Mysql2CommandLike, Mysql2ConnectionLike } from './internal-types.js';
import { classify, connectFailureRecord, queryRecord } from './utils.js';

export const PACKAGE_NAME = '@auditel/instrumentation-mysql2';
export const PACKAGE_VERSION = '0.1.0';

type Proto = Record<string, unknown>;

/** The prototype in the chain that defines `name` itself (BaseConnection in mysql2 >= 3.11, Connection before). */
function owner(proto: Proto | undefined, name: string): Proto | undefined {
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as Proto) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  }
  return undefined;
}

export class AuditelMysql2Instrumentation extends InstrumentationBase<AuditelMysql2InstrumentationConfig> {
  constructor(config: AuditelMysql2InstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  protected init() {
    const V = ['>=1.4.2 <4'];
    const connFile = (file: string) =>
      new InstrumentationNodeModuleFile(
        file,
        V,
        (mod: unknown) => {
          this.patchConnection((mod as { prototype?: Proto } | undefined)?.prototype);
          return mod;
        },
        (mod: unknown) => this.unpatchConnection((mod as { prototype?: Proto } | undefined)?.prototype),
      );
    const poolFile = (file: string) =>
      new InstrumentationNodeModuleFile(
        file,
        V,
        (mod: unknown) => {
          this.patchPool((mod as { prototype?: Proto } | undefined)?.prototype);
          return mod;
        },
        (mod: unknown) => this.unpatchPool((mod as { prototype?: Proto } | undefined)?.prototype),
      );
    return [
      new InstrumentationNodeModuleDefinition(
        'mysql2',
        V,
        (mod: unknown) => {
          const m = moduleOf(mod);
          this.patchConnection(m.Connection?.prototype as Proto | undefined);
          this.patchPool(m.Pool?.prototype as Proto | undefined);
          return mod;
        },
        (mod: unknown) => {
          if (!mod) return;
          const m = moduleOf(mod);
          this.unpatchConnection(m.Connection?.prototype as Proto | undefined);
          this.unpatchPool(m.Pool?.prototype as Proto | undefined);
        },
        // `mysql2/promise` requires these files directly, never the package's main module: an app
        // that only uses the promise API is hooked through them.
        [connFile('mysql2/lib/base/connection.js'), connFile('mysql2/lib/connection.js'), poolFile('mysql2/lib/base/pool.js'), poolFile('mysql2/lib/pool.js')],
      ),
    ];
  }

  private patchConnection(conn: Proto | undefined): void {
    for (const name of ['query', 'execute'] as const) {
      const p = owner(conn, name);
      if (p) wrapMethod(p, name, (orig) => this.patchQuery(orig as AnyFn, name === 'execute'));
    }
    // Failed connections (refused, bad credentials), whichever API opened them: mysql2 reports
    // every error before the handshake completed through _notifyError.
    const pn = owner(conn, '_notifyError');
    if (pn) wrapMethod(pn, '_notifyError', (orig) => patchNotifyError(orig as AnyFn));
  }

  private unpatchConnection(conn: Proto | undefined): void {
    for (const name of ['query', 'execute', '_notifyError']) {
      const p = owner(conn, name);
      if (p) unwrapMethod(p, name);
    }
  }

  private patchPool(pool: Proto | undefined): void {
    const p = owner(pool, 'getConnection');
    if (p) wrapMethod(p, 'getConnection', (orig) => patchGetConnection(orig as AnyFn));
  }

  private unpatchPool(pool: Proto | undefined): void {
    const p = owner(pool, 'getConnection');
    if (p) unwrapMethod(p, 'getConnection');
  }

  private patchQuery(original: AnyFn, isExecute: boolean): AnyFn {
    const ignoreSession = () => this.getConfig().ignoreSessionStatements === true;
    return function auditedQuery(this: Mysql2ConnectionLike, ...args: unknown[]): unknown {
      if (!hookActive('mysql2')) return original.apply(this, args);
      const first = args[0] as (Mysql2CommandLike & { sql?: unknown }) | string | undefined;
      const text = typeof first === 'string' ? first : typeof first?.sql === 'string' ? first.sql : undefined;
      if (text === undefined) return original.apply(this, args);
      if (ignoreSession() && classify(text).kind === 'session') return original.apply(this, args);
      const values = typeof first === 'object' && first.values !== undefined ? first.values : typeof args[1] !== 'function' ? args[1] : undefined;
      const start = captureStart();
      const conn = this;
      let done = false;
      const finish = (err: unknown, res: unknown, streamed?: { rows: number; affected: number | undefined; bytes: number }) => {
        if (done) return;
        done = true;
        recordSafely(start, () => queryRecord(conn, text, values, err, res, streamed));
      };
      const wrapCb = (cb: AnyFn): AnyFn =>
        function auditedResult(this: unknown, err: unknown, res: unknown) {
          finish(err, res);
          return cb.apply(this, arguments as never);
        };
      // A Query command handed over by the pool (or built by the app) carries its callback.
      if (!isExecute && typeof first === 'object' && typeof first.onResult === 'function') first.onResult = wrapCb(first.onResult);
      else if (typeof args[2] === 'function') args[2] = wrapCb(args[2] as AnyFn);
      else if (typeof args[1] === 'function') args[1] = wrapCb(args[1] as AnyFn);
      let cmd: Mysql2CommandLike | undefined;
      try {
        cmd = inHook('mysql2', () => original.apply(this, args)) as Mysql2CommandLike | undefined;
      } catch (e) {
        finish(e, undefined);
        throw e;
      }
      if (!done && cmd && typeof cmd.onResult !== 'function' && typeof cmd.emit === 'function') observeEmitter(cmd, finish);
      return cmd;
    };
  }
}

/** Event-emitter form: count `result` rows, finish on `error` or `end`. The emitter's behaviour is unchanged. */
function observeEmitter(cmd: Mysql2CommandLike, finish: (err: unknown, res: unknown, streamed: { rows: number; affected: number | undefined; bytes: number }) => void): void {
  const counts = { rows: 0, affected: undefined as number | undefined, bytes: 0 };
  let failed: unknown;
  const emit = cmd.emit!;
  cmd.emit = function (this: unknown, ev: string, ...rest: unknown[]) {
    if (ev === 'result') {
      const row = rest[0] as { affectedRows?: unknown } | null;
      if (row && typeof row === 'object' && typeof row.affectedRows === 'number' && 'fieldCount' in row) counts.affected = (counts.affected ?? 0) + row.affectedRows;
      else {
        counts.rows++;
        for (const k in row as Record<string, unknown>) {
          const v = (row as Record<string, unknown>)[k];
          counts.bytes += typeof v === 'string' ? v.length : v instanceof Uint8Array ? v.byteLength : 8;
        }
      }
    } else if (ev === 'error') failed = rest[0];
    else if (ev === 'end') finish(failed, undefined, counts);
    return emit.call(this, ev, ...rest);
  };
}

const failed = new WeakSet<object>();

function patchNotifyError(original: AnyFn): AnyFn {
  return function auditedNotifyError(this: Mysql2ConnectionLike & { _handshakePacket?: unknown }, ...args: unknown[]): unknown {
    if (hookActive('mysql2') && !this._handshakePacket && !failed.has(this)) {
      failed.add(this);
      // socket events run in the async context the connection was created in: its creator's request
      recordSafely(captureStart(), () => connectFailureRecord(this, args[0]));
    }
    return original.apply(this, args);
  };
}

/** Pool connections reach the next waiter from the releaser's async context: bind to the caller's. */
function patchGetConnection(original: AnyFn): AnyFn {
  return function auditedGetConnection(this: unknown, ...args: unknown[]): unknown {
    if (typeof args[0] === 'function') args[0] = bindToCaller(args[0] as AnyFn);
    return original.apply(this, args);
  };
}

interface Mysql2Module {
  Connection?: { prototype: unknown };
  Pool?: { prototype: unknown };
}

function moduleOf(mod: unknown): Mysql2Module {
  const m = mod as Mysql2Module & { [Symbol.toStringTag]?: string; default?: Mysql2Module };
  return m[Symbol.toStringTag] === 'Module' && m.default ? m.default : m;
}
