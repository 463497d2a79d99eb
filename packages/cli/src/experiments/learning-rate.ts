import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { formatMeanStd, mean } from './statistics.js';
import type { TrainRunResult } from './train-run.js';

/** A run diverged when its loss became non-finite or it ended no better than chance. */
export function diverged(run: TrainRunResult): boolean {
  const finalAcc = run.valAcc[run.valAcc.length - 1] ?? Number.NaN;
  return run.loss.some((v) => !Number.isFinite(v)) || !(finalAcc > 0.6);
}

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const exponents = settings.quick ? [-3, 0] : [-4, -3, -2, -1, 0];
  const epochs = settings.quick ? 1 : 15;
  const rows: string[][] = [];
  const series: Record<string, number[]> = {};
  const findings: string[] = [];
  for (const normalization of ['batch', 'none'] as const) {
    const label = normalization === 'batch' ? 'with BN' : 'without BN';
    const accuracies: number[] = [];
    let firstDiverging: number | undefined;
    for (const exponent of exponents) {
      const learningRate = Number(`1e${exponent}`); // 1e-4, not 0.00009999999999999999
      const runs: TrainRunResult[] = [];
      for (const seed of settings.seeds) {
        settings.log(`learning-rate: ${label}, lr ${learningRate}, seed ${seed}`);
        runs.push(await settings.train({ normalization, seed, epochs, learningRate }));
      }
      const finalAcc = runs.map((r) =>
        diverged(r) ? Number.NaN : (r.valAcc[r.valAcc.length - 1] as number),
      );
      const divergedCount = runs.filter(diverged).length;
      if (divergedCount > runs.length / 2 && firstDiverging === undefined)
        firstDiverging = learningRate;
      accuracies.push(mean(runs.map((r) => r.valAcc[r.valAcc.length - 1] as number)));
      rows.push([
        label,
        String(learningRate),
        formatMeanStd(finalAcc),
        `${divergedCount} of ${runs.length}`,
      ]);
    }
    series[label] = accuracies;
    findings.push(
      firstDiverging === undefined
        ? `${label}: no learning rate up to ${Number(`1e${exponents[exponents.length - 1]}`)} diverged in most seeds.`
        : `${label}: most seeds diverge from learning rate ${firstDiverging}.`,
    );
  }
  return {
    name: 'learning-rate',
    title: 'Learning rate: does BN allow higher learning rates?',
    claim: 'Batch normalization allows much higher learning rates.',
    setup: `Adam learning rates ${exponents.map((e) => Number(`1e${e}`)).join(', ')}, ${epochs} epochs, batch 32, seeds ${settings.seeds.join(', ')}. A run diverged when its loss became non-finite or its final test accuracy is at most 0.6 (chance is 0.5).`,
    columns: ['model', 'learning rate', 'final test acc (diverged runs left out)', 'diverged'],
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
