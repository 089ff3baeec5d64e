import { makeHook, type AuditHookLike } from '@auditel/data-audit';
import { AuditelRedisInstrumentation } from './instrumentation.js';

export { AuditelRedisInstrumentation, PACKAGE_NAME, PACKAGE_VERSION } from './instrumentation.js';
export type { AuditelRedisInstrumentationConfig } from './types.js';

/** The preload's hook (registered in @auditel/node hooks.ts); AUDITEL_DISABLED_HOOKS=redis turns it off. */
export function redisHook(): AuditHookLike {
  return makeHook('redis', ['ioredis', 'redis'], () => new AuditelRedisInstrumentation());
}
