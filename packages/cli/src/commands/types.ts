import type { ParseArgsOptionsConfig } from 'node:util';
import type { CliIO } from '../context.js';

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
}

/** One `auditel` subcommand. Add a file under src/commands/ and a row in the table in index.ts. */
export interface Command {
  name: string;
  /** One line for `auditel --help`. */
  summary: string;
  /** Full text for `auditel help NAME`. */
  usage: string;
  options: ParseArgsOptionsConfig;
  /** Returns the exit code: 0 ok, 1 the command's negative result, 2 usage or I/O error. */
  run(args: ParsedArgs, io: CliIO): Promise<number>;
}
