import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { registerLayers } from '@bnkit/layers';
import { CliUsageError } from '../cli-error.js';
import { choiceFlag, integerFlag } from '../flag-values.js';
import { BACKEND_CHOICES, selectBackend } from '../select-backend.js';
import type { CliCommand, CliIO } from '../run-cli.js';
import type { ExperimentResult } from '../experiments/experiment.js';
import { EXPERIMENTS } from '../experiments/registry.js';
import { trainRun } from '../experiments/train-run.js';
import { experimentMarkdown, writeExperiment } from '../experiments/write-experiment.js';

const NAMES = EXPERIMENTS.map((e) => e.name);

const HELP = `Usage: bnkit experiment <name|all> [options]

Measures one claim about batch normalization on the reference data (make_classification,
random_state 42), repeated over several seeds (weights and batch order), and writes a table
(markdown and HTML) with means and spreads, and plots (SVG and PNG).

Experiments:
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(16)} ${e.summary}`).join('\n')}
  ${'all'.padEnd(16)} every experiment above, and summary.md

Options:
  --seeds <n>        seeds per setting (default 3; --quick: 1)
  --quick            a small version (fewer settings and epochs), as the tests run
  --out <dir>        where to write (default ./bnkit-out/experiments)
  --backend <name>   tfjs backend: ${BACKEND_CHOICES.join(', ')} (default auto)
  -h, --help         show this help
`;

async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      seeds: { type: 'string' },
      quick: { type: 'boolean' },
      out: { type: 'string' },
      backend: { type: 'string' },
    },
  });
  const name = positionals[0];
  if (positionals.length !== 1 || name === undefined || (name !== 'all' && !NAMES.includes(name))) {
    throw new CliUsageError(
      `experiment takes one name: ${[...NAMES, 'all'].join(', ')}; got ${positionals.length === 0 ? 'none' : JSON.stringify(positionals.join(' '))}`,
    );
  }
  const quick = values.quick === true;
  const seedCount = integerFlag('seeds', values.seeds, quick ? 1 : 3, 1, 100);
  const backend = await selectBackend(
    choiceFlag('backend', values.backend, 'auto', BACKEND_CHOICES),
  );
  registerLayers();
  const out = path.resolve(values.out ?? path.join('bnkit-out', 'experiments'));
  fs.mkdirSync(out, { recursive: true });
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const chosen = name === 'all' ? EXPERIMENTS : EXPERIMENTS.filter((e) => e.name === name);
  const results: ExperimentResult[] = [];
  for (const experiment of chosen) {
    const started = Date.now();
    io.stdout(
      `experiment ${experiment.name} (${quick ? 'quick, ' : ''}${seedCount} seed${seedCount > 1 ? 's' : ''}, tfjs ${backend})\n`,
    );
    const result = await experiment.run({
      quick,
      seeds,
      log: (line) => io.stdout(`  ${line}\n`),
      train: trainRun,
    });
    const files = await writeExperiment(out, result);
    results.push(result);
    io.stdout(`${result.findings.map((f) => `  -> ${f}`).join('\n')}\n`);
    io.stdout(
      `  wrote ${path.relative(process.cwd(), files[0] as string)} and ${files.length - 1} more files in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  }
  if (name === 'all') {
    const summary = path.join(out, 'summary.md');
    fs.writeFileSync(
      summary,
      `# bnkit experiments\n\ntfjs backend ${backend}; seeds ${seeds.join(', ')}${quick ? '; quick settings' : ''}.\n\n${results.map(experimentMarkdown).join('\n')}`,
    );
    io.stdout(`wrote ${path.relative(process.cwd(), summary)}\n`);
  }
  return 0;
}

/** `bnkit experiment`: BN's claims measured on the reference data. */
export const experimentCommand: CliCommand = {
  summary:
    "Measure BN's claims (speed, learning rate, initialization, batch size, covariate shift)",
  help: HELP,
  run,
};
