import { batchNormMonitor } from '@bnkit/callbacks';
import type { BatchNormMonitor } from '@bnkit/callbacks';
import { toTensors } from '@bnkit/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { problemData } from './problem.js';
import type { Experiment, ExperimentResult, ExperimentSettings } from './experiment.js';
import { capitalize, formatMeanStd, mean, meanCurve } from './statistics.js';

/** Short names for the watched layers, in model order: what each one's input is. */
function layerLabels(monitor: BatchNormMonitor): string[] {
  return monitor.layers.map((layer, i) =>
    layer.kind === 'normalization' ? `BN ${i + 1} input` : `${layer.className} ${i + 1} input`,
  );
}

async function run(settings: ExperimentSettings): Promise<ExperimentResult> {
  const epochs = settings.quick ? 2 : 20;
  const problem = settings.problem;
  const data = problemData(problem.name);
  const probeData = toTensors(data.test, data.nClasses > 1 ? { oneHot: data.nClasses } : {});
  const rows: string[][] = [];
  const series: Record<string, number[]> = {};
  // The input of the output layer: what BN claims to steady for the layers after it.
  const outputInput: Record<string, { perEpoch: number[]; last: number[] }> = {};
  let outputLabel = '';
  try {
    for (const normalization of ['batch', 'none'] as const) {
      const model = normalization === 'batch' ? 'with BN' : 'without BN';
      const perLayer = new Map<string, number[][]>();
      for (const seed of settings.seeds) {
        settings.log(`covariate-shift: ${model}, seed ${seed}`);
        const monitor = batchNormMonitor({ probe: probeData.xs });
        await settings.train({
          problem: problem.name,
          normalization,
          seed,
          epochs,
          onModel: () => [monitor],
        });
        const labels = layerLabels(monitor);
        monitor.layers.forEach((layer, i) => {
          const label = labels[i] as string;
          // Record 0 is before training; shift is measured from record 1 (after epoch 1) on.
          perLayer.set(label, [...(perLayer.get(label) ?? []), layer.meanShift.slice(1)]);
        });
      }
      for (const [label, curves] of perLayer) {
        const perSeed = curves.map((c) => mean(c.slice(1)));
        rows.push([
          model,
          label,
          formatMeanStd(perSeed),
          formatMeanStd(curves.map((c) => c[c.length - 1] as number)),
        ]);
        series[`${model}: ${label}`] = meanCurve(curves);
      }
      const lastLabel = [...perLayer.keys()].at(-1) as string;
      outputLabel = lastLabel.replace(/ input$/, '');
      const curves = perLayer.get(lastLabel) as number[][];
      outputInput[model] = {
        perEpoch: curves.map((c) => mean(c.slice(1))),
        last: curves.map((c) => c[c.length - 1] as number),
      };
    }
  } finally {
    tf.dispose([probeData.xs, probeData.ys]);
  }
  return {
    name: 'covariate-shift',
    title: 'Internal covariate shift: how much do the layers\u2019 inputs move?',
    claim: 'Batch normalization reduces internal covariate shift.',
    setup: `${capitalize(problem.model)} on ${problem.data}. The BN monitor feeds the ${data.test.nSamples} test rows to the model after every epoch (${epochs} epochs, batch 32, ${problem.optimizer} ${problem.learningRate}, seeds ${settings.seeds.join(', ')}) and records, for the input of each BN layer and of each layer with no BN after it, the per-feature mean and standard deviation. Shift = the feature average of |mean(epoch e) − mean(epoch e−1)|, in units of the layer input's pooled standard deviation at epoch e−1.`,
    columns: [
      'model',
      'layer input',
      'mean shift per epoch (epochs 2 on)',
      'shift in the last epoch',
    ],
    rows,
    charts: [
      {
        file: 'covariate-shift',
        title: 'Input shift per epoch',
        xLabel: 'Epoch',
        yLabel: 'Mean shift (in previous stds)',
        x: Array.from({ length: epochs }, (_, i) => i + 1),
        series,
      },
    ],
    findings: [
      `Input of the output layer (${outputLabel}), shift per epoch: ${formatMeanStd((outputInput['with BN'] as { perEpoch: number[] }).perEpoch)} with BN (it receives the last BN's output), ${formatMeanStd((outputInput['without BN'] as { perEpoch: number[] }).perEpoch)} without; in the last epoch ${formatMeanStd((outputInput['with BN'] as { last: number[] }).last)} vs ${formatMeanStd((outputInput['without BN'] as { last: number[] }).last)}.`,
      'With BN the watched inputs of the BN layers are the raw Dense outputs, which keep moving; BN re-centres them with batch statistics in training and with its moving statistics here (inference mode). Without BN, Dense 1 input is the data itself and never moves.',
    ],
  };
}

export const covariateShiftExperiment: Experiment = {
  name: 'covariate-shift',
  summary: "The BN monitor's measure of input-distribution shift per layer, with and without BN",
  run,
};
