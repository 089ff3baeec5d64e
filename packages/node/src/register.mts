/**
 * `node --import @auditel/node/register app.mjs`: the ESM preload. Registers import-in-the-middle's
 * loader with its message channel (so only the modules hooks ask for go through it), then starts
 * the same (CommonJS) Auditel instance as `--require`, so an app mixing both gets one pipeline,
 * and waits until the loader knows every module the hooks asked for.
 */
import { createRequire, register } from 'node:module';

const require = createRequire(import.meta.url);
let waitForHooks: (() => Promise<void>) | undefined;
try {
  const { createAddHookMessageChannel } = require('import-in-the-middle') as typeof import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  (globalThis as Record<symbol, unknown>)[Symbol.for('auditel.esm.loader')] = true;
  waitForHooks = waitForAllMessagesAcknowledged;
} catch (e) {
  process.stderr.write(`[auditel] ESM imports cannot be hooked: ${(e as Error).message}\n`);
}
require('./register.js');
if (waitForHooks) await waitForHooks();
