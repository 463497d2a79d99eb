import { registerCommand } from '../run-cli.js';
import { demoCommand } from './demo-command.js';
import { experimentCommand } from './experiment-command.js';
import { exportCommand } from './export-command.js';

/** Adds bnkit's own subcommands; idempotent. */
export function registerBuiltinCommands(): void {
  registerCommand('demo', demoCommand);
  registerCommand('export', exportCommand);
  registerCommand('experiment', experimentCommand);
}
