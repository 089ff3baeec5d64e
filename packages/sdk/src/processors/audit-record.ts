import type { ReadWriteLogRecord } from '@opentelemetry/sdk-logs';

/** Records Auditel's processors handle: EventName in the `audit.*` namespace. Other log records pass untouched. */
export function isAuditRecord(r: ReadWriteLogRecord): boolean {
  const n = r.eventName;
  return typeof n === 'string' && n.startsWith('audit.');
}
