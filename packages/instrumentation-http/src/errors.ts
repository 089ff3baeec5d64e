/** A short, value-free class name for `error.type`: the error's code (`ECONNREFUSED`) or class name. */
export function errorName(e: unknown): string {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return code;
    const n = (e as { constructor?: { name?: unknown } }).constructor?.name ?? (e as { name?: unknown }).name;
    if (typeof n === 'string' && /^[A-Za-z0-9_$.]{1,64}$/.test(n)) return n;
  }
  return '_OTHER';
}
