import { NORMALIZATIONS } from '../network-options.js';
import type { Normalization } from '../network-options.js';
import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { capitalize, formatMeanStd, mean } from './statistics.js';

const LABELS: Record<Normalization, string> = {
  batch: 'BN',
  renorm: 'Batch Renorm',
  ghost: 'Ghost BN',
  group: 'GroupNorm',
  none: 'none',
};

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const exponents = settings.quick ? [3, 5] : [1, 2, 3, 4, 5, 6];
  const epochs = settings.quick ? 1 : 8;
  const problem = settings.problem;
  const rows: string[][] = [];
  const series: Record<string, number[]> = {};
  const atSmallest: Record<string, number> = {};
  for (const normalization of NORMALIZATIONS) {
    const label = LABELS[normalization];
    const accuracies: number[] = [];
    for (const exponent of exponents) {
      const batchSize = 2 ** exponent;
      const finalAcc: number[] = [];
      const seconds: number[] = [];
      for (const seed of settings.seeds) {
        settings.log(`batch-size: ${label}, batch ${batchSize}, seed ${seed}`);
        const result = await settings.train({
          problem: problem.name,
          normalization,
          seed,
          epochs,
          batchSize,
        });
        finalAcc.push(result.valAcc[result.valAcc.length - 1] as number);
        seconds.push(result.seconds);
      }
      accuracies.push(mean(finalAcc));
      rows.push([label, String(batchSize), formatMeanStd(finalAcc), formatMeanStd(seconds, 1)]);
    }
    series[label] = accuracies;
    atSmallest[label] = accuracies[0] as number;
  }
  const smallest = 2 ** (exponents[0] as number);
  const ranking = Object.entries(atSmallest)
    .sort((a, b) => b[1] - a[1])
    .map(([label, acc]) => `${label} ${acc.toFixed(3)}`)
    .join(', ');
  return {
    name: 'batch-size',
    title: 'Batch size: BN with small batches, and its fixes',
    claim:
      'Batch normalization suffers with small batches; batch renormalization, ghost BN and group normalization address it.',
    setup: `${capitalize(problem.model)} on ${problem.data}; batch sizes ${exponents.map((e) => 2 ** e).join(', ')}, ${epochs} epochs, ${problem.optimizer} ${problem.learningRate}, seeds ${settings.seeds.join(', ')}. Batch Renorm: rmax 3, dmax 5. Ghost BN: ghost batches of a quarter of the batch (at least 2). GroupNorm: ${problem.groups}.`,
    columns: ['normalization', 'batch size', 'final test acc', 'seconds'],
    rows,
    charts: [
      {
        file: 'batch-size',
        title: 'Final test accuracy by batch size',
        xLabel: 'log2(batch size)',
        yLabel: 'Final test accuracy',
        x: exponents,
        series,
      },
    ],
    findings: [`At batch size ${smallest}, final test accuracy (mean over seeds): ${ranking}.`],
  };
}

export const batchSizeExperiment: Experiment = {
  name: 'batch-size',
  summary: 'Batch sizes 2 to 64 with BN, Batch Renorm, Ghost BN, GroupNorm and none',
  run,
};
