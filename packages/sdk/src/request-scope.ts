/**
 * The audit scope of the request being served: who the actor is and how much data the data layer
 * returned while serving it. The HTTP hook opens a scope per incoming request; database and SDK
 * hooks read the actor from it (so a SQL record names the user whose request caused it) and add
 * their row and byte counts to it (summed on the request's `audit.api_request` record).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuditActor, AuditSource } from '@auditel/api';

export interface RequestScope {
  actor: AuditActor | undefined;
  source: AuditSource | undefined;
  /** Rows returned by the data layer while serving this request. */
  rows: number;
  /** Bytes returned by the data layer while serving this request. */
  bytes: number;
  /** True when a canary record was touched while serving this request. */
  canary: boolean;
}

const KEY = Symbol.for('auditel.request-scope.v1');
const g = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestScope> | undefined>;
/** One storage per process, shared by every copy of this package. */
export const requestScopeStorage: AsyncLocalStorage<RequestScope> = g[KEY] ?? (g[KEY] = new AsyncLocalStorage<RequestScope>());

export function newRequestScope(): RequestScope {
  return { actor: undefined, source: undefined, rows: 0, bytes: 0, canary: false };
}

/** The scope of the request being served, if any. */
export function currentRequestScope(): RequestScope | undefined {
  return requestScopeStorage.getStore();
}

const SUPPRESS_KEY = Symbol.for('auditel.outgoing-http-suppression.v1');
const gs = globalThis as unknown as Record<symbol, AsyncLocalStorage<string> | undefined>;
/** Set while a hook that records a call at a higher level (the AWS SDK hook) performs it. */
const suppression: AsyncLocalStorage<string> = gs[SUPPRESS_KEY] ?? (gs[SUPPRESS_KEY] = new AsyncLocalStorage<string>());

/**
 * Runs `fn` so that the HTTP hook does not also record the HTTP calls it makes: `by` (the hook's
 * name) records that call itself, with more meaning (service, operation, resource).
 */
export function withoutOutgoingHttpAudit<T>(by: string, fn: () => T): T {
  return suppression.run(by, fn);
}

/** The hook that records the current outgoing call itself, if any. */
export function outgoingHttpAuditedBy(): string | undefined {
  return suppression.getStore();
}
