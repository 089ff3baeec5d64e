#!/usr/bin/env node
/** The `auditel` executable: runs main() with the process's arguments and sets the exit code. */
import { main } from './index.js';

/** Only a command that runs until interrupted (tail -f) catches SIGINT/SIGTERM, to end cleanly. */
function untilInterrupted(): AbortSignal {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  return stop.signal;
}

main(process.argv.slice(2), { untilInterrupted }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`auditel: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
