import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-error.js';
import { PACKAGE_VERSION } from './package-version.js';
import { userMistakeMessage } from './user-mistake.js';

/** Where the CLI writes; tests pass their own to capture output. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const defaultIO: CliIO = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** A subcommand: its one-line summary, full help, and what it does. */
export interface CliCommand {
  summary: string;
  help: string;
  run: (args: string[], io: CliIO) => Promise<number>;
}

const commands = new Map<string, CliCommand>();

export const USAGE = `Usage: bnkit <command> [options]

Batch normalization, first-class for TensorFlow.js.

Options:
  -h, --help     Show this help, or a command's help after its name
  -v, --version  Print the version of @bnkit/cli
  --debug        On a failure, print the stack trace (anywhere on the line)

Exit status: 0 on success, 2 for a mistake in the command (one line on stderr), 1 when bnkit
itself fails (one line; --debug prints the stack).
`;

function usage(): string {
  if (commands.size === 0) return USAGE;
  const width = Math.max(...[...commands.keys()].map((name) => name.length));
  const lines = [...commands].map(
    ([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`,
  );
  return `${USAGE}\nCommands:\n${lines.join('\n')}\n`;
}

/**
 * Adds a subcommand. The packages' issues each add theirs (demo, export, experiment).
 *
 * @example
 * registerCommand('hello', { summary: 'Say hello', help: 'Usage: bnkit hello', run: async (_a, io) => { io.stdout('hi\n'); return 0; } });
 */
export function registerCommand(name: string, command: CliCommand): void {
  commands.set(name, command);
}

/**
 * Runs the `bnkit` command line and resolves to its exit status: 0 on success, 2 for a user
 * mistake (a usage error, a bad value, a path that cannot be used, a missing optional package:
 * one line on stderr), 1 when bnkit itself fails (one line; `--debug` adds the stack).
 *
 * @example
 * const status = await runCli(['--version']);
 */
export async function runCli(rawArgv: string[], io: CliIO = defaultIO): Promise<number> {
  const debug = rawArgv.includes('--debug');
  const argv = rawArgv.filter((arg) => arg !== '--debug');
  try {
    const [first, ...rest] = argv;
    if (first === undefined || first.startsWith('-')) {
      const { values } = parseArgs({
        args: argv,
        options: {
          help: { type: 'boolean', short: 'h' },
          version: { type: 'boolean', short: 'v' },
        },
        strict: true,
      });
      if (values.version) {
        io.stdout(`${PACKAGE_VERSION}\n`);
        return 0;
      }
      io.stdout(usage());
      return values.help ? 0 : first === undefined ? 2 : 0;
    }
    const command = commands.get(first);
    if (!command) {
      const known = [...commands.keys()];
      throw new CliUsageError(
        `unknown command "${first}"; ${known.length ? `available: ${known.join(', ')}` : 'no command is available yet'} (see bnkit --help)`,
      );
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    const mistake = userMistakeMessage(error);
    const stack = debug && error instanceof Error && error.stack ? `\n${error.stack}` : '';
    if (mistake !== undefined) {
      io.stderr(`bnkit: ${oneLine(mistake)}${stack}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    const hint = debug ? '' : ' (run again with --debug for the stack trace)';
    io.stderr(`bnkit: ${oneLine(message)}${hint}${stack}\n`);
    return 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
