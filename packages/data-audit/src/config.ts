/**
 * The `data` section of Auditel's configuration (AUDITEL_CONFIG): canary tables, rows, Redis keys
 * and S3 prefixes, Redis key patterns, and the hook mode. Validated once; kept in a process-wide
 * slot shared by every copy of this package, so the preload sets it and every data hook reads it.
 */

export interface CanaryRow {
  /** Table name as the application writes it (`customers` or `shop.customers`). */
  table: string;
  column: string;
  values: Array<string | number>;
}

export interface DataAuditConfig {
  canaries?: {
    /** Any statement naming one of these tables is a canary access. */
    tables?: string[];
    /** Rows: `"customers.id = 424242"` or `{ table, column, values }`. */
    rows?: Array<string | CanaryRow>;
    /** Redis key globs, e.g. `canary:*`. */
    redisKeys?: string[];
    /** S3 `bucket/key-prefix` (or `bucket` alone). */
    s3?: string[];
  };
  redis?: {
    /**
     * Key globs recorded as the pattern itself (`session:*`, `user:{id}`, `{id}` and `*` match one
     * segment / the rest). Keys matching none are recorded as their first segment plus `:*`.
     */
    keyPatterns?: string[];
  };
  /**
   * `auto` (default): hook the libraries, but stand down for a library whose OpenTelemetry
   * instrumentation is active and reports to AuditelDataSpanProcessor (records come from its spans).
   * `hooks`: always hook. `spans`: never hook; records come only from the span processor.
   */
  mode?: 'auto' | 'hooks' | 'spans';
}

export interface ResolvedDataConfig {
  canaryTables: Set<string>;
  canaryRows: Map<string, Array<{ column: string; values: Set<string> }>>;
  canaryRedis: Glob[];
  canaryS3: Array<{ bucket: string; prefix: string }>;
  redisPatterns: Array<{ pattern: string; re: Glob }>;
  mode: 'auto' | 'hooks' | 'spans';
  hasCanaries: boolean;
}

export class DataAuditConfigError extends Error {
  override readonly name = 'DataAuditConfigError';
}

/** Last component of a possibly qualified, possibly quoted name, lower-cased. */
export function tableKey(name: string): string {
  const i = name.lastIndexOf('.');
  return (i >= 0 ? name.slice(i + 1) : name).replace(/["`]/g, '').toLowerCase();
}

/** A compiled key glob. */
export interface Glob {
  test(key: string): boolean;
}

type GlobToken = { lit: string } | 'star' | 'seg';

/**
 * A key glob: `*` matches any rest (including nothing), `{name}` one non-empty segment without
 * `:`, anything else literally. Matching walks the key once per token (O(key x tokens)), never a
 * backtracking regular expression, so a hostile key cannot make it slow.
 */
export function globToRegExp(glob: string): Glob {
  const tokens: GlobToken[] = [];
  let lit = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    const e = c === '{' ? glob.indexOf('}', i) : -1;
    if (c === '*' || e > i) {
      if (lit) tokens.push({ lit });
      lit = '';
      tokens.push(c === '*' ? 'star' : 'seg');
      if (e > i) i = e;
    } else lit += c;
  }
  if (lit) tokens.push({ lit });
  return {
    test(key: string): boolean {
      const n = key.length;
      let reach = new Uint8Array(n + 1);
      reach[0] = 1;
      for (const t of tokens) {
        const next = new Uint8Array(n + 1);
        let any = false;
        if (t === 'star') {
          let on = false;
          for (let p = 0; p <= n; p++) {
            if (reach[p]) on = true;
            if (on) next[p] = 1;
          }
          any = on;
        } else if (t === 'seg') {
          let on = false;
          for (let p = 0; p < n; p++) {
            if (key.charCodeAt(p) === 58) on = false;
            else {
              if (reach[p]) on = true;
              if (on) {
                next[p + 1] = 1;
                any = true;
              }
            }
          }
        } else {
          for (let p = 0; p + t.lit.length <= n; p++) {
            if (reach[p] && key.startsWith(t.lit, p)) {
              next[p + t.lit.length] = 1;
              any = true;
            }
          }
        }
        if (!any) return false;
        reach = next;
      }
      return reach[n] === 1;
    },
  };
}

const EMPTY: ResolvedDataConfig = {
  canaryTables: new Set(),
  canaryRows: new Map(),
  canaryRedis: [],
  canaryS3: [],
  redisPatterns: [],
  mode: 'auto',
  hasCanaries: false,
};

function strings(v: unknown, path: string, problems: string[]): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.length > 0 && x.length <= 512)) {
    problems.push(`${path} must be a list of non-empty strings`);
    return [];
  }
  return v as string[];
}

const ROW = /^\s*([A-Za-z0-9_."`$]+)\.([A-Za-z0-9_"`$]+)\s*=\s*'?([^']*?)'?\s*$/;

export function resolveDataConfig(raw: unknown): ResolvedDataConfig {
  if (raw === undefined || raw === null) return EMPTY;
  const problems: string[] = [];
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new DataAuditConfigError('data: must be a mapping');
  const c = raw as DataAuditConfig;
  for (const k of Object.keys(c)) if (!['canaries', 'redis', 'mode'].includes(k)) problems.push(`data: unknown option "${k}"`);
  const can = (c.canaries ?? {}) as NonNullable<DataAuditConfig['canaries']>;
  if (typeof can !== 'object') problems.push('data.canaries must be a mapping');
  for (const k of Object.keys(can)) if (!['tables', 'rows', 'redisKeys', 's3'].includes(k)) problems.push(`data.canaries: unknown option "${k}"`);
  const out: ResolvedDataConfig = {
    canaryTables: new Set(strings(can.tables, 'data.canaries.tables', problems).map(tableKey)),
    canaryRows: new Map(),
    canaryRedis: strings(can.redisKeys, 'data.canaries.redisKeys', problems).map(globToRegExp),
    canaryS3: strings(can.s3, 'data.canaries.s3', problems).map((s) => {
      const i = s.indexOf('/');
      return i < 0 ? { bucket: s, prefix: '' } : { bucket: s.slice(0, i), prefix: s.slice(i + 1) };
    }),
    redisPatterns: strings(c.redis?.keyPatterns, 'data.redis.keyPatterns', problems).map((p) => ({ pattern: p, re: globToRegExp(p) })),
    mode: 'auto',
    hasCanaries: false,
  };
  if (c.mode !== undefined) {
    if (c.mode !== 'auto' && c.mode !== 'hooks' && c.mode !== 'spans') problems.push(`data.mode must be auto, hooks or spans, got ${JSON.stringify(c.mode)}`);
    else out.mode = c.mode;
  }
  if (can.rows !== undefined) {
    if (!Array.isArray(can.rows)) problems.push('data.canaries.rows must be a list');
    else
      for (const [i, r] of can.rows.entries()) {
        let row: CanaryRow | undefined;
        if (typeof r === 'string') {
          const m = ROW.exec(r.slice(0, 512));
          if (m) row = { table: m[1]!, column: m[2]!, values: [m[3]!] };
        } else if (r && typeof r === 'object' && typeof r.table === 'string' && typeof r.column === 'string' && Array.isArray(r.values)) row = r;
        if (row === undefined) {
          problems.push(`data.canaries.rows[${i}] must be "table.column = value" or {table, column, values}`);
          continue;
        }
        const key = tableKey(row.table);
        const list = out.canaryRows.get(key) ?? [];
        list.push({ column: row.column.replace(/["`]/g, '').toLowerCase(), values: new Set(row.values.map(String)) });
        out.canaryRows.set(key, list);
      }
  }
  if (problems.length > 0) throw new DataAuditConfigError(problems.join('; '));
  out.hasCanaries = out.canaryTables.size > 0 || out.canaryRows.size > 0 || out.canaryRedis.length > 0 || out.canaryS3.length > 0;
  return out;
}

const KEY = Symbol.for('auditel.data-audit.config.v1');
const g = globalThis as unknown as Record<symbol, ResolvedDataConfig | undefined>;

/** Validates and installs the data configuration (throws DataAuditConfigError on bad input). */
export function setDataAuditConfig(raw: unknown): ResolvedDataConfig {
  const r = resolveDataConfig(raw);
  g[KEY] = r;
  return r;
}

export function getDataAuditConfig(): ResolvedDataConfig {
  return g[KEY] ?? EMPTY;
}
