/**
 * Public configuration of the HTTP audit hook (the `http` section of AUDITEL_CONFIG).
 */

/** How the client address is written: `hmac` (keyed pseudonym, default), `truncate` (/24 or /48), `drop`, `keep`. */
export type ClientAddressPolicy = 'hmac' | 'truncate' | 'drop' | 'keep';

/** Identity extractors, tried in the configured order. */
export type IdentityExtractor = 'user' | 'jwt' | 'basic' | 'apiKey';

/** A request filter. Every field given must match; an empty rule matches everything. */
export interface RequestRule {
  /** Route templates or paths; `*` matches any run of characters, e.g. `/internal/*`. */
  routes?: string[];
  /** Upper-case methods, e.g. `OPTIONS`. */
  methods?: string[];
  /** Status codes or classes: `404`, `'4xx'`. */
  status?: Array<number | string>;
}

export interface IdentityConfig {
  /** Order of the extractors. Default `['user', 'jwt', 'basic', 'apiKey']`. */
  extractors?: IdentityExtractor[];
  /** Fields of `req.user` tried for the id. Default `['id', 'sub', 'username', 'userId']`. */
  userFields?: string[];
  /** Header holding an API key. Default `x-api-key`. */
  apiKeyHeader?: string;
  /**
   * Regular expressions of ids that name no person (service accounts): stored as they are, with
   * actor type `service`. Others are pseudonymised with the keyed HMAC.
   */
  nonPersonal?: string[];
}

export interface HttpAuditConfig {
  /**
   * `hooks` (default): Node's diagnostics channels, no patching. `spans`: records come from an
   * application's own OpenTelemetry HTTP spans through `AuditSpanProcessor`; the preload then
   * subscribes nothing. `off`: nothing.
   */
  mode?: 'hooks' | 'spans' | 'off';
  /** Audit incoming requests. Default true. */
  server?: boolean;
  /** Audit outgoing http/https requests and fetch. Default true. */
  client?: boolean;
  clientAddress?: ClientAddressPolicy;
  /** Addresses or CIDR ranges of proxies whose X-Forwarded-For / Forwarded headers are believed. Default none. */
  trustedProxies?: string[];
  /** Record `user_agent.original`. Default false (the policy counts it as a device fingerprint). */
  userAgent?: boolean;
  identity?: IdentityConfig;
  /** When given, only requests matching one of these rules are audited (security events always are). */
  include?: RequestRule[];
  /** Requests matching one of these rules are not audited (security events always are). */
  exclude?: RequestRule[];
  /** Leave out successful health-check requests (`/health`, `/health/*`, `/healthz`, `/ready`, `/readyz`, `/live`, `/livez`, `/ping`). Default true. */
  excludeHealthChecks?: boolean;
  /** Fraction (0..1) of successful, non-security requests to keep. Failures and security events are never sampled. Default 1. */
  sampleRate?: number;
  /** Host names (`*.corp.example`) whose calls are internal API calls; private and loopback addresses always are. */
  internalHosts?: string[];
  /** URLs never audited as client calls (besides the OTLP endpoint, which never is). */
  ignoreOutgoing?: string[];
}
