/**
 * HttpAuditInstrumentation: one `audit.api_request` record per request an application serves and
 * per call it makes, from Node's diagnostics channels (no patching of node:http, express or
 * fastify; see docs/HTTP.md for the measurements behind that choice):
 *
 * - `http.server.request.start` opens the request scope (AsyncLocalStorage, shared with the data
 *   layer hooks) with the actor and the client address; `http.server.response.finish` writes the
 *   record; a socket closed before the response ends writes an aborted one; a crash of the handler
 *   (uncaught exception) writes a failure with `error.type` before the process dies.
 * - routes: express 4/5 (`req.baseUrl + req.route.path`), fastify 5 (its `tracing:fastify.request.handler`
 *   channel), koa-router (`ctx._matchedRoute`, from a one-line patch of koa's createContext), plain
 *   node:http (the path with id-like segments templated).
 * - `http.client.request.start|response.finish|request.error` and `undici:request:create|headers|error`
 *   (fetch) for outgoing calls; the OTLP endpoint is never audited.
 */
import * as dc from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { audit, type AuditActor, type AuditAttributeValue, type AuditSource } from '@auditel/api';
import { requestScopeStorage, type RequestScope, outgoingHttpAuditedBy } from '@auditel/sdk';
import type { HttpAuditConfig } from './types.js';
import { HttpPolicy, type HeaderActor, type ResolvedSource } from './policy.js';
import { actionFromMethod, isInternalHost, normalizeMethod, cachedHostPort, splitHostPort, templatePath, userId } from './utils.js';
import { enableFrameworkHooks, frameworkError, frameworkRoute, frameworkUser } from './frameworks.js';
import { errorName } from './errors.js';

export interface HttpAuditOptions extends HttpAuditConfig {
  /** The OTLP URL Auditel ships to: never audited as a client call. */
  otlpUrl?: string;
  /** Actor of outgoing calls made outside any request. */
  serviceName?: string;
  /** Where configuration problems and the self-check's warnings go. */
  report?: (kind: string, message: string) => void;
}

const kPending = Symbol('auditel.http.pending');
const kClient = Symbol('auditel.http.client');
const kInflight = Symbol('auditel.http.inflight');
const kWatched = Symbol('auditel.http.watched');

type Carrier = Record<symbol, unknown>;

/**
 * A request being served; it is also the request scope the data-layer hooks see (its `actor` is a
 * prototype getter, read lazily, so a `req.user` set by middleware after the start still counts;
 * a per-object accessor made every request ~6 us slower).
 */
class ServerPending implements RequestScope {
  rows = 0;
  bytes = 0;
  canary = false;
  source: AuditSource | undefined;
  actorOverride: AuditActor | undefined = undefined;
  error: string | undefined = undefined;
  done = false;
  readonly t0 = now();
  readonly time = Date.now();

  constructor(
    readonly owner: HttpAuditInstrumentation,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly headerActor: HeaderActor | undefined,
    readonly resolved: ResolvedSource,
    readonly bytesAtStart: number,
  ) {
    this.source = resolved.source;
  }

  get actor(): AuditActor | undefined {
    return this.owner.actorOf(this).actor;
  }

  set actor(v: AuditActor | undefined) {
    this.actorOverride = v;
  }
}

interface ClientPending {
  t0: number;
  time: number;
  method: string;
  host: string;
  port: number | undefined;
  scheme: string;
  path: string;
  actor: AuditActor | undefined;
  done: boolean;
}

interface Ignore {
  host: string;
  port: number;
  path: string;
}

function now(): number {
  return performance.now();
}

function size(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,15}$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function ignoreEntry(url: string | undefined): Ignore | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    return { host, port: u.port ? Number(u.port) : u.protocol === 'https:' ? 443 : 80, path: u.pathname === '/' ? '' : u.pathname };
  } catch {
    return undefined;
  }
}

export class HttpAuditInstrumentation {
  readonly name = 'http';
  readonly policy: HttpPolicy;
  private readonly ignores: Ignore[];
  private readonly report: (kind: string, message: string) => void;
  private readonly subscriptions: Array<[string, (m: unknown) => void]> = [];
  private enabled = false;
  private readonly warned = new Set<string>();

  constructor(private readonly options: HttpAuditOptions = {}) {
    this.report = options.report ?? ((_k, m) => process.stderr.write(`[auditel] ${m}\n`));
    this.policy = new HttpPolicy(options);
    for (const p of this.policy.problems) this.warnOnce('config', p);
    this.ignores = [options.otlpUrl, ...(options.ignoreOutgoing ?? [])].map(ignoreEntry).filter((x): x is Ignore => x !== undefined);
  }

  private warnOnce(kind: string, message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    try {
      this.report(kind, message);
    } catch {
      /* never into the app */
    }
  }

  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    const o = this.options;
    if (o.server !== false) {
      this.sub('http.server.request.start', (m) => this.onServerStart(m as { request: IncomingMessage; response: ServerResponse; socket: Socket }));
      this.sub('http.server.response.finish', (m) => this.onServerFinish(m as { request: IncomingMessage; response: ServerResponse }));
      process.on('uncaughtExceptionMonitor', this.onCrash);
      enableFrameworkHooks((kind, msg) => this.warnOnce(kind, msg), (key, fn) => this.sub(key, fn));
    }
    if (o.client !== false) {
      this.sub('http.client.request.start', (m) => this.onClientStart((m as { request: ClientRequest }).request));
      this.sub('http.client.response.finish', (m) => {
        const x = m as { request: ClientRequest; response: IncomingMessage };
        this.onClientEnd(x.request as unknown as Carrier, x.response.statusCode, undefined);
      });
      this.sub('http.client.request.error', (m) => {
        const x = m as { request: ClientRequest; error: unknown };
        this.onClientEnd(x.request as unknown as Carrier, undefined, errorName(x.error));
      });
      this.sub('undici:request:create', (m) => this.onFetchStart((m as { request: Carrier & UndiciRequest }).request));
      this.sub('undici:request:headers', (m) => {
        const x = m as { request: Carrier; response: { statusCode: number } };
        this.onClientEnd(x.request, x.response.statusCode, undefined);
      });
      this.sub('undici:request:error', (m) => {
        const x = m as { request: Carrier; error: unknown };
        this.onClientEnd(x.request, undefined, errorName(x.error));
      });
    }
  }

  disable(): void {
    for (const [name, fn] of this.subscriptions.splice(0)) dc.unsubscribe(name, fn);
    process.removeListener('uncaughtExceptionMonitor', this.onCrash);
    this.enabled = false;
  }

  private sub(name: string, fn: (m: unknown) => void): void {
    const safe = (m: unknown): void => {
      try {
        fn(m);
      } catch (e) {
        this.warnOnce('hook', `http hook failed on ${name}: ${(e as Error)?.message ?? String(e)}`);
      }
    };
    dc.subscribe(name, safe);
    this.subscriptions.push([name, safe]);
  }

  // -------------------------------------------------------------------------------------------
  // Server

  private onServerStart(m: { request: IncomingMessage; response: ServerResponse; socket: Socket }): void {
    const req = m.request;
    const socket = m.socket;
    const p = new ServerPending(
      this,
      req,
      m.response,
      this.policy.headerActor(req.headers),
      this.policy.source(socket?.remoteAddress, req.headers),
      socket?.bytesWritten ?? 0,
    );
    (req as unknown as Carrier)[kPending] = p;
    if (socket) {
      const s = socket as unknown as Carrier;
      s[kInflight] = p;
      if (s[kWatched] === undefined) {
        s[kWatched] = true;
        socket.once('close', () => {
          const q = s[kInflight] as ServerPending | undefined;
          if (q && !q.done) this.emitServer(q, true);
        });
      }
    }
    // Everything the application runs for this request (and the finish channel) sees the scope.
    requestScopeStorage.enterWith(p);
  }

  private onServerFinish(m: { request: IncomingMessage }): void {
    const p = (m.request as unknown as Carrier)[kPending] as ServerPending | undefined;
    if (p && !p.done) this.emitServer(p, false);
  }

  private readonly onCrash = (err: unknown, origin: string): void => {
    try {
      const p = requestScopeStorage.getStore();
      if (!(p instanceof ServerPending) || p.done) return;
      p.error = errorName(err);
      const dying =
        process.listenerCount('uncaughtException') === 0 &&
        (origin === 'uncaughtException' || process.listenerCount('unhandledRejection') === 0);
      // The process is about to die: write the record now (the store is flushed on exit).
      if (dying) this.emitServer(p, false, 500);
    } catch {
      /* never into the app */
    }
  };

  /** The actor by the configured order: `req.user` (when set by then) or what the headers said. */
  /** @internal */
  actorOf(p: ServerPending): { actor: AuditActor | undefined; via: string | undefined } {
    if (p.actorOverride) return { actor: p.actorOverride, via: 'scope' };
    for (const x of this.policy.extractors) {
      if (x === 'user') {
        const a = this.policy.personActor(userId(frameworkUser(p.req), this.policy.userFields));
        if (a) return { actor: a, via: 'user' };
      } else if (p.headerActor && p.headerActor.via === x) return p.headerActor;
    }
    return { actor: undefined, via: undefined };
  }

  private emitServer(p: ServerPending, aborted: boolean, forcedStatus?: number): void {
    p.done = true;
    const { req, res } = p;
    const scope = p;
    const s = req.socket as unknown as Carrier | null;
    if (s && s[kInflight] === p) s[kInflight] = undefined;
    const method = normalizeMethod(req.method);
    const path = templatePath((req as { originalUrl?: string }).originalUrl ?? req.url);
    const route = frameworkRoute(req) ?? path;
    const status = forcedStatus ?? (aborted ? 0 : res.statusCode);
    const security = status === 401 || status === 403;
    const errorType = p.error ?? frameworkError(req) ?? (aborted ? 'aborted' : status >= 500 ? String(status) : undefined);
    const failure = status >= 400 || errorType !== undefined;
    if (!this.policy.admit(route, method, status, failure, security)) return;
    const { actor, via } = this.actorOf(p);
    const host = cachedHostPort(req.headers.host);
    const ua = req.headers['user-agent'];
    const resBody = aborted ? undefined : size(res.getHeader('content-length'));
    const attributes: Record<string, AuditAttributeValue | undefined> = {
      'http.request.method': method,
      'http.route': route,
      'url.path': path,
      'url.scheme': (req.socket as { encrypted?: boolean } | null)?.encrypted ? 'https' : undefined,
      'http.response.status_code': status > 0 ? status : undefined,
      'server.address': host.host,
      'server.port': req.socket?.localPort ?? host.port,
      'http.request.body.size': size(req.headers['content-length']),
      'http.response.body.size': resBody,
      // Without a content-length (chunked): the bytes written, headers included.
      'http.response.size': resBody === undefined && req.socket ? Math.max(0, req.socket.bytesWritten - p.bytesAtStart) : undefined,
      'audit.duration_ms': Math.round((now() - p.t0) * 1000) / 1000,
      'audit.api.direction': 'inbound',
      'audit.identity.source': via,
      'audit.data.returned_rows': scope.rows > 0 ? scope.rows : undefined,
      'audit.data.returned_bytes': scope.bytes > 0 ? scope.bytes : undefined,
      'audit.source.forwarded_invalid': p.resolved.forwardedInvalid ? true : undefined,
      'user_agent.original': this.options.userAgent === true && typeof ua === 'string' ? ua.slice(0, 512) : undefined,
      ...p.resolved.attrs,
    };
    const source = p.resolved.attrs ? undefined : p.resolved.source;
    const outcome = aborted ? 'unknown' : failure ? 'failure' : 'success';
    audit({
      event: 'audit.api_request',
      action: actionFromMethod(method),
      outcome,
      actor,
      source,
      canary: scope.canary ? true : undefined,
      errorType,
      time: p.time,
      attributes,
    });
    if (security) {
      const base = {
        actor,
        source,
        time: p.time,
        errorType: String(status),
        target: { type: 'http.route', id: `${method} ${route}` },
        attributes: {
          'http.request.method': method,
          'http.route': route,
          'http.response.status_code': status,
          'audit.identity.source': via,
          ...p.resolved.attrs,
        },
      };
      if (status === 401) audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'failure', ...base });
      else audit({ event: 'audit.authorization', action: actionFromMethod(method), outcome: 'failure', ...base });
    }
  }

  // -------------------------------------------------------------------------------------------
  // Client

  private ignored(host: string, port: number | undefined, path: string): boolean {
    for (const i of this.ignores) if (i.host === host && i.port === port && path.startsWith(i.path)) return true;
    return false;
  }

  private startClient(carrier: Carrier, method: string, host: string, port: number | undefined, scheme: string, path: string): void {
    // A hook that records this call itself (the AWS SDK's) runs it without an HTTP record.
    if (outgoingHttpAuditedBy() !== undefined || this.ignored(host, port, path)) return;
    carrier[kClient] = {
      t0: now(),
      time: Date.now(),
      method: normalizeMethod(method),
      host,
      port,
      scheme,
      path,
      actor: requestScopeStorage.getStore()?.actor,
      done: false,
    } satisfies ClientPending;
  }

  private onClientStart(request: ClientRequest): void {
    const scheme = request.protocol === 'https:' ? 'https' : 'http';
    const hp = splitHostPort(request.getHeader('host'));
    const host = (request.host ?? hp.host ?? '').replace(/^\[|\]$/g, '').toLowerCase();
    const port = hp.port ?? (scheme === 'https' ? 443 : 80);
    this.startClient(request as unknown as Carrier, request.method, host, port, scheme, request.path ?? '/');
  }

  private onFetchStart(request: Carrier & UndiciRequest): void {
    let u: URL;
    try {
      u = new URL(String(request.origin));
    } catch {
      return;
    }
    const scheme = u.protocol === 'https:' ? 'https' : 'http';
    const port = u.port ? Number(u.port) : scheme === 'https' ? 443 : 80;
    this.startClient(request, String(request.method ?? 'GET'), u.hostname.replace(/^\[|\]$/g, '').toLowerCase(), port, scheme, String(request.path ?? '/'));
  }

  private onClientEnd(carrier: Carrier, status: number | undefined, errorType: string | undefined): void {
    const c = carrier[kClient] as ClientPending | undefined;
    if (!c || c.done) return;
    c.done = true;
    const failure = errorType !== undefined || (status ?? 0) >= 400;
    const template = templatePath(c.path);
    if (!failure && this.policy.sampleRate < 1 && Math.random() >= this.policy.sampleRate) return;
    const internal = isInternalHost(c.host, this.policy.internal);
    audit({
      event: 'audit.api_request',
      action: actionFromMethod(c.method),
      outcome: failure ? 'failure' : 'success',
      actor: c.actor ?? { id: this.options.serviceName ?? 'unknown_service', type: 'service', personal: false },
      target: { type: internal ? 'api.internal' : 'api.external', id: `${c.host}${c.port ? `:${c.port}` : ''}` },
      errorType: errorType ?? (status !== undefined && status >= 400 ? String(status) : undefined),
      time: c.time,
      attributes: {
        'http.request.method': c.method,
        'server.address': c.host,
        'server.port': c.port,
        'url.scheme': c.scheme,
        'url.template': template,
        'http.response.status_code': status,
        'audit.duration_ms': Math.round((now() - c.t0) * 1000) / 1000,
        'audit.api.direction': 'outbound',
        'audit.api.scope': internal ? 'internal' : 'external',
      },
    });
  }
}

interface UndiciRequest {
  origin?: unknown;
  path?: unknown;
  method?: unknown;
}
