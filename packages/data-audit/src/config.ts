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
  canaryRedis: RegExp[];
  canaryS3: Array<{ bucket: string; prefix: string }>;
  redisPatterns: Array<{ pattern: string; re: RegExp }>;
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

/** A key glob: `*` any rest, `{name}` one segment (no ':'), anything else literal. Linear-time regex. */
export function globToRegExp(glob: string): RegExp {
  let re = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '.*';
    else if (c === '{') {
      const e = glob.indexOf('}', i);
      if (e < 0) re += '\\{';
      else {
        re += '[^:]+';
        i = e;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  // `.*` appears at most once per `*`; patterns come from configuration, keys are bounded by the caller.
  return new RegExp(re + '$');
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
