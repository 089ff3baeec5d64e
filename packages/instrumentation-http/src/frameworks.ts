/**
 * Route templates and users from the web frameworks, read off the request object at response end:
 * - express 4/5: `req.baseUrl + req.route.path` (nothing patched);
 * - fastify 5: its `tracing:fastify.request.handler` channel (route, request, errors; nothing patched);
 * - koa + @koa/router: koa's `createContext` is wrapped to leave the context on the raw request
 *   (`ctx._matchedRoute`, `ctx.state.user`), through require-in-the-middle for CommonJS and
 *   import-in-the-middle for ESM (effective when the ESM loader was registered by `--import`).
 */
import type { IncomingMessage } from 'node:http';
import { errorName } from './errors.js';
import { templatePath } from './utils.js';

const kRoute = Symbol('auditel.http.route');
const kFastify = Symbol('auditel.http.fastify');
const kKoa = Symbol('auditel.http.koa');
const kError = Symbol('auditel.http.error');
const kPatched = Symbol.for('auditel.http.koa.patched');

type Carrier = Record<symbol, unknown> & Record<string, unknown>;

function routeString(r: unknown): string | undefined {
  if (typeof r === 'string') return r.length <= 1024 ? r : undefined;
  if (Array.isArray(r) && r.length > 0 && typeof r[0] === 'string') return r[0];
  return undefined;
}

/** The leading segments of `url` beyond those of `route`, templated: `/api/crash/7` + `/crash/:id` -> `/api`. */
function mountPrefix(url: string, route: string): string {
  const path = templatePath(url);
  const segs = path.split('/');
  const n = route.split('/').length - 1;
  return segs.length - 1 > n ? segs.slice(0, segs.length - n).join('/') : '';
}

/** The route template the framework matched, or undefined (plain node:http, or no route matched). */
export function frameworkRoute(req: IncomingMessage): string | undefined {
  const c = req as unknown as Carrier;
  try {
    const direct = c[kRoute];
    if (typeof direct === 'string') return direct;
    const koa = c[kKoa] as Carrier | undefined;
    if (koa) return routeString(koa._matchedRoute);
    const route = c.route as { path?: unknown } | undefined;
    if (route && typeof route === 'object') {
      const p = routeString(route.path);
      if (p !== undefined) {
        let base = typeof c.baseUrl === 'string' ? c.baseUrl : '';
        // An error leaving a mounted router resets baseUrl: take the mount from the original path.
        if (base === '' && typeof c.originalUrl === 'string' && !/[*(?]/.test(p)) base = mountPrefix(c.originalUrl, p);
        return base + p === '' ? '/' : base + p;
      }
    }
  } catch {
    /* a throwing getter */
  }
  return undefined;
}

/** `req.user` (passport), fastify's `request.user`, koa's `ctx.state.user`. */
export function frameworkUser(req: IncomingMessage): unknown {
  const c = req as unknown as Carrier;
  try {
    if (c.user !== undefined) return c.user;
    const f = c[kFastify] as Carrier | undefined;
    if (f && f.user !== undefined) return f.user;
    const k = c[kKoa] as { state?: { user?: unknown } } | undefined;
    return k?.state?.user;
  } catch {
    return undefined;
  }
}

/** The class of an error a framework caught while handling the request. */
export function frameworkError(req: IncomingMessage): string | undefined {
  const e = (req as unknown as Carrier)[kError];
  return typeof e === 'string' ? e : undefined;
}

function patchKoa(exported: unknown): void {
  const App = (exported as { default?: unknown })?.default ?? exported;
  const proto = (App as { prototype?: Record<string | symbol, unknown> })?.prototype;
  if (!proto || typeof proto.createContext !== 'function' || proto[kPatched]) return;
  const original = proto.createContext as (this: unknown, req: IncomingMessage, res: unknown) => unknown;
  proto.createContext = function createContext(this: unknown, req: IncomingMessage, res: unknown) {
    const ctx = original.call(this, req, res);
    try {
      (req as unknown as Carrier)[kKoa] = ctx;
    } catch {
      /* frozen request */
    }
    return ctx;
  };
  proto[kPatched] = true;
}

let koaHooked = false;

const EARLY = /[\\/]node_modules[\\/](express|fastify|koa|@koa[\\/]router|@opentelemetry[\\/]instrumentation-http)[\\/]/;
const OTEL_HTTP = '@opentelemetry/instrumentation-http';

/**
 * Start-up self-check: libraries this hook instruments that were loaded before the preload (the
 * preload was required from application code rather than with --require/--import). Warns once.
 * koa's prototype is patched late so its routes still work; an ESM import made before the loader
 * was registered cannot be seen at all, hence the warning.
 */
function selfCheck(warn: (kind: string, message: string) => void): void {
  const early = new Set<string>();
  for (const f of Object.keys(require.cache)) {
    const m = EARLY.exec(f);
    if (!m) continue;
    early.add(m[1]!.replace('\\', '/'));
    if (m[1] === 'koa' && /[\\/]lib[\\/]application\.js$/.test(f)) patchKoa(require.cache[f]?.exports);
  }
  if (early.delete(OTEL_HTTP)) {
    warn('self-check.tracing', `self-check: ${OTEL_HTTP} is loaded too; HTTP is not hooked twice (Auditel patches nothing in http) and records carry its trace context; to derive the records from its spans instead, set http.mode: spans (docs/HTTP.md)`);
  }
  if (early.size > 0) {
    warn('self-check', `self-check: ${[...early].join(', ')} loaded before @auditel/node/register; start the app with node --require (CommonJS) or --import (ESM) @auditel/node/register so that every module is hooked`);
  }
}

export function enableFrameworkHooks(
  warn: (kind: string, message: string) => void,
  subscribe: (channel: string, fn: (m: unknown) => void) => void,
): void {
  subscribe('tracing:fastify.request.handler:start', (m) => {
    const x = m as { request?: Carrier & { raw?: Carrier; routeOptions?: { url?: unknown } }; route?: { url?: unknown } };
    const raw = x.request?.raw;
    if (!raw) return;
    raw[kFastify] = x.request;
    const url = routeString(x.route?.url ?? x.request?.routeOptions?.url);
    if (url !== undefined) raw[kRoute] = url;
  });
  subscribe('tracing:fastify.request.handler:error', (m) => {
    const x = m as { request?: { raw?: Carrier }; error?: unknown };
    if (x.request?.raw) x.request.raw[kError] = errorName(x.error);
  });
  if (koaHooked) return;
  koaHooked = true;
  selfCheck(warn);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const RITM = require('require-in-the-middle') as { Hook: new (m: string[], o: object, f: (e: unknown) => unknown) => unknown };
    new RITM.Hook(['koa'], {}, (exports) => {
      patchKoa(exports);
      return exports;
    });
    // Only acts when the ESM loader was registered with its message channel (register.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const IITM = require('import-in-the-middle') as { Hook: new (m: string[], f: (e: unknown) => unknown) => unknown };
    new IITM.Hook(['koa'], (exports) => {
      patchKoa(exports);
      return undefined;
    });
  } catch (e) {
    warn('hook', `koa routes will not be audited: ${(e as Error).message}`);
  }
}
