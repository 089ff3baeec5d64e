/**
 * The `auditel` command line: `main(argv, io)` parses the subcommand from the command table
 * (src/commands/index.ts), runs it and returns the exit code (0 ok, 1 negative result such as a
 * broken store, 2 usage or I/O error). bin.ts wires it to the process.
 */
import { parseArgs } from 'node:util';
import { commands, findCommand } from './commands/index.js';
import { UsageError, type CliIO } from './context.js';

export { commands, findCommand } from './commands/index.js';
export type { Command, ParsedArgs } from './commands/index.js';
export { UsageError, storeDir } from './context.js';
export type { CliIO } from './context.js';
export { recordAccess } from './access.js';

const VERSION = '0.1.0';

function generalHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return `Usage: auditel <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run 'auditel help <command>' for a command's options. The store folder defaults to $AUDITEL_DIR,
else ./.auditel. Reading a store through this tool writes an audit.audit_log_access record into it.
`;
}

function defaultIO(io: Partial<CliIO>): CliIO {
  const full: CliIO = {
    stdout: io.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io.stderr ?? ((t) => void process.stderr.write(t)),
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
  };
  if (io.untilInterrupted) full.untilInterrupted = io.untilInterrupted;
  return full;
}

export async function main(argv: readonly string[], partialIO: Partial<CliIO> = {}): Promise<number> {
  const io = defaultIO(partialIO);
  const usage = (message: string, hint = "Run 'auditel --help' for usage."): number => {
    io.stderr(`auditel: ${message}\n${hint}\n`);
    return 2;
  };
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h') {
    (first === undefined ? io.stderr : io.stdout)(generalHelp());
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(VERSION + '\n');
    return 0;
  }
  if (first === 'help') {
    if (rest.length === 0) {
      io.stdout(generalHelp());
      return 0;
    }
    const c = findCommand(rest[0]!);
    if (!c || rest.length > 1) return usage(`unknown command '${rest.join(' ')}'`);
    io.stdout(c.usage);
    return 0;
  }
  if (first.startsWith('-')) return usage(`unknown option '${first}' (options go after the command)`);
  const command = findCommand(first);
  if (!command) return usage(`unknown command '${first}'`);
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usage(`${command.name}: ${(e as Error).message}`, `Run 'auditel help ${command.name}' for usage.`);
  }
  if (parsed.values.help === true) {
    io.stdout(command.usage);
    return 0;
  }
  try {
    return await command.run({ positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> }, io);
  } catch (e) {
    if (e instanceof UsageError) return usage(`${command.name}: ${e.message}`, `Run 'auditel help ${command.name}' for usage.`);
    io.stderr(`auditel ${command.name}: ${(e as Error).message}\n`);
    return 2;
  }
}
