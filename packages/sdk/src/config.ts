/**
 * Auditel's configuration: defaults, and validation with clear errors.
 */
import type { Redactor } from '@auditel/api';
import type { Durability } from './store/writer.js';

export interface ShippingConfig {
  /** Collector base URL, e.g. http://127.0.0.1:4318; `path` is appended. */
  endpoint?: string;
  /** Full URL; wins over endpoint + path (OTEL_EXPORTER_OTLP_LOGS_ENDPOINT). */
  url?: string;
  /** Path appended to `endpoint`. Default `/v1/logs`; the draft proposes `/v1/audit`. */
  path?: string;
  headers?: Record<string, string>;
  /** Records per export request. Default 512. */
  batchSize?: number;
  /** How often the shipper looks for new records, ms. Default 1000. */
  intervalMs?: number;
  /** Per-request timeout, ms. Default 10000. */
  timeoutMs?: number;
  /** Retry back-off cap, ms. Default 30000. Retries never stop. */
  maxBackoffMs?: number;
}

export interface AuditelConfig {
  /** Store folder. Default `./.auditel` (AUDITEL_DIR). */
  dir?: string;
  /** `async` (default): fsync at least every 100 ms and on flush(); `sync`: durable before audit() returns. */
  durability?: Durability;
  serviceName?: string;
  /** Extra resource attributes (OTEL_RESOURCE_ATTRIBUTES is read by the preload). */
  resource?: Record<string, string | number | boolean>;
  store?: {
    maxSegmentBytes?: number;
    maxSegmentAgeSeconds?: number;
    fsyncIntervalMs?: number;
    /** Buffered bytes past which writes turn synchronous (back-pressure). Default 1 MiB. */
    highWaterBytes?: number;
    /** Buffered bytes kept while the disk fails; past it the oldest are counted lost. Default 64 MiB. */
    maxBufferBytes?: number;
  };
  /** Days segments are kept. Default 400; under 90 refused unless allowRetentionUnder90Days. */
  retentionDays?: number;
  allowRetentionUnder90Days?: boolean;
  checkpoint?: {
    /** PEM file of the Ed25519 signing key; default: generated once beside the store. */
    keyFile?: string;
    everyRecords?: number;
    everySeconds?: number;
    /** A checkpoint is written at least this often even when idle. Default 3600. */
    idleSeconds?: number;
  };
  /** HMAC key for pseudonyms: file (base64 content) or base64 value; default generated beside the store. */
  pseudonymKeyFile?: string;
  pseudonymKey?: string;
  /** The redaction slot, filled directly. Default: the key-name deny-list + HMAC pseudonyms. */
  redactor?: Redactor;
  /**
   * Use @auditel/redaction's policy engine (value detectors for PII and credentials in every
   * attribute) instead of the key-name deny-list: `true` for its default policy, or a policy (file
   * path, JSON/YAML text or object). It costs tens of microseconds per record (docs/REDACTION.md).
   */
  redaction?: boolean | { policy?: string | Record<string, unknown> };
  /**
   * Per-record signatures (`audit.integrity.value`, the draft's producer signature), off by default:
   * `HMAC-SHA256` (key: `keyFile`, base64, else generated beside the store) or `EdDSA` (key:
   * `keyFile`, PEM, else the checkpoint key; about 50 µs per record).
   */
  integrity?: { algorithm: 'HMAC-SHA256' | 'EdDSA'; keyFile?: string };
  /** OTLP shipping; off when undefined or false. */
  shipping?: ShippingConfig | false;
  /** How long audit.commit() waits for durability before rejecting, ms. Default 10000. */
  commitTimeoutMs?: number;
  /** How long flush() and shutdown() wait for a failing disk, ms. Default 10000. */
  flushTimeoutMs?: number;
  /** Flush the store and write the end marker on exit and on SIGTERM/SIGINT. Default true. */
  handleProcessExit?: boolean;
}

export interface ResolvedConfig {
  dir: string;
  durability: Durability;
  serviceName: string;
  resource: Record<string, string | number | boolean>;
  maxSegmentBytes: number;
  maxSegmentAgeMs: number;
  fsyncIntervalMs: number;
  highWaterBytes: number;
  maxBufferBytes: number;
  retentionDays: number;
  checkpointKeyFile: string | undefined;
  checkpointEveryRecords: number;
  checkpointEveryMs: number;
  checkpointIdleMs: number;
  pseudonymKeyFile: string | undefined;
  pseudonymKey: string | undefined;
  redactor: Redactor | undefined;
  redactionPolicy: string | Record<string, unknown> | true | undefined;
  integrity: { algorithm: 'HMAC-SHA256' | 'EdDSA'; keyFile: string | undefined } | undefined;
  shipping: Required<Omit<ShippingConfig, 'endpoint' | 'url'>> & { url: string } | undefined;
  commitTimeoutMs: number;
  flushTimeoutMs: number;
  handleProcessExit: boolean;
}

export class AuditelConfigError extends Error {
  override readonly name = 'AuditelConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid Auditel configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const KNOWN = new Set([
  'dir', 'durability', 'serviceName', 'resource', 'store', 'retentionDays', 'allowRetentionUnder90Days', 'checkpoint',
  'pseudonymKeyFile', 'pseudonymKey', 'redactor', 'redaction', 'integrity', 'shipping', 'commitTimeoutMs', 'flushTimeoutMs', 'handleProcessExit',
]);

export function resolveConfig(c: AuditelConfig = {}): ResolvedConfig {
  const problems: string[] = [];
  if (c === null || typeof c !== 'object') throw new AuditelConfigError(['configuration must be an object']);
  for (const k of Object.keys(c)) if (!KNOWN.has(k)) problems.push(`unknown option "${k}"`);
  const num = (name: string, v: unknown, def: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    if (v === undefined) return def;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
      problems.push(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
      return def;
    }
    return v;
  };
  const str = (name: string, v: unknown): string | undefined => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.length === 0) {
      problems.push(`${name} must be a non-empty string`);
      return undefined;
    }
    return v;
  };
  if (c.redaction !== undefined && typeof c.redaction !== 'boolean' && (c.redaction === null || typeof c.redaction !== 'object')) {
    problems.push('redaction must be true, false or { policy }');
  }
  let integrity: ResolvedConfig['integrity'];
  if (c.integrity !== undefined) {
    const alg = c.integrity?.algorithm;
    if (alg !== 'HMAC-SHA256' && alg !== 'EdDSA') problems.push(`integrity.algorithm must be "HMAC-SHA256" or "EdDSA", got ${JSON.stringify(alg)}`);
    else integrity = { algorithm: alg, keyFile: str('integrity.keyFile', c.integrity.keyFile) };
  }
  const durability = c.durability ?? 'async';
  if (durability !== 'async' && durability !== 'sync') problems.push(`durability must be "async" or "sync", got ${JSON.stringify(durability)}`);
  const store = c.store ?? {};
  const cp = c.checkpoint ?? {};
  const retentionDays = num('retentionDays', c.retentionDays, 400, 1);
  if (retentionDays < 90 && c.allowRetentionUnder90Days !== true) {
    problems.push(`retentionDays ${retentionDays} is under the 90 days the policy requires; set allowRetentionUnder90Days: true to override`);
  }
  let shipping: ResolvedConfig['shipping'];
  if (c.shipping) {
    const s = c.shipping;
    const p = s.path ?? '/v1/logs';
    if (!p.startsWith('/')) problems.push(`shipping.path must start with "/", got ${JSON.stringify(p)}`);
    let url = s.url;
    if (url === undefined && s.endpoint !== undefined) url = s.endpoint.replace(/\/+$/, '') + p;
    if (url === undefined) problems.push('shipping needs endpoint or url');
    else {
      try {
        const u = new URL(url);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`shipping url must be http(s), got ${u.protocol}`);
      } catch {
        problems.push(`shipping url is not a URL: ${JSON.stringify(url)}`);
      }
    }
    const headers = s.headers ?? {};
    if (typeof headers !== 'object') problems.push('shipping.headers must be an object of strings');
    shipping = {
      url: url ?? '',
      path: p,
      headers,
      batchSize: num('shipping.batchSize', s.batchSize, 512, 1, 10000),
      intervalMs: num('shipping.intervalMs', s.intervalMs, 1000, 10),
      timeoutMs: num('shipping.timeoutMs', s.timeoutMs, 10000, 100),
      maxBackoffMs: num('shipping.maxBackoffMs', s.maxBackoffMs, 30000, 10),
    };
  }
  const resolved: ResolvedConfig = {
    dir: str('dir', c.dir) ?? './.auditel',
    durability,
    serviceName: str('serviceName', c.serviceName) ?? 'unknown_service:node',
    resource: c.resource ?? {},
    maxSegmentBytes: num('store.maxSegmentBytes', store.maxSegmentBytes, 64 * 1024 * 1024, 4096),
    maxSegmentAgeMs: num('store.maxSegmentAgeSeconds', store.maxSegmentAgeSeconds, 3600, 1) * 1000,
    fsyncIntervalMs: num('store.fsyncIntervalMs', store.fsyncIntervalMs, 100, 1, 100),
    highWaterBytes: num('store.highWaterBytes', store.highWaterBytes, 1024 * 1024, 1024),
    maxBufferBytes: num('store.maxBufferBytes', store.maxBufferBytes, 64 * 1024 * 1024, 64 * 1024),
    retentionDays,
    checkpointKeyFile: str('checkpoint.keyFile', cp.keyFile),
    checkpointEveryRecords: num('checkpoint.everyRecords', cp.everyRecords, 1000, 1),
    checkpointEveryMs: num('checkpoint.everySeconds', cp.everySeconds, 60, 0.01) * 1000,
    checkpointIdleMs: num('checkpoint.idleSeconds', cp.idleSeconds, 3600, 0.01) * 1000,
    pseudonymKeyFile: str('pseudonymKeyFile', c.pseudonymKeyFile),
    pseudonymKey: str('pseudonymKey', c.pseudonymKey),
    redactor: c.redactor,
    integrity,
    redactionPolicy: c.redaction === true ? true : c.redaction ? (c.redaction.policy ?? true) : undefined,
    shipping,
    commitTimeoutMs: num('commitTimeoutMs', c.commitTimeoutMs, 10000, 1),
    flushTimeoutMs: num('flushTimeoutMs', c.flushTimeoutMs, 10000, 1),
    handleProcessExit: c.handleProcessExit ?? true,
  };
  if (problems.length > 0) throw new AuditelConfigError(problems);
  return resolved;
}
