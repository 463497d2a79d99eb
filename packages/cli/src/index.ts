/**
 * @bnkit/cli: the `bnkit` command, also callable from code.
 *
 * @packageDocumentation
 */
export { runCli, registerCommand, USAGE } from './run-cli.js';
export type { CliIO, CliCommand } from './run-cli.js';
export { CliUsageError } from './cli-error.js';
