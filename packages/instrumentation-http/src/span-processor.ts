/**
 * Span-derived mode, for applications that already trace with @opentelemetry/instrumentation-http:
 * instead of hooking HTTP a second time, turn the ended SERVER and CLIENT HTTP spans into audit
 * records. Add it to the app's NodeSDK (`spanProcessors: [new AuditSpanProcessor(), ...]`), and
 * pass `auditelRequestHook` as the HttpInstrumentation `requestHook` to get the identity and the
 * client address from the request headers (kept beside the span, never written on it).
 */
import type { IncomingMessage } from 'node:http';
import { ROOT_CONTEXT, context, trace, type SpanContext } from '@opentelemetry/api';
import { audit, type AuditActor, type AuditAttributeValue } from '@auditel/api';
import type { HttpAuditConfig } from './types.js';
import { HttpPolicy, type ResolvedSource } from './policy.js';
import { actionFromMethod, isInternalHost, normalizeMethod, splitHostPort, templatePath } from './utils.js';

/** The parts of an sdk-trace ReadableSpan used here (structural: no dependency on sdk-trace). */
interface EndedSpan {
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number };
  startTime: [number, number];
  duration: [number, number];
  spanContext(): SpanContext;
}

export interface AuditSpanProcessorOptions extends HttpAuditConfig {
  /** The OTLP URL never audited (Auditel's own shipping endpoint). */
  otlpUrl?: string;
  serviceName?: string;
}

const SERVER = 1;
const CLIENT = 2;
const MAX_STASH = 10000;

interface Stash {
  actor: AuditActor | undefined;
  via: string | undefined;
  source: ResolvedSource;
}

const stash = new Map<string, Stash>();
let policyForHook = new HttpPolicy();

/**
 * HttpInstrumentation `requestHook`: reads the identity (JWT sub, Basic user, API key, per the
 * policy) and the client address of an incoming request and keeps them for AuditSpanProcessor.
 */
export function auditelRequestHook(span: { spanContext(): SpanContext }, request: unknown): void {
  try {
    const req = request as IncomingMessage;
    if (!req || typeof req !== 'object' || !req.headers || !req.socket || typeof (request as { path?: unknown }).path === 'string') return;
    if (stash.size >= MAX_STASH) stash.delete(stash.keys().next().value as string);
    const h = policyForHook.headerActor(req.headers);
    stash.set(span.spanContext().spanId, { actor: h?.actor, via: h?.via, source: policyForHook.source(req.socket.remoteAddress, req.headers) });
  } catch {
    /* never into the app */
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export class AuditSpanProcessor {
  private readonly policy: HttpPolicy;
  private readonly otlp: { host: string; port: string } | undefined;

  constructor(private readonly options: AuditSpanProcessorOptions = {}) {
    this.policy = new HttpPolicy(options);
    policyForHook = this.policy;
    try {
      if (options.otlpUrl) {
        const u = new URL(options.otlpUrl);
        this.otlp = { host: u.hostname, port: u.port || (u.protocol === 'https:' ? '443' : '80') };
      }
    } catch {
      this.otlp = undefined;
    }
  }

  onStart(): void {}

  onEnd(span: EndedSpan): void {
    try {
      const a = span.attributes;
      const method = str(a['http.request.method']);
      if (method === undefined) return;
      const ctx = trace.setSpanContext(ROOT_CONTEXT, span.spanContext());
      if (span.kind === SERVER) context.with(ctx, () => this.server(span, normalizeMethod(method)));
      else if (span.kind === CLIENT) context.with(ctx, () => this.client(span, normalizeMethod(method)));
    } catch {
      /* never into the app */
    }
  }

  private server(span: EndedSpan, method: string): void {
    const a = span.attributes;
    const spanId = span.spanContext().spanId;
    const s = stash.get(spanId);
    stash.delete(spanId);
    const path = templatePath(str(a['url.path']));
    const route = str(a['http.route']) ?? path;
    const status = num(a['http.response.status_code']) ?? 0;
    const errorType = str(a['error.type']) ?? (span.status.code === 2 ? '_OTHER' : undefined);
    const failure = status >= 400 || errorType !== undefined;
    const security = status === 401 || status === 403;
    if (!this.policy.admit(route, method, status, failure, security)) return;
    const source = s?.source ?? this.policy.source(str(a['client.address']), {});
    const actor = s?.actor ?? this.policy.personActor(str(a['enduser.id']));
    const attributes: Record<string, AuditAttributeValue | undefined> = {
      'http.request.method': method,
      'http.route': route,
      'url.path': path,
      'url.scheme': str(a['url.scheme']),
      'http.response.status_code': status || undefined,
      'server.address': str(a['server.address']),
      'server.port': num(a['server.port']),
      'audit.duration_ms': span.duration[0] * 1000 + span.duration[1] / 1e6,
      'audit.api.direction': 'inbound',
      'audit.identity.source': s?.via ?? (actor ? 'span' : undefined),
      'user_agent.original': this.options.userAgent === true ? str(a['user_agent.original']) : undefined,
      ...source.attrs,
    };
    const src = source.attrs ? undefined : source.source;
    const time = span.startTime[0] * 1000 + Math.floor(span.startTime[1] / 1e6);
    audit({
      event: 'audit.api_request',
      action: actionFromMethod(method),
      outcome: failure ? 'failure' : 'success',
      actor,
      source: src,
      errorType,
      time,
      attributes,
    });
    if (security) {
      const base = { actor, source: src, time, errorType: String(status), target: { type: 'http.route', id: `${method} ${route}` }, attributes: { 'http.request.method': method, 'http.route': route, 'http.response.status_code': status, ...source.attrs } };
      if (status === 401) audit({ event: 'audit.authentication', action: 'LOGIN', outcome: 'failure', ...base });
      else audit({ event: 'audit.authorization', action: actionFromMethod(method), outcome: 'failure', ...base });
    }
  }

  private client(span: EndedSpan, method: string): void {
    const a = span.attributes;
    const host = (str(a['server.address']) ?? splitHostPort(str(a['url.full'])).host ?? '').toLowerCase();
    const port = num(a['server.port']);
    if (this.otlp && this.otlp.host === host && this.otlp.port === String(port ?? '')) return;
    const status = num(a['http.response.status_code']);
    const errorType = str(a['error.type']) ?? ((status ?? 0) >= 400 ? String(status) : span.status.code === 2 ? '_OTHER' : undefined);
    const failure = (status ?? 0) >= 400 || errorType !== undefined;
    if (!failure && this.policy.sampleRate < 1 && Math.random() >= this.policy.sampleRate) return;
    const internal = isInternalHost(host, this.policy.internal);
    let template: string | undefined;
    try {
      template = templatePath(str(a['url.path']) ?? (str(a['url.full']) ? new URL(str(a['url.full'])!).pathname : undefined));
    } catch {
      template = undefined;
    }
    audit({
      event: 'audit.api_request',
      action: actionFromMethod(method),
      outcome: failure ? 'failure' : 'success',
      actor: { id: this.options.serviceName ?? 'unknown_service', type: 'service', personal: false },
      target: { type: internal ? 'api.internal' : 'api.external', id: `${host}${port ? `:${port}` : ''}` },
      errorType,
      time: span.startTime[0] * 1000 + Math.floor(span.startTime[1] / 1e6),
      attributes: {
        'http.request.method': method,
        'server.address': host,
        'server.port': port,
        'url.template': template,
        'http.response.status_code': status,
        'audit.duration_ms': span.duration[0] * 1000 + span.duration[1] / 1e6,
        'audit.api.direction': 'outbound',
        'audit.api.scope': internal ? 'internal' : 'external',
      },
    });
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
