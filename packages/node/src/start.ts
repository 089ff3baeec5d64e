/**
 * The zero-code start: configuration from the environment, then Auditel with its own
 * LoggerProvider. Never throws into the application: a bad configuration is reported on stderr and
 * Auditel stays off, unless AUDITEL_FAIL_CLOSED=true, which then stops the process (exit code 78)
 * rather than let it run unaudited.
 */
import { startAuditel, type Auditel } from '@auditel/sdk';
import { configFromEnv } from './config-from-env.js';
import { enableHooks } from './hooks.js';

const KEY = Symbol.for('auditel.node.started');
const g = globalThis as unknown as Record<symbol, Auditel | null | undefined>;

/** Starts Auditel once per process; later calls return the same instance (or undefined when it could not start). */
export function startFromEnvironment(env: NodeJS.ProcessEnv = process.env): Auditel | undefined {
  if (g[KEY] !== undefined) return g[KEY] ?? undefined;
  if (env.AUDITEL_DISABLED === 'true') {
    g[KEY] = null;
    return undefined;
  }
  try {
    const auditel = startAuditel(configFromEnv(env));
    g[KEY] = auditel;
    enableHooks(auditel, env);
    return auditel;
  } catch (e) {
    g[KEY] = null;
    process.stderr.write(`[auditel] not started: ${(e as Error).message}\n`);
    if (env.AUDITEL_FAIL_CLOSED === 'true') {
      process.stderr.write('[auditel] AUDITEL_FAIL_CLOSED=true: exiting rather than running unaudited\n');
      process.exit(78);
    }
    return undefined;
  }
}
