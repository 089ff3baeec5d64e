/**
 * STUB: the OTLP shipper is being written (see docs/STORE.md for the store it reads).
 */
import type { RecordAttributes } from '@auditel/api';
import type { Diagnostics } from '../diagnostics.js';

export interface ShipperOptions {
  dir: string;
  url: string;
  path: string;
  headers: Record<string, string>;
  batchSize: number;
  intervalMs: number;
  timeoutMs: number;
  maxBackoffMs: number;
  diagnostics: Diagnostics;
  /** Records the shipper's own failures (`failure`) and recoveries (`success`) as audit records. */
  record(outcome: 'success' | 'failure', attrs: RecordAttributes): void;
}

export class Shipper {
  readonly stats = { shipped: 0, failures: 0 };
  constructor(readonly options: ShipperOptions) {}
  start(): void {}
  async stop(): Promise<void> {}
  stopSync(): void {}
}
