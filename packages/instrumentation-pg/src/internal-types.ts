/** The parts of pg's objects the hook touches (no dependency on pg or @types/pg). */
export interface PgClientLike {
  database?: string;
  host?: string;
  port?: number;
  connectionParameters?: { database?: string; host?: string; port?: number };
}

export interface PgResultLike {
  command?: string;
  rowCount?: number | null;
  rows?: unknown[];
}

export interface PgSubmittableLike {
  submit(connection: unknown): void;
  text?: string;
  values?: unknown[];
  handleDataRow?(msg: unknown): void;
  handleCommandComplete?(msg: { text?: string }, connection: unknown): void;
  handleError?(err: Error, connection: unknown): void;
  handleReadyForQuery?(connection: unknown): void;
}

export type AnyFn = (...args: any[]) => any;
