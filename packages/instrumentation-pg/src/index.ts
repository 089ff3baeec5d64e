import { makeHook, type AuditHookLike } from '@auditel/data-audit';
import { AuditelPgInstrumentation } from './instrumentation.js';

export { AuditelPgInstrumentation, PACKAGE_NAME, PACKAGE_VERSION } from './instrumentation.js';
export type { AuditelPgInstrumentationConfig } from './types.js';

/** The preload's hook (registered in @auditel/node hooks.ts); AUDITEL_DISABLED_HOOKS=pg turns it off. */
export function pgHook(): AuditHookLike {
  return makeHook('pg', ['pg'], () => new AuditelPgInstrumentation());
}
