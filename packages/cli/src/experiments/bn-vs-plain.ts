import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { capitalize, formatMeanStd, mean, meanCurve } from './statistics.js';

/** First epoch (1-based) whose validation accuracy reaches `target`, or NaN. */
export function epochsToReach(valAcc: number[], target: number): number {
  const index = valAcc.findIndex((v) => v >= target);
  return index < 0 ? Number.NaN : index + 1;
}

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const epochs = settings.quick ? 2 : 30;
  const problem = settings.problem;
  const TARGET = problem.target;
  const rows: string[][] = [];
  const curves: Record<string, number[]> = {};
  const lossCurves: Record<string, number[]> = {};
  const summary: Record<string, { reach: number[]; valAcc: number[] }> = {};
  for (const normalization of ['batch', 'none'] as const) {
    const label = normalization === 'batch' ? 'with BN' : 'without BN';
    const runs = [];
    for (const seed of settings.seeds) {
      settings.log(`bn-vs-plain: ${label}, seed ${seed}`);
      runs.push(await settings.train({ problem: problem.name, normalization, seed, epochs }));
    }
    const reach = runs.map((r) => epochsToReach(r.valAcc, TARGET));
    const valAcc = runs.map((r) => r.valAcc[r.valAcc.length - 1] as number);
    summary[label] = { reach, valAcc };
    rows.push([
      label,
      formatMeanStd(reach, 1, 'never reached it'),
      formatMeanStd(runs.map((r) => Math.max(...r.valAcc))),
      formatMeanStd(valAcc),
      formatMeanStd(runs.map((r) => r.valLoss[r.valLoss.length - 1] as number)),
      formatMeanStd(runs.map((r) => r.acc[r.acc.length - 1] as number)),
      formatMeanStd(
        runs.map((r) => r.seconds),
        2,
      ),
    ]);
    curves[`${label}: test`] = meanCurve(runs.map((r) => r.valAcc));
    curves[`${label}: train`] = meanCurve(runs.map((r) => r.acc));
    lossCurves[`${label}: test`] = meanCurve(runs.map((r) => r.valLoss));
    lossCurves[`${label}: train`] = meanCurve(runs.map((r) => r.loss));
  }
  const bn = summary['with BN'] as { reach: number[]; valAcc: number[] };
  const plain = summary['without BN'] as { reach: number[]; valAcc: number[] };
  const x = Array.from({ length: epochs }, (_, i) => i + 1);
  return {
    name: 'bn-vs-plain',
    title: 'BN vs plain: does BN speed up training?',
    claim: 'Batch normalization speeds up training.',
    setup: `${capitalize(problem.model)}, with and without BatchNormalization, on ${problem.data}; ${epochs} epochs, batch 32, ${problem.optimizer} ${problem.learningRate}, seeds ${settings.seeds.join(', ')}; target: test accuracy ≥ ${TARGET}.`,
    columns: [
      'model',
      `epochs to test acc ≥ ${TARGET}`,
      'best test acc',
      'final test acc',
      'final test loss',
      'final train acc',
      'seconds',
    ],
    rows,
    charts: [
      {
        file: 'bn-vs-plain-accuracy',
        title: 'Accuracy, mean over seeds',
        xLabel: 'Epoch',
        yLabel: 'Accuracy',
        x,
        series: curves,
      },
      {
        file: 'bn-vs-plain-loss',
        title: 'Loss, mean over seeds',
        xLabel: 'Epoch',
        yLabel: 'Loss',
        x,
        series: lossCurves,
      },
    ],
    findings: [
      `Epochs to reach ${TARGET} test accuracy: ${mean(bn.reach.filter(Number.isFinite)).toFixed(1)} with BN, ${mean(plain.reach.filter(Number.isFinite)).toFixed(1)} without (runs that never reached it are left out of the mean).`,
      `Final test accuracy: ${formatMeanStd(bn.valAcc)} with BN, ${formatMeanStd(plain.valAcc)} without.`,
    ],
  };
}

export const bnVsPlain: Experiment = {
  name: 'bn-vs-plain',
  summary: 'The reference model with and without BN: epochs to a target, final accuracy and loss',
  run,
};
