/**
 * @bnkit/cli: the `bnkit` command, also callable from code.
 *
 * @packageDocumentation
 */
export { runCli, registerCommand, USAGE } from './run-cli.js';
export type { CliIO, CliCommand } from './run-cli.js';
export { CliArgumentError, CliUsageError } from './cli-error.js';
export { buildReferenceModel } from './reference-model.js';
export type { ReferenceModelOptions } from './reference-model.js';
export { ghostBatchSize, NORMALIZATIONS } from './network-options.js';
export type { Normalization } from './network-options.js';
export { referenceData } from './reference-data.js';
export type { ReferenceData } from './reference-data.js';
export {
  buildPaperNetwork,
  PAPER_INIT_STD,
  PAPER_LEARNING_RATE,
  PAPER_OPTIMIZER,
} from './paper-network.js';
export type { PaperNetwork, PaperNetworkOptions } from './paper-network.js';
export { registerBuiltinCommands } from './commands/register-commands.js';
