import { makeHook, type AuditHookLike } from '@auditel/data-audit';
import { AuditelMysql2Instrumentation } from './instrumentation.js';
import { subscribeChannels } from './channels.js';

export { AuditelMysql2Instrumentation, PACKAGE_NAME, PACKAGE_VERSION } from './instrumentation.js';
export type { AuditelMysql2InstrumentationConfig } from './types.js';
export { subscribeChannels, unsubscribeChannels } from './channels.js';

/** The preload's hook (registered in @auditel/node hooks.ts); AUDITEL_DISABLED_HOOKS=mysql2 turns it off. */
export function mysql2Hook(): AuditHookLike {
  return makeHook('mysql2', ['mysql2'], () => {
    subscribeChannels();
    return new AuditelMysql2Instrumentation();
  });
}
