/** The parts of mysql2's objects the hook touches (no dependency on mysql2). */
export interface Mysql2ConnectionLike {
  config?: { database?: string; host?: string; port?: number; socketPath?: string };
  _isMariaDB?: boolean;
}

export interface Mysql2CommandLike {
  sql?: string;
  values?: unknown;
  onResult?: AnyFn;
  emit?: AnyFn;
}

export type AnyFn = (...args: any[]) => any;
