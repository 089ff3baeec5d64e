/**
 * `node --import @auditel/node/register app.mjs`: the ESM preload. Starts the same (CommonJS)
 * Auditel instance as `--require`, so an app mixing both gets one pipeline.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./register.js');
