#!/usr/bin/env node
/** The `auditel` executable: runs main() with the process's arguments; SIGINT ends `tail -f` cleanly. */
import { main } from './index.js';

const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
main(process.argv.slice(2), { signal: stop.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`auditel: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
