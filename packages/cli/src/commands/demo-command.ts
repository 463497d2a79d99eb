import { DEMO_HELP, parseDemoOptions } from '../demo/demo-options.js';
import { formatSummary } from '../demo/format-summary.js';
import { runDemo } from '../demo/run-demo.js';
import type { CliCommand } from '../run-cli.js';

/** `bnkit demo`: the reference pipeline end to end. */
export const demoCommand: CliCommand = {
  summary: 'Run the reference pipeline: data, BN model, training, plots, ONNX, report',
  help: DEMO_HELP,
  run: async (args, io) => {
    const options = parseDemoOptions(args);
    const summary = await runDemo(options, io.stdout);
    io.stdout(formatSummary(summary));
    return 0;
  },
};
