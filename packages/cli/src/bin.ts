#!/usr/bin/env node
import { registerBuiltinCommands } from './commands/register-commands.js';
import { runCli } from './run-cli.js';

registerBuiltinCommands();

runCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(
      `bnkit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
