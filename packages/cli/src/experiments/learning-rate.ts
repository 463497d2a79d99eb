import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { capitalize, formatMeanStd, mean } from './statistics.js';
import type { TrainRunResult } from './train-run.js';

/**
 * A run failed when its loss became non-finite (it diverged) or it ended at or below `threshold`
 * test accuracy (it diverged, or it did not learn in the epochs given).
 */
export function diverged(run: TrainRunResult, threshold = 0.6): boolean {
  const finalAcc = run.valAcc[run.valAcc.length - 1] ?? Number.NaN;
  return run.loss.some((v) => !Number.isFinite(v)) || !(finalAcc > threshold);
}

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const problem = settings.problem;
  const exponents = settings.quick
    ? problem.quickLearningRateExponents
    : problem.learningRateExponents;
  const isDiverged = (r: TrainRunResult) => diverged(r, problem.divergedAtOrBelow);
  const epochs = settings.quick ? 1 : 15;
  const rows: string[][] = [];
  const series: Record<string, number[]> = {};
  const findings: string[] = [];
  for (const normalization of ['batch', 'none'] as const) {
    const label = normalization === 'batch' ? 'with BN' : 'without BN';
    const accuracies: number[] = [];
    let firstDiverging: number | undefined;
    const trained: number[] = [];
    let nonFinite = 0;
    let total = 0;
    for (const exponent of exponents) {
      const learningRate = Number(`1e${exponent}`); // 1e-4, not 0.00009999999999999999
      const runs: TrainRunResult[] = [];
      for (const seed of settings.seeds) {
        settings.log(`learning-rate: ${label}, lr ${learningRate}, seed ${seed}`);
        runs.push(
          await settings.train({
            problem: problem.name,
            normalization,
            seed,
            epochs,
            learningRate,
          }),
        );
      }
      const finalAcc = runs.map((r) =>
        isDiverged(r) ? Number.NaN : (r.valAcc[r.valAcc.length - 1] as number),
      );
      const divergedCount = runs.filter(isDiverged).length;
      const nonFiniteCount = runs.filter((r) => r.loss.some((v) => !Number.isFinite(v))).length;
      nonFinite += nonFiniteCount;
      total += runs.length;
      if (divergedCount <= runs.length / 2) trained.push(learningRate);
      if (divergedCount > runs.length / 2 && firstDiverging === undefined)
        firstDiverging = learningRate;
      accuracies.push(mean(runs.map((r) => r.valAcc[r.valAcc.length - 1] as number)));
      rows.push([
        label,
        String(learningRate),
        formatMeanStd(finalAcc, 3, 'failed'),
        `${divergedCount} of ${runs.length}`,
        `${nonFiniteCount} of ${runs.length}`,
      ]);
    }
    series[label] = accuracies;
    findings.push(
      `${
        firstDiverging === undefined
          ? `${label}: no learning rate up to ${Number(`1e${exponents[exponents.length - 1]}`)} failed in most seeds`
          : `${label}: most seeds fail from learning rate ${firstDiverging}`
      }; most seeds train at ${trained.length === 0 ? 'none of the rates tried' : trained.join(', ')}; ${nonFinite} of ${total} runs ended with a non-finite loss.`,
    );
  }
  return {
    name: 'learning-rate',
    title: 'Learning rate: does BN allow higher learning rates?',
    claim: 'Batch normalization allows much higher learning rates.',
    setup: `${capitalize(problem.model)} on ${problem.data}; ${problem.optimizer} learning rates ${exponents.map((e) => Number(`1e${e}`)).join(', ')}, ${epochs} epochs, batch 32, seeds ${settings.seeds.join(', ')}. A run failed when its loss became non-finite or its final test accuracy is at most ${problem.divergedAtOrBelow} (chance is ${problem.chance}): it diverged, or did not learn in ${epochs} epochs.`,
    columns: [
      'model',
      'learning rate',
      'final test acc (failed runs left out)',
      'failed',
      'loss not finite',
    ],
    rows,
    charts: [
      {
        file: 'learning-rate',
        title: 'Final test accuracy by learning rate',
        xLabel: 'log10(learning rate)',
        yLabel: 'Final test accuracy',
        x: exponents,
        series,
      },
    ],
    findings,
  };
}

export const learningRateExperiment: Experiment = {
  name: 'learning-rate',
  summary: 'A sweep of learning rates with and without BN: where each diverges',
  run,
};
