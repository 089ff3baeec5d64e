import { makeHook, type AuditHookLike } from '@auditel/data-audit';
import { AuditelMysql2Instrumentation } from './instrumentation.js';
import { subscribeChannels } from './channels.js';

export { AuditelMysql2Instrumentation, PACKAGE_NAME, PACKAGE_VERSION } from './instrumentation.js';
export type { AuditelMysql2InstrumentationConfig } from './types.js';
export { subscribeChannels, unsubscribeChannels } from './channels.js';

/** The preload's hook (registered in @auditel/node hooks.ts); AUDITEL_DISABLED_HOOKS=mysql2 turns it off. */
export function mysql2Hook(): AuditHookLike {
  return makeHook('mysql2', ['mysql2'], () => {
    // Under `--import` (ES modules), mysql2/promise loads mysql2's core where no hook reaches:
    // the tracing channels cover it. CommonJS apps are fully covered by the wrappers, and are
    // spared the channels' cost and their side effect (mysql2 adds an 'error' listener per traced call).
    if ((globalThis as Record<symbol, unknown>)[Symbol.for('auditel.esm.loader')] === true) subscribeChannels();
    return new AuditelMysql2Instrumentation();
  });
}
