/**
 * The HTTP audit policy compiled from the configuration: identity extractors, client-address
 * policy and trusted proxies, include/exclude rules and sampling. Shared by the channel hooks and
 * the span-derived mode.
 */
import type { BlockList } from 'node:net';
import type { AuditActor, AuditAttributeValue, AuditSource } from '@auditel/api';
import type { ClientAddressPolicy, HttpAuditConfig, IdentityExtractor } from './types.js';
import {
  HEALTH_RULE,
  apiKeyId,
  basicUser,
  clientAddress,
  compileRules,
  hostPatterns,
  ipType,
  jwtSubject,
  matchesAny,
  normalizeIp,
  truncateIp,
  trustedProxyList,
  type CompiledRule,
} from './utils.js';

export interface HeaderActor {
  actor: AuditActor;
  via: IdentityExtractor;
}

export interface ResolvedSource {
  /** Passed as `source` to audit() (pseudonymised by the record builder). */
  source: AuditSource | undefined;
  /** Written as attributes instead, for the policies that keep or truncate on purpose. */
  attrs: Record<string, AuditAttributeValue> | undefined;
  forwardedInvalid: boolean;
}

type Headers = Record<string, string | string[] | undefined>;

const KNOWN = new Set([
  'mode', 'server', 'client', 'clientAddress', 'trustedProxies', 'userAgent', 'identity', 'include', 'exclude',
  'excludeHealthChecks', 'sampleRate', 'internalHosts', 'ignoreOutgoing', 'otlpUrl', 'serviceName', 'report',
]);

export class HttpPolicy {
  readonly addressPolicy: ClientAddressPolicy;
  readonly trusted: BlockList | undefined;
  readonly extractors: IdentityExtractor[];
  readonly userFields: string[];
  readonly apiKeyHeader: string;
  readonly nonPersonal: RegExp[] = [];
  readonly include: CompiledRule[];
  readonly exclude: CompiledRule[];
  readonly sampleRate: number;
  readonly internal: RegExp[];
  /** Configuration problems, reported once by the caller. */
  readonly problems: string[] = [];

  constructor(o: HttpAuditConfig = {}) {
    for (const k of Object.keys(o)) if (!KNOWN.has(k)) this.problems.push(`http: unknown option "${k.slice(0, 40)}" ignored`);
    const policies: ClientAddressPolicy[] = ['hmac', 'truncate', 'drop', 'keep'];
    this.addressPolicy = o.clientAddress && policies.includes(o.clientAddress) ? o.clientAddress : 'hmac';
    if (o.clientAddress && !policies.includes(o.clientAddress)) this.problems.push(`http.clientAddress "${String(o.clientAddress)}" is not one of ${policies.join('|')}; using hmac`);
    const { list, bad } = trustedProxyList(o.trustedProxies);
    this.trusted = list;
    if (bad.length) this.problems.push(`http.trustedProxies: ignored entries that are not addresses or CIDR ranges: ${bad.join(', ')}`);
    const id = o.identity ?? {};
    const known: IdentityExtractor[] = ['user', 'jwt', 'basic', 'apiKey'];
    this.extractors = Array.isArray(id.extractors) ? id.extractors.filter((x) => known.includes(x)) : known;
    this.userFields = Array.isArray(id.userFields) ? id.userFields.map(String) : ['id', 'sub', 'username', 'userId'];
    this.apiKeyHeader = String(id.apiKeyHeader ?? 'x-api-key').toLowerCase();
    for (const p of id.nonPersonal ?? []) {
      try {
        this.nonPersonal.push(new RegExp(p));
      } catch {
        this.problems.push(`http.identity.nonPersonal: "${String(p).slice(0, 40)}" is not a regular expression`);
      }
    }
    this.include = compileRules(o.include);
    this.exclude = compileRules([...(o.excludeHealthChecks === false ? [] : [HEALTH_RULE]), ...(o.exclude ?? [])]);
    const rate = o.sampleRate;
    this.sampleRate = typeof rate === 'number' && rate >= 0 && rate <= 1 ? rate : 1;
    if (rate !== undefined && this.sampleRate !== rate) this.problems.push('http.sampleRate must be a number from 0 to 1; using 1');
    this.internal = hostPatterns(o.internalHosts);
  }

  /** The first identity the headers give, in the configured order (JWT `sub`, Basic user, API key). */
  headerActor(h: Headers): HeaderActor | undefined {
    for (const x of this.extractors) {
      let actor: AuditActor | undefined;
      if (x === 'jwt') actor = this.personActor(jwtSubject(h.authorization));
      else if (x === 'basic') actor = this.personActor(basicUser(h.authorization));
      else if (x === 'apiKey') {
        const id = apiKeyId(h[this.apiKeyHeader]);
        if (id) actor = { id, type: 'service', personal: false };
      }
      if (actor) return { actor, via: x };
    }
    return undefined;
  }

  /** A user (pseudonymised by the record builder) unless the id matches a non-personal pattern. */
  personActor(id: string | undefined): AuditActor | undefined {
    if (id === undefined) return undefined;
    if (this.nonPersonal.some((r) => r.test(id))) return { id, type: 'service', personal: false };
    return { id, type: 'user' };
  }

  /** The client address per policy, from the peer (and trusted proxies' forwarding headers). */
  source(peer: string | undefined, h: Headers): ResolvedSource {
    if (this.trusted || peer === undefined) return this.resolveSource(peer, h);
    // Without trusted proxies the result depends on the peer address alone, and peers repeat
    // (keep-alive connections, a few clients): resolve each once. Shared results are frozen.
    let r = this.peerSources.get(peer);
    if (r === undefined) {
      r = this.resolveSource(peer, h);
      Object.freeze(r.source);
      Object.freeze(r.attrs);
      Object.freeze(r);
      if (this.peerSources.size >= 4096) this.peerSources.clear();
      this.peerSources.set(peer, r);
    }
    return r;
  }

  private readonly peerSources = new Map<string, ResolvedSource>();

  private resolveSource(peer: string | undefined, h: Headers): ResolvedSource {
    const out: ResolvedSource = { source: undefined, attrs: undefined, forwardedInvalid: false };
    if (this.addressPolicy === 'drop') return out;
    const r = this.trusted ? clientAddress(peer, h.forwarded, h['x-forwarded-for'], this.trusted) : { ip: normalizeIp(peer), invalid: false };
    out.forwardedInvalid = r.invalid;
    if (!r.ip) return out;
    const type = ipType(r.ip);
    if (this.addressPolicy === 'hmac') out.source = { id: r.ip, type };
    else {
      const id = this.addressPolicy === 'truncate' ? truncateIp(r.ip) : r.ip;
      if (id) {
        const t = this.addressPolicy === 'truncate' ? `${type}_prefix` : type;
        out.attrs = { 'audit.source.id': id, 'audit.source.type': t };
        out.source = { id, type: t };
      }
    }
    return out;
  }

  /** Whether a request is audited: security events always; then include, exclude; sampling never drops failures. */
  admit(route: string, method: string, status: number, failure: boolean, security: boolean): boolean {
    if (security) return true;
    if (this.include.length > 0 && !matchesAny(this.include, route, method, status)) return false;
    if (this.exclude.length > 0 && matchesAny(this.exclude, route, method, status)) return false;
    if (!failure && this.sampleRate < 1 && Math.random() >= this.sampleRate) return false;
    return true;
  }
}
