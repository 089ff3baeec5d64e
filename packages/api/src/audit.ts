import type { AuditEvent, AuditReceipt } from './types.js';
import { getAuditSink } from './global.js';

export class AuditNotConfiguredError extends Error {
  override readonly name = 'AuditNotConfiguredError';
  constructor() {
    super('No Auditel SDK is registered, so the record cannot be made durable (start @auditel/sdk or preload @auditel/node/register)');
  }
}

export interface Audit {
  /** Fire-and-forget: records the event. Never throws; a no-op until an SDK is registered. */
  (event: AuditEvent): void;
  /**
   * Records the event and resolves with the receipt once the record is durable in the local store.
   * Rejects when it cannot be made durable (no SDK, failing disk, shut down): the fail-closed path.
   */
  commit(event: AuditEvent): Promise<AuditReceipt>;
}

function auditImpl(event: AuditEvent): void {
  const sink = getAuditSink();
  if (sink === undefined) return;
  try {
    sink.record(event);
  } catch {
    // The sink reports its own failures; the host application never sees one.
  }
}

export const audit: Audit = Object.assign(auditImpl, {
  commit(event: AuditEvent): Promise<AuditReceipt> {
    const sink = getAuditSink();
    if (sink === undefined) return Promise.reject(new AuditNotConfiguredError());
    try {
      return sink.commit(event);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
});

/** Resolves once every record emitted so far is durable (or reported lost). */
export function flush(): Promise<void> {
  const sink = getAuditSink();
  if (sink === undefined) return Promise.resolve();
  try {
    return sink.flush().catch(() => undefined);
  } catch {
    return Promise.resolve();
  }
}
