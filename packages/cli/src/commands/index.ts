/**
 * The command table. A new command (e.g. `redact`, `hash`) is one file under src/commands/ that
 * exports a `Command`, plus one row here; help and argument parsing come from the table.
 */
import type { Command } from './types.js';
import { verifyCommand } from './verify.js';
import { tailCommand } from './tail.js';
import { redactCommand } from './redact.js';
import { hashCommand } from './hash.js';
import { collectorConfigCommand } from './collector-config.js';

export const commands: readonly Command[] = [verifyCommand, tailCommand, hashCommand, redactCommand, collectorConfigCommand];

export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}

export type { Command, ParsedArgs } from './types.js';
