/**
 * The factory the @auditel/node preload registers: `http` hook, configured by the `http` section
 * of AUDITEL_CONFIG. In `spans` mode it subscribes nothing (records come from AuditSpanProcessor).
 */
import type { Auditel } from '@auditel/sdk';
import { HttpAuditInstrumentation } from './instrumentation.js';
import type { HttpAuditConfig } from './types.js';

/** Structurally the AuditHook of @auditel/node (kept here so this package does not depend on it). */
export interface HttpAuditHook {
  readonly name: 'http';
  enable(auditel: Auditel, options?: unknown): void;
  disable(): void;
  readonly instrumentation: HttpAuditInstrumentation | undefined;
}

export function createHttpAuditHook(): HttpAuditHook {
  let instrumentation: HttpAuditInstrumentation | undefined;
  return {
    name: 'http',
    get instrumentation() {
      return instrumentation;
    },
    enable(auditel: Auditel, options?: unknown) {
      const config = (options && typeof options === 'object' ? options : {}) as HttpAuditConfig;
      if (config.mode === 'off' || config.mode === 'spans') return;
      instrumentation = new HttpAuditInstrumentation({
        ...config,
        otlpUrl: auditel.config.shipping ? auditel.config.shipping.url : undefined,
        serviceName: auditel.config.serviceName,
        report: (kind, message) => auditel.diagnostics.report(`http.${kind}`, message),
      });
      instrumentation.enable();
    },
    disable() {
      instrumentation?.disable();
      instrumentation = undefined;
    },
  };
}
