import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-error.js';
import { PACKAGE_VERSION } from './package-version.js';

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
 * Runs the `bnkit` command line and resolves to its exit status: 0 on success, 2 for a usage
 * mistake (printed as one line on stderr), 1 for a failure while running.
 *
 * @example
 * const status = await runCli(['--version']);
 */
export async function runCli(argv: string[], io: CliIO = defaultIO): Promise<number> {
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
    if (error instanceof CliUsageError || isNodeParseArgsError(error)) {
      io.stderr(`bnkit: ${(error as Error).message}\n`);
      return 2;
    }
    throw error;
  }
}

function isNodeParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}
