/**
 * `node --require @auditel/node/register app.js`: starts Auditel from the environment before the
 * application's own code runs.
 */
import { startFromEnvironment } from './start.js';

startFromEnvironment();
