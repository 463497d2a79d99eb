import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { capitalize, formatMeanStd, mean, sampleStd } from './statistics.js';

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const exponents = settings.quick ? [-2, 2] : [-3, -2, -1, 0, 1, 2, 3];
  const epochs = settings.quick ? 1 : 15;
  const problem = settings.problem;
  const rows: string[][] = [];
  const series: Record<string, number[]> = {};
  const spread: Record<string, number> = {};
  for (const normalization of ['batch', 'none'] as const) {
    const label = normalization === 'batch' ? 'with BN' : 'without BN';
    const accuracies: number[] = [];
    for (const exponent of exponents) {
      const initScale = 2 ** exponent;
      const finalAcc: number[] = [];
      const finalLoss: number[] = [];
      for (const seed of settings.seeds) {
        settings.log(`initialization: ${label}, scale ${initScale}, seed ${seed}`);
        const result = await settings.train({
          problem: problem.name,
          normalization,
          seed,
          epochs,
          initScale,
        });
        finalAcc.push(result.valAcc[result.valAcc.length - 1] as number);
        finalLoss.push(result.valLoss[result.valLoss.length - 1] as number);
      }
      accuracies.push(mean(finalAcc));
      rows.push([
        label,
        `${initScale} × ${problem.initializer}`,
        formatMeanStd(finalAcc),
        formatMeanStd(finalLoss),
      ]);
    }
    series[label] = accuracies;
    spread[label] = sampleStd(accuracies);
  }
  return {
    name: 'initialization',
    title: 'Initialization: does BN reduce sensitivity to the initial weights?',
    claim: 'Batch normalization makes training less sensitive to weight initialization.',
    setup: `${capitalize(problem.model)} on ${problem.data}; kernels drawn from ${problem.initializer} scaled by ${exponents.map((e) => 2 ** e).join(', ')}, ${epochs} epochs, batch 32, ${problem.optimizer} ${problem.learningRate}, seeds ${settings.seeds.join(', ')}.`,
    columns: ['model', 'initial kernel scale', 'final test acc', 'final test loss'],
    rows,
    charts: [
      {
        file: 'initialization',
        title: 'Final test accuracy by initial weight scale',
        xLabel: `log2(scale of the ${problem.initializer} kernels)`,
        yLabel: 'Final test accuracy',
        x: exponents,
        series,
      },
    ],
    findings: [
      `Spread (standard deviation) of the final test accuracy across the scales: ${(spread['with BN'] as number).toFixed(3)} with BN, ${(spread['without BN'] as number).toFixed(3)} without.`,
    ],
  };
}

export const initializationExperiment: Experiment = {
  name: 'initialization',
  summary: 'Weight-initialization scales with and without BN',
  run,
};
