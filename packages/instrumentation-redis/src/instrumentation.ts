/**
 * ioredis (4, 5) and node-redis (@redis/client 1.x = redis v4, 5.x = redis v5): every data command
 * becomes an audit record, mapped to READ / CREATE / UPDATE / DELETE, with keys recorded only as
 * patterns and pseudonyms (see @auditel/data-audit redis-keys), rows and bytes of the reply, and
 * canary keys flagged. Connection-level commands (PING, AUTH, HELLO, SELECT, CLIENT) are not recorded.
 */
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { wrapMethod, unwrapMethod, captureStart, recordSafely, hookActive, inHook, type CallStart } from '@auditel/data-audit';
import type { AuditelRedisInstrumentationConfig } from './types.js';
import { commandRecord } from './utils.js';

export const PACKAGE_NAME = '@auditel/instrumentation-redis';
export const PACKAGE_VERSION = '0.1.0';

type AnyFn = (...args: any[]) => any;
type Proto = Record<string, unknown>;

interface IoredisCommand {
  name?: string;
  args?: unknown[];
  promise?: Promise<unknown>;
}

interface IoredisLike {
  options?: { host?: string; port?: number; db?: number; path?: string };
}

function finishLater(p: unknown, done: (err: unknown, reply: unknown) => void): void {
  if (p && typeof (p as Promise<unknown>).then === 'function') (p as Promise<unknown>).then((r) => done(undefined, r), (e) => done(e ?? new Error('rejected'), undefined));
}

export class AuditelRedisInstrumentation extends InstrumentationBase<AuditelRedisInstrumentationConfig> {
  constructor(config: AuditelRedisInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  protected init() {
    const queueFile = (versions: string[]) =>
      new InstrumentationNodeModuleFile(
        '@redis/client/dist/lib/client/commands-queue.js',
        versions,
        (mod: unknown) => {
          const proto = queueProto(mod);
          if (proto) {
            wrapMethod(proto, 'addCommand', (orig) => patchAddCommand(orig as AnyFn));
          }
          return mod;
        },
        (mod: unknown) => {
          const proto = mod ? queueProto(mod) : undefined;
          if (proto) unwrapMethod(proto, 'addCommand');
        },
      );
    return [
      new InstrumentationNodeModuleDefinition(
        'ioredis',
        ['>=4 <7'],
        (mod: unknown) => {
          const proto = ioredisProto(mod);
          if (proto) {
            wrapMethod(proto, 'sendCommand', (orig) => patchSendCommand(orig as AnyFn));
          }
          return mod;
        },
        (mod: unknown) => {
          const proto = mod ? ioredisProto(mod) : undefined;
          if (proto) unwrapMethod(proto, 'sendCommand');
        },
      ),
      new InstrumentationNodeModuleDefinition('@redis/client', ['>=1 <7'], undefined, undefined, [queueFile(['>=1 <7'])]),
    ];
  }
}

function ioredisProto(mod: unknown): Proto | undefined {
  const m = mod as { default?: { prototype?: Proto }; prototype?: Proto; [Symbol.toStringTag]?: string };
  const ctor = m[Symbol.toStringTag] === 'Module' ? m.default : m;
  return (ctor as { prototype?: Proto } | undefined)?.prototype;
}

function queueProto(mod: unknown): Proto | undefined {
  const m = mod as { default?: { prototype?: Proto } };
  return m.default?.prototype;
}

const tracked = new WeakSet<object>();

/** ioredis: Redis.prototype.sendCommand(command). */
function patchSendCommand(original: AnyFn): AnyFn {
  return function auditedSendCommand(this: IoredisLike, ...args: unknown[]): unknown {
    const cmd = args[0] as IoredisCommand | undefined;
    // A command sent before the connection is ready is queued, then sent again from the offline
    // queue: the same Command object, recorded once.
    if (!hookActive('ioredis') || !cmd || typeof cmd.name !== 'string' || tracked.has(cmd)) return original.apply(this, args);
    tracked.add(cmd);
    const start: CallStart = captureStart();
    const o = this.options ?? {};
    const server = { address: o.path ? undefined : o.host, port: o.path ? undefined : o.port, db: o.db };
    const name = cmd.name;
    const cargs = Array.isArray(cmd.args) ? cmd.args : [];
    let done = false;
    const finish = (err: unknown, reply: unknown) => {
      if (done) return;
      done = true;
      recordSafely(start, () => commandRecord(name, cargs, err, reply, server));
    };
    const ret = inHook('ioredis', () => original.apply(this, args));
    finishLater(cmd.promise ?? ret, finish);
    return ret;
  };
}

/** node-redis: RedisCommandsQueue.prototype.addCommand(args, options) -> Promise of the reply. */
function patchAddCommand(original: AnyFn): AnyFn {
  return function auditedAddCommand(this: unknown, ...args: unknown[]): unknown {
    const cargs = args[0] as unknown[] | undefined;
    if (!hookActive('redis') || !Array.isArray(cargs) || cargs.length === 0) return original.apply(this, args);
    const first = cargs[0];
    const name = typeof first === 'string' ? first : first instanceof Uint8Array ? Buffer.from(first).toString('latin1') : undefined;
    if (name === undefined) return original.apply(this, args);
    const start: CallStart = captureStart();
    const ret = inHook('redis', () => original.apply(this, args));
    finishLater(ret, (err, reply) => {
      recordSafely(start, () => commandRecord(name, cargs.slice(1), err, reply, {}));
    });
    return ret;
  };
}
