/**
 * The shape the preload's hook registry (@auditel/node hooks.ts) expects, and a helper that turns
 * an instrumentation class into one: created (and so enabled) only when the preload enables it.
 */
import type { Auditel } from '@auditel/sdk';
import { getDataAuditConfig } from './config.js';
import { setServiceActor } from './record.js';
import { standDown, type Lib } from './span-mode.js';

export interface AuditHookLike {
  readonly name: string;
  enable(auditel: Auditel): void;
  disable(): void;
}

interface Enableable {
  enable(): void;
  disable(): void;
}

export function makeHook(name: string, libs: Lib[], create: () => Enableable): AuditHookLike {
  let inst: Enableable | undefined;
  return {
    name,
    enable(auditel: Auditel): void {
      setServiceActor(auditel.config.serviceName);
      if (getDataAuditConfig().mode === 'spans') {
        for (const l of libs) standDown(l);
        return;
      }
      if (inst === undefined) inst = create();
      else inst.enable();
    },
    disable(): void {
      inst?.disable();
    },
  };
}
