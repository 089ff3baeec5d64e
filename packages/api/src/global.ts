/**
 * The process-wide registration slot, shared by every copy of this package (CJS and ESM, or two
 * versions side by side), the way @opentelemetry/api keeps its globals.
 */
import type { AuditSink } from './types.js';

const KEY = Symbol.for('auditel.api.sink.v1');

interface Slot {
  sink: AuditSink | undefined;
}

const g = globalThis as unknown as Record<symbol, Slot | undefined>;
const slot: Slot = g[KEY] ?? (g[KEY] = { sink: undefined });

/** The registered sink, or undefined while no SDK is registered. */
export function getAuditSink(): AuditSink | undefined {
  return slot.sink;
}

/** Registers an SDK's sink. First registration wins; returns false when another sink is active. */
export function setAuditSink(sink: AuditSink): boolean {
  if (slot.sink !== undefined && slot.sink !== sink) return false;
  slot.sink = sink;
  return true;
}

/** Unregisters `sink` (on SDK shutdown). */
export function clearAuditSink(sink: AuditSink): void {
  if (slot.sink === sink) slot.sink = undefined;
}
