/**
 * Pure helpers of the HTTP audit hook: action mapping, route templating and path redaction,
 * client-address handling (trusted proxies, truncation), identity extraction and request filters.
 * None of them throws on malformed input.
 */
import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { RequestRule } from './types.js';

const ACTIONS: Record<string, string> = {
  GET: 'READ',
  HEAD: 'READ',
  OPTIONS: 'READ',
  POST: 'CREATE',
  PUT: 'UPDATE',
  PATCH: 'UPDATE',
  DELETE: 'DELETE',
};

/** GET/HEAD -> READ, POST -> CREATE, PUT/PATCH -> UPDATE, DELETE -> DELETE, others EXECUTE. */
export function actionFromMethod(method: string | undefined): string {
  return (method && ACTIONS[method]) || 'EXECUTE';
}

/** Methods as recorded: the known ones, anything else `_OTHER` (as the semantic conventions say). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'QUERY']);
export function normalizeMethod(method: unknown): string {
  return typeof method === 'string' && KNOWN_METHODS.has(method) ? method : '_OTHER';
}

/** Longest path kept in `url.path` and used for templating. */
export const MAX_PATH = 2048;

/**
 * True for a path segment that looks like an identifier, a token or personal data: over 32
 * characters; all digits; 8 or more hex digits (UUIDs with or without dashes are caught by these
 * two); containing `@`, `%` or `=`; or 8 or more characters with a digit among them (order numbers,
 * hashes, slugs with ids).
 */
export function isIdLike(seg: string): boolean {
  return segmentIsIdLike(seg, 0, seg.length);
}

/** isIdLike of `s.slice(start, end)`, in one pass over its characters and without the slice. */
function segmentIsIdLike(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n === 0) return false;
  if (n > 32) return true;
  let digits = 0;
  let hex = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      hex++;
    } else if ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)) hex++;
    else if (c === 0x40 || c === 0x25 || c === 0x3d) return true; // @ % =
  }
  if (digits === n) return true;
  if (n >= 8 && (hex === n || digits > 0)) return true;
  return false;
}

/**
 * The path without query or fragment, with every id-like segment replaced by `:id`, e.g.
 * `/users/42/orders?x=1` -> `/users/:id/orders`. Used as `url.path` (redacted) and as the route
 * template of a plain node:http server.
 */
export function templatePath(url: string | undefined): string {
  if (typeof url !== 'string' || url.length === 0) return '/';
  let end = url.length;
  const q = url.indexOf('?');
  if (q >= 0) end = q;
  const h = url.indexOf('#');
  if (h >= 0 && h < end) end = h;
  let p = end === url.length && end <= MAX_PATH ? url : url.slice(0, Math.min(end, MAX_PATH));
  // Absolute-form request targets (proxies): keep the path only.
  if (p.charCodeAt(0) !== 0x2f) {
    const i = p.indexOf('://');
    const slash = i >= 0 ? p.indexOf('/', i + 3) : -1;
    p = slash >= 0 ? p.slice(slash) : '/';
  }
  // One pass over the segments; the path is rebuilt only when a segment is replaced.
  let out: string | undefined;
  let from = 0; // start of the part of p not yet copied to out
  let start = 0;
  while (start <= p.length) {
    let stop = p.indexOf('/', start);
    if (stop < 0) stop = p.length;
    if (segmentIsIdLike(p, start, stop)) {
      out = (out ?? '') + p.slice(from, start) + ':id';
      from = stop;
    }
    start = stop + 1;
  }
  if (out !== undefined) out += p.slice(from);
  else out = p;
  if (end > MAX_PATH) out += '/:truncated';
  return out;
}

// ---------------------------------------------------------------------------------------------
// Client address

/** `::ffff:1.2.3.4` -> `1.2.3.4`; brackets and zone ids removed; undefined when not an address. */
export function normalizeIp(addr: unknown): string | undefined {
  if (typeof addr !== 'string' || addr.length === 0 || addr.length > 64) return undefined;
  let a = addr.trim();
  if (a.startsWith('[')) {
    const close = a.indexOf(']');
    if (close < 0) return undefined;
    a = a.slice(1, close);
  } else if (a.indexOf(':') === a.lastIndexOf(':') && a.includes('.')) {
    // IPv4 with a port: 1.2.3.4:5678
    a = a.split(':')[0]!;
  }
  const pct = a.indexOf('%');
  if (pct >= 0) a = a.slice(0, pct);
  if (a.toLowerCase().startsWith('::ffff:') && isIP(a.slice(7)) === 4) a = a.slice(7);
  return isIP(a) !== 0 ? a : undefined;
}

export function ipType(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/** Expands an IPv6 address into its eight 16-bit groups. */
function ipv6Groups(ip: string): number[] | undefined {
  let s = ip;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    const v4 = s.slice(lastColon + 1).split('.').map(Number);
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    s = s.slice(0, lastColon + 1) + '0';
  }
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const h = head ? head.split(':').map((x) => parseInt(x, 16)) : [];
  const r = rest !== undefined && rest !== '' ? rest.split(':').map((x) => parseInt(x, 16)) : [];
  const fill = rest !== undefined ? 8 - (tail.length ? 1 : 0) - h.length - r.length : 0;
  const groups = [...h, ...new Array<number>(Math.max(fill, 0)).fill(0), ...r];
  if (tail.length) groups.splice(groups.length - 1, 1, ...tail);
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** IPv4 to its /24 network, IPv6 to its /48: `203.0.113.0/24`, `2001:db8:1::/48`. */
export function truncateIp(ip: string): string | undefined {
  if (isIP(ip) === 4) {
    const p = ip.split('.');
    return `${p[0]}.${p[1]}.${p[2]}.0/24`;
  }
  const g = ipv6Groups(ip);
  if (!g) return undefined;
  return `${g[0]!.toString(16)}:${g[1]!.toString(16)}:${g[2]!.toString(16)}::/48`;
}

/** A BlockList of trusted proxies from addresses and CIDR ranges; bad entries are returned in `bad`. */
export function trustedProxyList(entries: string[] | undefined): { list: BlockList | undefined; bad: string[] } {
  const bad: string[] = [];
  if (!entries || entries.length === 0) return { list: undefined, bad };
  const list = new BlockList();
  for (const e of entries) {
    try {
      const [addr, bits] = String(e).split('/');
      const ip = normalizeIp(addr);
      if (!ip) throw new Error('bad');
      const type = ipType(ip);
      if (bits === undefined) list.addAddress(ip, type);
      else {
        const n = Number(bits);
        if (!Number.isInteger(n) || n < 0 || n > (type === 'ipv4' ? 32 : 128)) throw new Error('bad');
        list.addSubnet(ip, n, type);
      }
    } catch {
      bad.push(String(e).slice(0, 64));
    }
  }
  return { list, bad };
}

export function isTrusted(list: BlockList | undefined, ip: string): boolean {
  if (!list) return false;
  try {
    return list.check(ip, ipType(ip));
  } catch {
    return false;
  }
}

/** The `for=` values of a Forwarded header, first hop first; undefined when the header is malformed. */
export function parseForwarded(header: string): string[] | undefined {
  if (header.length > 4096) return undefined;
  const out: string[] = [];
  for (const element of header.split(',')) {
    let forValue: string | undefined;
    for (const pair of element.split(';')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        if (pair.trim() === '') continue;
        return undefined;
      }
      if (pair.slice(0, eq).trim().toLowerCase() !== 'for') continue;
      let v = pair.slice(eq + 1).trim();
      if (v.startsWith('"')) {
        if (!v.endsWith('"') || v.length < 2) return undefined;
        v = v.slice(1, -1);
      }
      forValue = v;
    }
    if (forValue === undefined) return undefined;
    out.push(forValue);
  }
  return out;
}

/**
 * The client's address: the socket peer, or, when the peer is a trusted proxy, the nearest
 * untrusted hop of `Forwarded` (preferred) or `X-Forwarded-For`. Malformed forwarding headers are
 * ignored (the peer is used) and reported through `invalid`.
 */
export function clientAddress(
  peer: string | undefined,
  forwarded: unknown,
  xff: unknown,
  trusted: BlockList | undefined,
): { ip: string | undefined; invalid: boolean } {
  const ip = normalizeIp(peer);
  if (!ip || !isTrusted(trusted, ip)) return { ip, invalid: false };
  let hops: string[] | undefined;
  if (typeof forwarded === 'string' && forwarded.length > 0) hops = parseForwarded(forwarded);
  else if (typeof xff === 'string' && xff.length > 0) hops = xff.length > 4096 ? undefined : xff.split(',').map((s) => s.trim());
  else if (Array.isArray(xff)) hops = xff.join(',').split(',').map((s) => s.trim());
  else return { ip, invalid: false };
  if (!hops) return { ip, invalid: true };
  // From the nearest hop outwards: the first address that is not a trusted proxy is the client.
  let candidate = ip;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeIp(hops[i]);
    if (!hop) return { ip: candidate, invalid: true };
    candidate = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return { ip: candidate, invalid: false };
}

// ---------------------------------------------------------------------------------------------
// Identity

const MAX_ID = 256;

function cleanId(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  // eslint-disable-next-line no-control-regex
  if (s.length === 0 || s.length > MAX_ID || /[\u0000-\u001f\u007f]/.test(s)) return undefined;
  return s;
}

/** The `sub` claim of a bearer JWT: decoded, never verified; undefined for anything malformed. */
export function jwtSubject(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string' || authorization.length > 16384) return undefined;
  if (!/^bearer /i.test(authorization)) return undefined;
  const parts = authorization.slice(7).trim().split('.');
  if (parts.length !== 3 || !/^[A-Za-z0-9_-]+$/.test(parts[1]!)) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (payload === null || typeof payload !== 'object') return undefined;
    return cleanId((payload as { sub?: unknown }).sub);
  } catch {
    return undefined;
  }
}

/** The user name of HTTP Basic credentials (the password is never read further). */
export function basicUser(authorization: unknown): string | undefined {
  if (typeof authorization !== 'string' || authorization.length > 4096) return undefined;
  if (!/^basic /i.test(authorization)) return undefined;
  const raw = authorization.slice(6).trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) return undefined;
  const text = Buffer.from(raw, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return cleanId(text.slice(0, colon));
}

/** An API key as an id: `apikey:` + 16 hex chars of its SHA-256; the key itself is never kept. */
export function apiKeyId(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return undefined;
  return 'apikey:' + createHash('sha256').update(value).digest('hex').slice(0, 16);
}

/** The id of a passport-style `req.user`: a string, or the first usable of `fields`. */
export function userId(user: unknown, fields: string[]): string | undefined {
  if (user === null || user === undefined) return undefined;
  if (typeof user === 'string' || typeof user === 'number') return cleanId(user);
  if (typeof user !== 'object') return undefined;
  try {
    for (const f of fields) {
      const id = cleanId((user as Record<string, unknown>)[f]);
      if (id !== undefined) return id;
    }
  } catch {
    /* a throwing getter */
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Filters

function globRegExp(glob: string): RegExp {
  const esc = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${esc}$`);
}

export interface CompiledRule {
  routes: RegExp | undefined;
  methods: Set<string> | undefined;
  status: Array<(code: number) => boolean> | undefined;
}

function statusMatcher(s: number | string): (code: number) => boolean {
  if (typeof s === 'number') return (c) => c === s;
  const m = /^([1-5])xx$/i.exec(String(s));
  if (m) {
    const d = Number(m[1]);
    return (c) => Math.floor(c / 100) === d;
  }
  const n = Number(s);
  return (c) => c === n;
}

export function compileRules(rules: RequestRule[] | undefined): CompiledRule[] {
  if (!Array.isArray(rules)) return [];
  return rules.map((r) => ({
    routes: Array.isArray(r.routes) ? (r.routes.length ? new RegExp(r.routes.map((x) => globRegExp(String(x)).source).join('|')) : /(?!)/) : undefined,
    methods: Array.isArray(r.methods) ? new Set(r.methods.map((x) => String(x).toUpperCase())) : undefined,
    status: Array.isArray(r.status) ? r.status.map(statusMatcher) : undefined,
  }));
}

export function matchesAny(rules: CompiledRule[], route: string, method: string, status: number): boolean {
  for (const r of rules) {
    if (r.routes && !r.routes.test(route)) continue;
    if (r.methods && !r.methods.has(method)) continue;
    if (r.status && !r.status.some((f) => f(status))) continue;
    return true;
  }
  return false;
}

export const HEALTH_RULE: RequestRule = {
  routes: ['/health', '/healthz', '/ready', '/readyz', '/live', '/livez', '/ping', '/health/*'],
  status: ['1xx', '2xx', '3xx'],
};

// ---------------------------------------------------------------------------------------------
// Hosts

/** `host:port` or `[v6]:port` -> host and port. */
export function splitHostPort(hostHeader: unknown): { host: string | undefined; port: number | undefined } {
  if (typeof hostHeader !== 'string' || hostHeader.length === 0 || hostHeader.length > 300) return { host: undefined, port: undefined };
  let host = hostHeader;
  let port: number | undefined;
  const m = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(hostHeader) ?? /^([^:]+)(?::(\d{1,5}))?$/.exec(hostHeader);
  if (!m) return { host: undefined, port: undefined };
  host = m[1]!;
  if (m[2] !== undefined) port = Number(m[2]);
  if (!/^[A-Za-z0-9._:-]+$/.test(host)) return { host: undefined, port };
  return { host: host.toLowerCase(), port };
}

const hostPorts = new Map<string, { readonly host: string | undefined; readonly port: number | undefined }>();
/** splitHostPort of a Host header, remembered (a server sees few distinct ones); bounded, results frozen. */
export function cachedHostPort(hostHeader: unknown): { readonly host: string | undefined; readonly port: number | undefined } {
  if (typeof hostHeader !== 'string') return splitHostPort(hostHeader);
  let r = hostPorts.get(hostHeader);
  if (r === undefined) {
    r = Object.freeze(splitHostPort(hostHeader));
    if (hostPorts.size >= 1024) hostPorts.clear();
    hostPorts.set(hostHeader, r);
  }
  return r;
}

const PRIVATE = (() => {
  const b = new BlockList();
  b.addSubnet('10.0.0.0', 8, 'ipv4');
  b.addSubnet('172.16.0.0', 12, 'ipv4');
  b.addSubnet('192.168.0.0', 16, 'ipv4');
  b.addSubnet('127.0.0.0', 8, 'ipv4');
  b.addSubnet('169.254.0.0', 16, 'ipv4');
  b.addSubnet('100.64.0.0', 10, 'ipv4');
  b.addAddress('::1', 'ipv6');
  b.addSubnet('fc00::', 7, 'ipv6');
  b.addSubnet('fe80::', 10, 'ipv6');
  return b;
})();

/** Internal API call: private/loopback address, single-label or .local/.internal/.svc host, or a configured pattern. */
export function isInternalHost(host: string, patterns: RegExp[]): boolean {
  const ip = normalizeIp(host);
  if (ip) return isTrusted(PRIVATE, ip);
  if (host === 'localhost' || !host.includes('.')) return true;
  if (/\.(local|internal|svc|cluster\.local|localhost)$/.test(host)) return true;
  return patterns.some((p) => p.test(host));
}

export function hostPatterns(list: string[] | undefined): RegExp[] {
  return Array.isArray(list) ? list.map((x) => globRegExp(String(x).toLowerCase())) : [];
}
