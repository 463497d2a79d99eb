// Benchmarks of @bnkit/callbacks (the built package): what each callback costs inside fit, next
// to the closest tfjs equivalent measured in the same run. Run: npm run bench -w @bnkit/callbacks
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { earlyStopping, lambdaCallback, plotHistory, progbarLogger } from '@bnkit/callbacks';
import { renderPng } from '@bnkit/callbacks/node';
import { recordBenchRow, timeIt } from '../../../tools/bench/report.mjs';
import { tfjsReferenceModel } from '../../../tools/bench/reference-model.mjs';

await tf.setBackend('cpu');
const x = tf.randomNormal([800, 20], 0, 1, 'float32', 1);
const y = tf.cast(tf.greater(tf.sum(x, 1, true), 0), 'float32');

const model = () => tfjsReferenceModel({ compile: true });

const fitArgs = { epochs: 2, batchSize: 32, validationSplit: 0.2, verbose: 0 };
const opts = { iterations: 1, samples: 5, warmup: 1 };
const fitWith = (callbacks) => async () => {
  await model().fit(x, y, { ...fitArgs, callbacks });
};

const bare = await timeIt(fitWith([]), opts);
const withProgbar = await timeIt(fitWith([progbarLogger({ write: () => {}, isTTY: true })]), opts);
recordBenchRow({
  what: 'fit 2 epochs (reference model, 640 rows, batch 32) with progbarLogger live bar',
  ours: withProgbar,
  reference: bare,
  referenceName: 'fit without a logger',
  unit: 'ms',
  target: 'overhead under 15%',
});

const tfjsLambda = await timeIt(
  fitWith([new tfl.CustomCallback({ onBatchEnd: async () => {} })]),
  opts,
);
const ourLambda = await timeIt(fitWith([lambdaCallback({ onBatchEnd: () => {} })]), opts);
recordBenchRow({
  what: 'fit 2 epochs with a per-batch hook: lambdaCallback',
  ours: ourLambda,
  reference: tfjsLambda,
  referenceName: 'tf.CustomCallback',
  unit: 'ms',
  target: 'ratio >= 0.9',
});

const tfjsStop = await timeIt(fitWith([tfl.callbacks.earlyStopping({ patience: 5 })]), opts);
const ourStop = await timeIt(
  fitWith([earlyStopping({ patience: 5, restoreBestWeights: true })]),
  opts,
);
recordBenchRow({
  what: 'fit 2 epochs with earlyStopping (ours with restoreBestWeights)',
  ours: ourStop,
  reference: tfjsStop,
  referenceName: 'tfjs earlyStopping, no restore',
  unit: 'ms',
  target: 'ratio >= 0.9',
});

const history = {
  loss: Array.from({ length: 50 }, (_, i) => Math.exp(-i / 10) + 0.05 * Math.sin(i)),
  val_loss: Array.from({ length: 50 }, (_, i) => Math.exp(-i / 12) + 0.1),
};
const options = { metrics: ['loss', 'val_loss'], labels: ['train', 'test'], title: 'Model loss' };
const svgMs = await timeIt(() => plotHistory(history, options), {
  iterations: 50,
  samples: 7,
  warmup: 10,
});
const svg = plotHistory(history, options);
const pngMs = await timeIt(() => renderPng(svg, { scale: 2 }), {
  iterations: 3,
  samples: 5,
  warmup: 1,
});
recordBenchRow({
  what: 'plotHistory, 2 series x 50 epochs, SVG text',
  ours: svgMs,
  reference: pngMs,
  referenceName: 'resvg PNG render of it, 2x',
  unit: 'ms',
  target: 'SVG under 5 ms',
});
