/** What a command gets: output streams, environment, working folder, and a way to learn of Ctrl-C. */
import * as path from 'node:path';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  /** Standard input (default process.stdin). */
  stdin?: NodeJS.ReadableStream & import('node:stream').Readable;
  cwd: string;
  /**
   * Called by a command that runs until interrupted (`tail -f`): returns a signal aborted on
   * SIGINT/SIGTERM. bin.ts installs its handlers only then, so Ctrl-C ends other commands at once.
   */
  untilInterrupted?: () => AbortSignal;
}

/** A wrong command line: printed with a hint, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The store folder: the positional argument, else AUDITEL_DIR, else ./.auditel. */
export function storeDir(positionals: string[], io: CliIO): string {
  if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.length}: ${positionals.join(' ')}`);
  return path.resolve(io.cwd, positionals[0] ?? io.env.AUDITEL_DIR ?? './.auditel');
}
