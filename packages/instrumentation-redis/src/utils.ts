import { redisCommandRecord, type DataRecord } from '@auditel/data-audit';

export function errorType(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; message?: unknown } | null;
  if (e && typeof e.code === 'string' && /^[A-Za-z0-9_]{1,32}$/.test(e.code)) return e.code;
  // Redis error replies start with an upper-case code: "WRONGTYPE ...", "NOPERM ...", "ERR ..."
  if (e && typeof e.message === 'string') {
    const m = /^([A-Z][A-Z_]{1,31})\b/.exec(e.message);
    if (m) return m[1]!;
  }
  if (e && typeof e.name === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(e.name)) return e.name;
  return 'Error';
}

/** The record of one finished command; undefined for commands that touch no data. */
export function commandRecord(
  name: string,
  args: readonly unknown[],
  err: unknown,
  reply: unknown,
  server: { address?: string | undefined; port?: number | undefined; db?: number | undefined },
): DataRecord | undefined {
  const rec = redisCommandRecord(name, args, err ? undefined : reply);
  if (rec === undefined) return undefined;
  if (err) {
    rec.outcome = 'failure';
    rec.errorType = errorType(err);
    rec.statusCode = rec.errorType;
  }
  if (server.address) rec.serverAddress = server.address;
  if (server.port) rec.serverPort = server.port;
  if (server.db !== undefined) rec.namespace = String(server.db);
  return rec;
}
