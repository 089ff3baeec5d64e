export { HttpAuditInstrumentation } from './instrumentation.js';
export type { HttpAuditOptions } from './instrumentation.js';
export { createHttpAuditHook } from './hook.js';
export type { HttpAuditHook } from './hook.js';
export { AuditSpanProcessor, auditelRequestHook } from './span-processor.js';
export type { AuditSpanProcessorOptions } from './span-processor.js';
export { HttpPolicy } from './policy.js';
export { templatePath, actionFromMethod, clientAddress, parseForwarded, truncateIp, jwtSubject, basicUser } from './utils.js';
export type { HttpAuditConfig, ClientAddressPolicy, IdentityExtractor, IdentityConfig, RequestRule } from './types.js';
