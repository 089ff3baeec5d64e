/**
 * The zero-code hooks the preload enables, in order. Each hook package (HTTP, databases, AWS SDK)
 * exports a factory; the preload calls enable() once Auditel has started. A hook emits records with
 * `audit()` from @auditel/api, so records from hooks are built (validated, redacted) exactly like
 * records from application code.
 */
import type { Auditel } from '@auditel/sdk';
import { hookOptions } from './config-from-env.js';
import { createHttpAuditHook } from '@auditel/instrumentation-http';
import { pgHook } from '@auditel/instrumentation-pg';
import { mysql2Hook } from '@auditel/instrumentation-mysql2';
import { redisHook } from '@auditel/instrumentation-redis';
import { awsSdkHook } from '@auditel/instrumentation-aws-sdk';

export interface AuditHook {
  /** Short name, e.g. `http`, `pg`; AUDITEL_DISABLED_HOOKS=http,pg turns hooks off. */
  readonly name: string;
  /** `options`: the hook's own section of AUDITEL_CONFIG (e.g. `http`), if any. */
  enable(auditel: Auditel, options?: unknown): void;
  disable?(): void;
}

export type AuditHookFactory = () => AuditHook;

/** Registered hook factories (hook packages are added here). */
export const hookFactories: AuditHookFactory[] = [
  createHttpAuditHook,
  pgHook,
  mysql2Hook,
  redisHook,
  awsSdkHook,
];

export function enableHooks(auditel: Auditel, env: NodeJS.ProcessEnv = process.env): AuditHook[] {
  const disabled = new Set((env.AUDITEL_DISABLED_HOOKS ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const enabled: AuditHook[] = [];
  for (const make of hookFactories) {
    try {
      const hook = make();
      if (disabled.has(hook.name)) continue;
      hook.enable(auditel, hookOptions(hook.name));
      enabled.push(hook);
    } catch (e) {
      auditel.diagnostics.report('hook', `a hook could not be enabled: ${(e as Error).message}`);
    }
  }
  return enabled;
}
