#!/usr/bin/env node
// The `auditel` executable. This stub lives in the source tree, not in dist/, because npm links a
// package's bin when it installs it, before `npm run build` has written dist/, and skips a bin whose
// file does not exist yet: with the bin in dist/, `npx auditel` failed after `npm ci && npm test`.
'use strict';
try {
  require.resolve('../dist/bin.js');
} catch {
  process.stderr.write('auditel: @auditel/cli is not built (dist/bin.js is missing); from a clone, run `npm run build` first\n');
  process.exit(2);
}
require('../dist/bin.js');
