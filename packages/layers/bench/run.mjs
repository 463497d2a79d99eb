// Benchmarks of @bnkit/layers against tfjs-layers 4.22, on the cpu and wasm backends, in one run.
// Run: npm run bench -w @bnkit/layers   (needs a build: npx nx build @bnkit/layers)
// Rows: forward+backward of one BN layer (training mode, gradients w.r.t. input, gamma and beta)
// on [32, 64] and [32, 16, 16, 32]; one trainOnBatch step of the reference pipeline's model
// (Dense 64 relu -> BN -> Dense 64 relu -> BN -> Dense 1 sigmoid, batch 32) with tfjs's Adam and
// with bnkit's fusedAdam (bit-identical updates, one kernel per step).
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { batchNormalization, fusedAdam } from '@bnkit/layers';
import { recordBenchRow, timeIt } from '../../../tools/bench/report.mjs';

const require = createRequire(import.meta.url);
require('@tensorflow/tfjs-backend-wasm');

const quick = process.argv.includes('--quick');
const opts = quick
  ? { iterations: 5, rounds: 3, warmup: 20 }
  : { iterations: 10, rounds: 15, warmup: 60 };

/**
 * Times several contenders fairly on a shared, noisy machine: every contender is warmed up first
 * (V8 and the wasm backend need tens of calls to reach steady state), then the contenders are
 * timed in turn, round after round, and each one's best round is reported (the other agents and
 * processes on the machine only ever add time, so the minimum is the least disturbed estimate).
 */
async function compare(fns, { iterations, rounds, warmup }) {
  for (const fn of Object.values(fns)) for (let i = 0; i < warmup; i++) await fn();
  const times = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(fns)) {
      times[name].push(await timeIt(fn, { iterations, samples: 1, warmup: 0 }));
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.min(...v)]));
}

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
  // The large activation runs far longer per call: fewer repetitions keep the run short.
  const o = x.size > 10000 ? { iterations: 2, rounds: quick ? 3 : 5, warmup: 3 } : opts;
  const t = await compare(
    { ours: () => bnStep(ours, x, w), theirs: () => bnStep(theirs, x, w) },
    o,
  );
  const tOurs = t.ours;
  const tTheirs = t.theirs;
  tf.dispose([x, w]);
  return { tOurs, tTheirs };
}

function buildModel(bn, optimizer) {
  const layers = [tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [20] })];
  if (bn) layers.push(bn());
  layers.push(tfl.layers.dense({ units: 64, activation: 'relu' }));
  if (bn) layers.push(bn());
  layers.push(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  const model = tfl.sequential({ layers });
  model.compile({ optimizer, loss: 'binaryCrossentropy' });
  return model;
}

async function benchModel() {
  const x = tf.randomNormal([32, 20], 0, 1, 'float32', 3);
  const y = tf.cast(tf.greater(tf.randomUniform([32, 1], 0, 1, 'float32', 4), 0.5), 'float32');
  const adam = () => tf.train.adam(1e-3);
  const fused = () => fusedAdam(1e-3);
  const models = {
    ours: buildModel(() => batchNormalization(), adam()),
    tfjs: buildModel(() => tfl.layers.batchNormalization(), adam()),
    none: buildModel(null, adam()),
    oursFused: buildModel(() => batchNormalization(), fused()),
    noneFused: buildModel(null, fused()),
  };
  // Whole steps vary more from round to round than one layer: twice the rounds.
  const result = await compare(
    Object.fromEntries(Object.entries(models).map(([k, m]) => [k, () => m.trainOnBatch(x, y)])),
    { ...opts, rounds: opts.rounds * 2 },
  );
  for (const m of Object.values(models)) m.dispose();
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
    what: `train step, Dense-BN-Dense-BN-Dense, batch 32, ours vs no BN, tf.train.adam (${backend})`,
    ours: m.ours,
    reference: m.none,
    referenceName: 'same model without BN',
    unit: 'ms',
    target: '>= 0.8x (within 1.25x of no BN)',
  });
  recordBenchRow({
    what: `train step, Dense-BN-Dense-BN-Dense, batch 32, ours vs no BN, fusedAdam (${backend})`,
    ours: m.oursFused,
    reference: m.noneFused,
    referenceName: 'same model without BN',
    unit: 'ms',
    target: '>= 0.8x (within 1.25x of no BN)',
  });
  recordBenchRow({
    what: `train step with our BN, fusedAdam vs tf.train.adam (${backend})`,
    ours: m.oursFused,
    reference: m.ours,
    referenceName: 'tf.train.adam',
    unit: 'ms',
    target: '',
  });
}
