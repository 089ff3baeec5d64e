export { startFromEnvironment } from './start.js';
export { configFromEnv, parseKeyValueList, readConfigFile, AuditelEnvError } from './config-from-env.js';
export { enableHooks, hookFactories } from './hooks.js';
export type { AuditHook, AuditHookFactory } from './hooks.js';
