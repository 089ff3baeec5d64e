/**
 * AWS SDK for JavaScript v3: every client's `send` gets Auditel's middleware added to its stack
 * once (initialize step, high priority, so it sees the final outcome after retries). The middleware
 * records service, operation, region, resource (bucket, table, queue, secret, function, topic),
 * action, outcome, HTTP status and error code. Request and response payloads are never read.
 * The `Client` class lives in `@smithy/core` (client submodule) in current SDKs and in
 * `@smithy/smithy-client` in older ones; both are hooked.
 */
import { withoutOutgoingHttpAudit } from '@auditel/sdk';
import { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { wrapMethod, unwrapMethod, captureStart, recordSafely, hookActive } from '@auditel/data-audit';
import type { AuditelAwsSdkInstrumentationConfig } from './types.js';
import { callRecord } from './utils.js';

export const PACKAGE_NAME = '@auditel/instrumentation-aws-sdk';
export const PACKAGE_VERSION = '0.1.0';

type AnyFn = (...args: any[]) => any;
type Proto = Record<string, unknown>;

interface MiddlewareStackLike {
  add(mw: AnyFn, options: Record<string, unknown>): void;
}

interface ClientLike {
  middlewareStack?: MiddlewareStackLike;
  config?: { region?: unknown; serviceId?: string };
}

const ADDED = Symbol.for('auditel.aws-sdk.middleware');
const REGION = Symbol('auditel.aws-sdk.region');

async function regionOf(client: ClientLike): Promise<string | undefined> {
  const c = client as ClientLike & { [REGION]?: string };
  if (c[REGION] !== undefined) return c[REGION];
  const r = client.config?.region;
  try {
    const v = typeof r === 'function' ? await (r as () => Promise<unknown>)() : r;
    if (typeof v === 'string' && /^[a-z0-9-]{1,32}$/.test(v)) c[REGION] = v;
  } catch {
    // no region
  }
  return c[REGION];
}

function auditMiddleware(client: ClientLike): AnyFn {
  return (next: AnyFn, context: { clientName?: string; commandName?: string }) =>
    async (args: { input?: unknown }) => {
      if (!hookActive('aws-sdk')) return next(args);
      const start = captureStart();
      const service = String(context.clientName ?? client.config?.serviceId ?? 'Unknown').replace(/Client$/, '');
      const op = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      let out: { output?: { $metadata?: { httpStatusCode?: number; requestId?: string } } };
      try {
        // This record says more than an HTTP one would: the HTTP hook skips the SDK's own requests.
        out = await withoutOutgoingHttpAudit('aws-sdk', () => next(args));
      } catch (err) {
        const m = (err as { $metadata?: { httpStatusCode?: number; requestId?: string } } | null)?.$metadata;
        const region = await regionOf(client);
        recordSafely(start, () => callRecord(service, op, args.input, region, { err, statusCode: m?.httpStatusCode, requestId: m?.requestId }));
        throw err;
      }
      const m = out?.output?.$metadata;
      const region = await regionOf(client);
      recordSafely(start, () => callRecord(service, op, args.input, region, { statusCode: m?.httpStatusCode, requestId: m?.requestId }));
      return out;
    };
}

function patchSend(original: AnyFn): AnyFn {
  return function auditedSend(this: ClientLike, ...args: unknown[]): unknown {
    const stack = this.middlewareStack as (MiddlewareStackLike & { [ADDED]?: boolean }) | undefined;
    if (stack && !stack[ADDED] && typeof stack.add === 'function') {
      try {
        stack.add(auditMiddleware(this), { step: 'initialize', priority: 'high', name: 'auditelAuditMiddleware', override: true });
        stack[ADDED] = true;
      } catch {
        // a stack we do not understand: leave the client alone
      }
    }
    return original.apply(this, args);
  };
}

export class AuditelAwsSdkInstrumentation extends InstrumentationBase<AuditelAwsSdkInstrumentationConfig> {
  constructor(config: AuditelAwsSdkInstrumentationConfig = {}) {
    super(PACKAGE_NAME, PACKAGE_VERSION, config);
  }

  protected init() {
    const patch = (mod: unknown) => {
      const proto = clientProto(mod);
      if (proto) {
        wrapMethod(proto, 'send', (orig) => patchSend(orig as AnyFn));
      }
      return mod;
    };
    const unpatch = (mod: unknown) => {
      const proto = mod ? clientProto(mod) : undefined;
      if (proto) unwrapMethod(proto, 'send');
    };
    return [
      new InstrumentationNodeModuleDefinition('@smithy/core', ['*'], undefined, undefined, [
        new InstrumentationNodeModuleFile('@smithy/core/dist-cjs/submodules/client/index.js', ['*'], patch, unpatch),
        new InstrumentationNodeModuleFile('@smithy/core/dist-es/submodules/client/index.js', ['*'], patch, unpatch),
      ]),
      new InstrumentationNodeModuleDefinition('@smithy/smithy-client', ['>=1 <6'], patch, unpatch),
    ];
  }
}

function clientProto(mod: unknown): Proto | undefined {
  const m = mod as { Client?: { prototype?: Proto }; default?: { Client?: { prototype?: Proto } } };
  const p = m.Client?.prototype ?? m.default?.Client?.prototype;
  return p && typeof p.send === 'function' ? p : undefined;
}
