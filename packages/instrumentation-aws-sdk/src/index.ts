import { makeHook, type AuditHookLike } from '@auditel/data-audit';
import { AuditelAwsSdkInstrumentation } from './instrumentation.js';

export { AuditelAwsSdkInstrumentation, PACKAGE_NAME, PACKAGE_VERSION } from './instrumentation.js';
export type { AuditelAwsSdkInstrumentationConfig } from './types.js';
export { resourcesOf } from './utils.js';

/** The preload's hook (registered in @auditel/node hooks.ts); AUDITEL_DISABLED_HOOKS=aws-sdk turns it off. */
export function awsSdkHook(): AuditHookLike {
  return makeHook('aws-sdk', ['aws-sdk'], () => new AuditelAwsSdkInstrumentation());
}
