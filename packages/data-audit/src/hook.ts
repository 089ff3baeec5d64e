/**
 * The shape the preload's hook registry (@auditel/node hooks.ts) expects, and a helper that turns
 * an instrumentation class into one: created (and so enabled) only when the preload enables it.
 */
import { context } from '@opentelemetry/api';
import { requestScopeStorage, type Auditel } from '@auditel/sdk';
import { getDataAuditConfig } from './config.js';
import { setServiceActor } from './record.js';
import { standDown, type Lib } from './span-mode.js';

export interface AuditHookLike {
  readonly name: string;
  enable(auditel: Auditel): void;
  disable(): void;
}

interface Enableable {
  enable(): void;
  disable(): void;
}

export function makeHook(name: string, libs: Lib[], create: () => Enableable): AuditHookLike {
  let inst: Enableable | undefined;
  return {
    name,
    enable(auditel: Auditel): void {
      setServiceActor(auditel.config.serviceName);
      if (getDataAuditConfig().mode === 'spans') {
        for (const l of libs) standDown(l);
        return;
      }
      if (inst === undefined) inst = create();
      else inst.enable();
    },
    disable(): void {
      inst?.disable();
    },
  };
}

const OURS = Symbol.for('auditel.data-audit.wrapper');

/** Marks a wrapper function as Auditel's. */
export function ours<T extends object>(fn: T): T {
  (fn as Record<symbol, boolean>)[OURS] = true;
  return fn;
}

/**
 * True when `fn` is Auditel's own wrapper (so re-patching may unwrap it). Another library's
 * wrapper (OpenTelemetry's, a vendor's) is never unwrapped: we wrap on top of it.
 */
export function isOurs(fn: unknown): boolean {
  return typeof fn === 'function' && (fn as unknown as Record<symbol, unknown>)[OURS] === true;
}

const STATE = Symbol.for('auditel.data-audit.wrap-state');
type Fn = (...args: any[]) => any;

interface WrapState {
  inner: Fn;
}

function shimmerWrapped(f: unknown): f is Fn & { __original: Fn } {
  return typeof f === 'function' && (f as unknown as { __wrapped?: unknown }).__wrapped === true && typeof (f as unknown as { __original?: unknown }).__original === 'function';
}

/**
 * Wraps `obj[name]` with `make(next)`, and keeps that wrapper in place when other instrumentations
 * (OpenTelemetry's, which patch pg twice: lib/client.js and the main module, unwrapping their own
 * first wrapper before the second) wrap and unwrap around it. Our wrapper looks like a shimmer
 * wrapper (`__wrapped`, `__original`), but its `__unwrap` removes the shimmer wrapper *below* it
 * (the one the caller meant to remove) and leaves itself: so whatever the load order, the chain
 * ends as theirs -> ours -> original, with exactly one of theirs. Applied once per method.
 */
export function wrapMethod(obj: object, name: string, make: (next: Fn) => Fn): void {
  const o = obj as Record<string, unknown>;
  for (let f = o[name], i = 0; typeof f === 'function' && i < 32; f = (f as unknown as { __original?: unknown }).__original, i++) {
    if (isOurs(f)) return;
  }
  const current = o[name];
  if (typeof current !== 'function') return;
  const state: WrapState = { inner: current as Fn };
  const next = function (this: unknown, ...args: unknown[]): unknown {
    return state.inner.apply(this, args);
  };
  const wrapped = ours(make(next));
  Object.defineProperty(wrapped, STATE, { value: state, configurable: true });
  Object.defineProperty(wrapped, '__wrapped', { value: true, configurable: true });
  Object.defineProperty(wrapped, '__original', { get: () => state.inner, configurable: true });
  Object.defineProperty(wrapped, '__unwrap', {
    value: () => {
      if (shimmerWrapped(state.inner) && !isOurs(state.inner)) state.inner = state.inner.__original;
    },
    configurable: true,
  });
  Object.defineProperty(o, name, { value: wrapped, configurable: true, writable: true, enumerable: Object.prototype.propertyIsEnumerable.call(o, name) });
}

/** Restores what is under our wrapper when ours is the outermost one (else leaves the chain alone). */
export function unwrapMethod(obj: object, name: string): void {
  const o = obj as Record<string, unknown>;
  const current = o[name];
  if (!isOurs(current)) return;
  const state = (current as unknown as Record<symbol, WrapState | undefined>)[STATE];
  if (state === undefined) return;
  Object.defineProperty(o, name, { value: state.inner, configurable: true, writable: true, enumerable: Object.prototype.propertyIsEnumerable.call(o, name) });
}

/**
 * `fn`, bound to the caller's audit scope (the request being served) and OpenTelemetry context.
 * Connection pools hand a connection to the next waiter from whatever async context released the
 * previous one; binding the waiter's callback keeps each query's record on the request that made
 * it. Cheaper than `AsyncResource.bind` (about 0.1 µs against 2.4 to 6.5 µs per call on Node 24,
 * a share of a pooled query's cost that showed in bench/db.mjs), and it leaves the application's
 * own async context as the pool gives it.
 */
export function bindToCaller<F extends Fn>(fn: F): F {
  const scope = requestScopeStorage.getStore();
  const ctx = context.active();
  return function boundToCaller(this: unknown, ...args: unknown[]): unknown {
    return requestScopeStorage.run(scope as never, () => context.with(ctx, () => fn.apply(this, args)));
  } as F;
}
