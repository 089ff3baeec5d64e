/**
 * Redis commands -> audit records. Keys are personal data more often than not (`session:<token>`,
 * `user:<email>`), so a key is never stored as it is: the summary names its pattern (a configured
 * glob such as `session:*` or `user:{id}`, else its first segment and `:*`), and the target id is
 * the keyed HMAC pseudonym of the first key (the redactor makes it while the record is built).
 */
import { getDataAuditConfig } from './config.js';
import type { DataRecord } from './record.js';

type Cls = readonly [action: string, keys: 'first' | 'all' | 'pairs' | 'none' | 'eval' | 'second', event?: string];

const R: Cls = ['READ', 'first'];
const C: Cls = ['CREATE', 'first'];
const U: Cls = ['UPDATE', 'first'];
const D: Cls = ['DELETE', 'first'];

const COMMANDS: Record<string, Cls> = {
  GET: R, GETRANGE: R, STRLEN: R, TTL: R, PTTL: R, TYPE: R, EXPIRETIME: R, HGET: R, HMGET: R, HGETALL: R, HKEYS: R,
  HVALS: R, HLEN: R, HEXISTS: R, HSCAN: R, HSTRLEN: R, HRANDFIELD: R, LRANGE: R, LINDEX: R, LLEN: R, LPOS: R,
  SMEMBERS: R, SISMEMBER: R, SMISMEMBER: R, SCARD: R, SSCAN: R, SRANDMEMBER: R, ZRANGE: R, ZRANGEBYSCORE: R,
  ZRANGEBYLEX: R, ZREVRANGE: R, ZREVRANGEBYSCORE: R, ZSCORE: R, ZMSCORE: R, ZCARD: R, ZRANK: R, ZREVRANK: R,
  ZCOUNT: R, ZSCAN: R, DUMP: R, GETBIT: R, BITCOUNT: R, BITPOS: R, XRANGE: R, XREVRANGE: R, XLEN: R, XINFO: ['READ', 'second'],
  GEOPOS: R, GEODIST: R, GEOHASH: R, GEOSEARCH: R, GEORADIUS: R, 'JSON.GET': R, 'JSON.TYPE': R, 'JSON.STRLEN': R,
  'JSON.OBJKEYS': R, 'JSON.ARRLEN': R, 'FT.SEARCH': R, 'FT.AGGREGATE': R, 'TS.RANGE': R, 'TS.GET': R,
  MGET: ['READ', 'all'], EXISTS: ['READ', 'all'], PFCOUNT: ['READ', 'all'], SUNION: ['READ', 'all'], SINTER: ['READ', 'all'],
  SDIFF: ['READ', 'all'], TOUCH: ['READ', 'all'], KEYS: ['READ', 'first'], SCAN: ['READ', 'none'], RANDOMKEY: ['READ', 'none'],
  DBSIZE: ['READ', 'none'], 'JSON.MGET': ['READ', 'all'],
  SET: U, SETEX: U, PSETEX: U, GETSET: U, GETEX: U, APPEND: U, INCR: U, INCRBY: U, INCRBYFLOAT: U, DECR: U, DECRBY: U,
  SETRANGE: U, SETBIT: U, HSET: U, HMSET: U, HINCRBY: U, HINCRBYFLOAT: U, LSET: U, LINSERT: U, LTRIM: U, ZINCRBY: U,
  EXPIRE: U, PEXPIRE: U, EXPIREAT: U, PEXPIREAT: U, PERSIST: U, RENAME: U, RENAMENX: U, BITFIELD: U, 'JSON.SET': U,
  'JSON.NUMINCRBY': U, 'JSON.ARRAPPEND': U, 'JSON.MERGE': U, SORT: U, MOVE: U, LMOVE: U, RPOPLPUSH: U, SMOVE: U, 'TS.ADD': U,
  MSET: ['UPDATE', 'pairs'], MSETNX: ['CREATE', 'pairs'],
  SETNX: C, HSETNX: C, SADD: C, LPUSH: C, RPUSH: C, LPUSHX: C, RPUSHX: C, ZADD: C, XADD: C, PFADD: C, GEOADD: C,
  RESTORE: C, COPY: C, 'TS.CREATE': C,
  DEL: ['DELETE', 'all'], UNLINK: ['DELETE', 'all'], GETDEL: D, HDEL: D, LREM: D, LPOP: D, RPOP: D, BLPOP: ['DELETE', 'all'],
  BRPOP: ['DELETE', 'all'], SREM: D, SPOP: D, ZREM: D, ZPOPMIN: D, ZPOPMAX: D, ZREMRANGEBYSCORE: D, ZREMRANGEBYRANK: D,
  ZREMRANGEBYLEX: D, XDEL: D, XTRIM: D, 'JSON.DEL': D, 'JSON.FORGET': D,
  FLUSHDB: ['DELETE', 'none'], FLUSHALL: ['DELETE', 'none'],
  EVAL: ['EXECUTE', 'eval'], EVALSHA: ['EXECUTE', 'eval'], EVAL_RO: ['EXECUTE', 'eval'], EVALSHA_RO: ['EXECUTE', 'eval'],
  FCALL: ['EXECUTE', 'eval'], FCALL_RO: ['EXECUTE', 'eval'],
  EXEC: ['EXECUTE', 'none'], DISCARD: ['EXECUTE', 'none'],
  CONFIG: ['CONFIGURE', 'none', 'audit.configuration_change'],
  ACL: ['UPDATE', 'none', 'audit.account_management'],
  FUNCTION: ['CONFIGURE', 'none', 'audit.configuration_change'],
  SCRIPT: ['CONFIGURE', 'none', 'audit.configuration_change'],
};

const MAX_KEY = 1024;

/** The pattern a key is recorded as (never the key itself). */
export function redisKeyPattern(key: string): string {
  const cfg = getDataAuditConfig();
  if (key.length <= MAX_KEY) for (const p of cfg.redisPatterns) if (p.re.test(key)) return p.pattern;
  const i = key.indexOf(':');
  if (i < 0) return '*';
  const head = key.slice(0, i);
  return /^[A-Za-z_-]{1,40}$/.test(head) ? head + ':*' : '*';
}

export function redisKeyCanary(key: string): boolean {
  if (key.length > MAX_KEY) return false;
  for (const re of getDataAuditConfig().canaryRedis) if (re.test(key)) return true;
  return false;
}

function asKey(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('utf8');
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Keys named by a command's arguments (at most 16). */
export function redisKeys(cls: Cls, args: readonly unknown[]): string[] {
  const out: string[] = [];
  const add = (v: unknown) => {
    const k = asKey(v);
    if (k !== undefined && out.length < 16) out.push(k);
  };
  switch (cls[1]) {
    case 'first':
      add(args[0]);
      break;
    case 'second':
      add(args[1]);
      break;
    case 'all':
      for (let i = 0; i < args.length && out.length < 16; i++) {
        if (typeof args[i] === 'number' && i === args.length - 1) break; // BLPOP timeout
        add(args[i]);
      }
      break;
    case 'pairs':
      for (let i = 0; i < args.length && out.length < 16; i += 2) add(args[i]);
      break;
    case 'eval': {
      const n = Number(asKey(args[1]));
      for (let i = 0; Number.isInteger(n) && i < n && i < 16; i++) add(args[2 + i]);
      break;
    }
    case 'none':
      break;
  }
  return out;
}

/** Rows and bytes of a reply: a nil is 0 rows, a value 1, an array its non-nil members. */
export function replyVolume(reply: unknown): { rows: number; bytes: number } {
  if (reply === null || reply === undefined) return { rows: 0, bytes: 0 };
  if (typeof reply === 'string') return { rows: 1, bytes: reply.length };
  if (reply instanceof Uint8Array) return { rows: 1, bytes: reply.byteLength };
  if (typeof reply === 'number' || typeof reply === 'bigint' || typeof reply === 'boolean') return { rows: 0, bytes: 0 };
  if (Array.isArray(reply)) {
    let rows = 0;
    let bytes = 0;
    const n = Math.min(reply.length, 100000);
    for (let i = 0; i < n; i++) {
      const x = reply[i];
      if (x === null || x === undefined) continue;
      rows++;
      bytes += typeof x === 'string' ? x.length : x instanceof Uint8Array ? x.byteLength : 8;
    }
    return { rows, bytes };
  }
  if (reply instanceof Map) return { rows: 1, bytes: reply.size * 16 };
  if (typeof reply === 'object') {
    let bytes = 0;
    for (const k in reply as Record<string, unknown>) {
      const v = (reply as Record<string, unknown>)[k];
      bytes += k.length + (typeof v === 'string' ? v.length : 8);
    }
    return { rows: 1, bytes };
  }
  return { rows: 0, bytes: 0 };
}

/** The record of a Redis command, or undefined for commands that touch no data (PING, SELECT, AUTH...). */
export function redisCommandRecord(command: string, args: readonly unknown[], reply: unknown): DataRecord | undefined {
  const name = command.toUpperCase();
  const cls = COMMANDS[name];
  if (cls === undefined) return undefined;
  const keys = redisKeys(cls, args);
  let op = name;
  if ((name === 'CONFIG' || name === 'ACL' || name === 'FUNCTION' || name === 'SCRIPT') && typeof asKey(args[0]) === 'string') {
    const sub = asKey(args[0])!.toUpperCase();
    if (/^[A-Z]{1,16}$/.test(sub)) op = `${name} ${sub}`;
    // CONFIG GET / ACL LIST / ACL WHOAMI ... read
    if (/^(GET|LIST|WHOAMI|USERS|GETUSER|CAT|LOG|DRYRUN|EXISTS|DUMP|STATS|HELP)$/.test(sub)) {
      const r: DataRecord = { event: 'audit.data_access', action: 'READ', outcome: 'success', system: 'redis', operation: op, summary: op };
      return r;
    }
    if (name === 'ACL' && (sub === 'SETUSER' || sub === 'DELUSER')) {
      const user = asKey(args[1]);
      const r: DataRecord = {
        event: 'audit.account_management',
        action: sub === 'DELUSER' ? 'DELETE' : 'UPDATE',
        outcome: 'success',
        system: 'redis',
        operation: op,
        summary: op,
        targetType: 'database.account',
      };
      if (user !== undefined) {
        r.targetId = user;
        r.targetPersonal = true;
      }
      return r;
    }
  }
  const patterns: string[] = [];
  for (const k of keys) {
    const p = redisKeyPattern(k);
    if (!patterns.includes(p)) patterns.push(p);
  }
  const r: DataRecord = {
    event: cls[2] ?? 'audit.data_access',
    action: cls[0],
    outcome: 'success',
    system: 'redis',
    operation: op,
    summary: patterns.length > 0 ? `${op} ${patterns.join(' ')}` : op,
  };
  if (keys.length > 0) {
    r.targetType = 'redis.key';
    r.targetId = keys[0]!;
    r.targetPersonal = true;
    if (keys.length > 1) r.affectedRows = keys.length;
    if (keys.some(redisKeyCanary)) r.canary = true;
  }
  // Inside MULTI a command's reply is QUEUED: its volume is unknown (EXEC carries the replies).
  if (reply !== undefined && reply !== 'QUEUED') {
    if (cls[0] === 'DELETE' && typeof reply === 'number') r.affectedRows = reply; // DEL, HDEL, SREM...: how many went
    else if (cls[0] === 'READ' || cls[0] === 'DELETE') {
      const v = replyVolume(reply);
      r.returnedRows = v.rows;
      r.bytes = v.bytes;
    }
  }
  return r;
}
