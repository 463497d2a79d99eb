#!/usr/bin/env node
import { registerBuiltinCommands } from './commands/register-commands.js';
import { runCli } from './run-cli.js';

registerBuiltinCommands();

// runCli turns every error into an exit status and one line on stderr; this catch is for a
// failure of that reporting itself.
runCli(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`bnkit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
