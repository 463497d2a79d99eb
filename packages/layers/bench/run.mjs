// Benchmarks of @bnkit/layers against tfjs-layers 4.22, on the cpu and wasm backends, in one run.
// Run: npm run bench -w @bnkit/layers   (needs a build: npx nx build @bnkit/layers)
// Rows: forward+backward of one BN layer (training mode, gradients w.r.t. input, gamma and beta)
// on [32, 64] and [32, 16, 16, 32]; one trainOnBatch step of the reference pipeline's model
// (Dense 64 relu -> BN -> Dense 64 relu -> BN -> Dense 1 sigmoid, Adam, batch 32).
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { batchNormalization } from '@bnkit/layers';
import { recordBenchRow, timeIt } from '../../../tools/bench/report.mjs';

const require = createRequire(import.meta.url);
require('@tensorflow/tfjs-backend-wasm');

const quick = process.argv.includes('--quick');
const opts = quick
  ? { iterations: 5, samples: 3, warmup: 2 }
  : { iterations: 20, samples: 7, warmup: 5 };

function bnStep(layer, x, w) {
  const vars = [x, ...layer.trainableWeights.map((v) => v.read())];
  const { value, grads } = tf.variableGrads(
    () => tf.sum(tf.mul(layer.apply(x, { training: true }), w)),
    vars,
  );
  const data = Object.values(grads);
  // Wait for the results so asynchronous backends are timed too.
  data[0].dataSync();
  value.dispose();
  tf.dispose(data);
}

async function benchLayer(shape) {
  const x = tf.variable(tf.randomNormal(shape, 0, 1, 'float32', 1));
  const w = tf.randomNormal(shape, 0, 1, 'float32', 2);
  const ours = batchNormalization();
  const theirs = tfl.layers.batchNormalization();
  ours.apply(x);
  theirs.apply(x);
  const tOurs = await timeIt(() => bnStep(ours, x, w), opts);
  const tTheirs = await timeIt(() => bnStep(theirs, x, w), opts);
  tf.dispose([x, w]);
  return { tOurs, tTheirs };
}

function buildModel(bn) {
  const layers = [tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [20] })];
  if (bn) layers.push(bn());
  layers.push(tfl.layers.dense({ units: 64, activation: 'relu' }));
  if (bn) layers.push(bn());
  layers.push(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  const model = tfl.sequential({ layers });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' });
  return model;
}

async function benchModel() {
  const x = tf.randomNormal([32, 20], 0, 1, 'float32', 3);
  const y = tf.cast(tf.greater(tf.randomUniform([32, 1], 0, 1, 'float32', 4), 0.5), 'float32');
  const result = {};
  for (const [name, bn] of [
    ['ours', () => batchNormalization()],
    ['tfjs', () => tfl.layers.batchNormalization()],
    ['none', null],
  ]) {
    const model = buildModel(bn);
    result[name] = await timeIt(() => model.trainOnBatch(x, y), opts);
    model.dispose();
  }
  tf.dispose([x, y]);
  return result;
}

for (const backend of ['cpu', 'wasm']) {
  await tf.setBackend(backend);
  await tf.ready();
  const target = backend === 'wasm' ? '>= 3x' : '>= 2x';
  for (const shape of [
    [32, 64],
    [32, 16, 16, 32],
  ]) {
    const { tOurs, tTheirs } = await benchLayer(shape);
    recordBenchRow({
      what: `BN forward+backward [${shape.join(', ')}] (${backend})`,
      ours: tOurs,
      reference: tTheirs,
      referenceName: 'tfjs-layers BN',
      unit: 'ms',
      target: `${target} (tfjs-layers / bnkit)`,
    });
  }
  const m = await benchModel();
  recordBenchRow({
    what: `train step, Dense-BN-Dense-BN-Dense, batch 32, ours vs tfjs BN (${backend})`,
    ours: m.ours,
    reference: m.tfjs,
    referenceName: 'tfjs-layers BN',
    unit: 'ms',
    target: '',
  });
  recordBenchRow({
    what: `train step, Dense-BN-Dense-BN-Dense, batch 32, ours vs no BN (${backend})`,
    ours: m.ours,
    reference: m.none,
    referenceName: 'same model without BN',
    unit: 'ms',
    target: '>= 0.8x (within 1.25x of no BN)',
  });
}
