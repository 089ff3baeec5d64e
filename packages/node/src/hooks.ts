/**
 * The zero-code hooks the preload enables, in order. Each hook package (HTTP, databases, AWS SDK)
 * exports a factory; the preload calls enable() once Auditel has started. A hook emits records with
 * `audit()` from @auditel/api, so records from hooks are built (validated, redacted) exactly like
 * records from application code.
 */
import type { Auditel } from '@auditel/sdk';

export interface AuditHook {
  /** Short name, e.g. `http`, `pg`; AUDITEL_DISABLED_HOOKS=http,pg turns hooks off. */
  readonly name: string;
  enable(auditel: Auditel): void;
  disable?(): void;
}

export type AuditHookFactory = () => AuditHook;

/** Registered hook factories (hook packages are added here). */
export const hookFactories: AuditHookFactory[] = [];

export function enableHooks(auditel: Auditel, env: NodeJS.ProcessEnv = process.env): AuditHook[] {
  const disabled = new Set((env.AUDITEL_DISABLED_HOOKS ?? '').split(',').map((s) => s.trim()).filter(Boolean));
  const enabled: AuditHook[] = [];
  for (const make of hookFactories) {
    try {
      const hook = make();
      if (disabled.has(hook.name)) continue;
      hook.enable(auditel);
      enabled.push(hook);
    } catch (e) {
      auditel.diagnostics.report('hook', `a hook could not be enabled: ${(e as Error).message}`);
    }
  }
  return enabled;
}
