/**
 * The command table. A new command (e.g. `redact`, `hash`) is one file under src/commands/ that
 * exports a `Command`, plus one row here; help and argument parsing come from the table.
 */
import type { Command } from './types.js';
import { verifyCommand } from './verify.js';
import { tailCommand } from './tail.js';

export const commands: readonly Command[] = [verifyCommand, tailCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

export type { Command, ParsedArgs } from './types.js';
