/**
 * One test per tfjs-layers 4.22 BatchNormalization bug listed in the spec
 * (shared/specs/batchnorm.md §0 and §3). Each scenario is a function that asserts the correct
 * behaviour (closed forms, Keras semantics); it passes on bnkit's layer and is shown to fail on
 * tfjs-layers' layer, so the test would notice if either side changed.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization, batchNormalization } from './batch-normalization.js';
import { registerLayers } from './register-layers.js';
import { maxAbsDiff } from '../test/helpers.js';
import { createRequire } from 'node:module';

type Factory = (args: Record<string, unknown>) => tfl.layers.Layer;
const ours: Factory = (args) => batchNormalization(args);
const theirs: Factory = (args) => tfl.layers.batchNormalization(args);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Closed-form BN along `axis` with given statistics, in float64. */
function reference(
  x: tf.Tensor,
  axis: number,
  mean: number[],
  variance: number[],
  gamma: number[],
  beta: number[],
  eps: number,
): number[] {
  const data = x.dataSync();
  const shape = x.shape;
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const c = shape[axis] as number;
  return Array.from(data, (v, i) => {
    const ch = Math.floor(i / stride) % c;
    return (
      ((v - (mean[ch] as number)) / Math.sqrt((variance[ch] as number) + eps)) *
        (gamma[ch] as number) +
      (beta[ch] as number)
    );
  });
}

/** Per-channel biased batch statistics along `axis`, in float64. */
function batchStats(x: tf.Tensor, axis: number): { mean: number[]; variance: number[] } {
  const data = x.dataSync();
  const stride = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const c = x.shape[axis] as number;
  const sums = new Array<number>(c).fill(0);
  const counts = new Array<number>(c).fill(0);
  data.forEach((v, i) => {
    const ch = Math.floor(i / stride) % c;
    sums[ch]! += v;
    counts[ch]! += 1;
  });
  const mean = sums.map((s, ch) => s / (counts[ch] as number));
  const sq = new Array<number>(c).fill(0);
  data.forEach((v, i) => {
    const ch = Math.floor(i / stride) % c;
    sq[ch]! += (v - (mean[ch] as number)) ** 2;
  });
  return { mean, variance: sq.map((s, ch) => s / (counts[ch] as number)) };
}

const x4 = (): tf.Tensor => tf.randomNormal([2, 3, 2, 2], 1, 2, 'float32', 42);

function nonLastAxisInference(make: Factory): void {
  const layer = make({ axis: 1 });
  const x = x4();
  layer.apply(x);
  const mm = [0.5, -1, 2];
  const mv = [2, 0.5, 3];
  const g = [1.5, 0.5, -1];
  const b = [0.1, 0.2, 0.3];
  layer.setWeights([tf.tensor1d(g), tf.tensor1d(b), tf.tensor1d(mm), tf.tensor1d(mv)]);
  const y = layer.apply(x) as tf.Tensor;
  expect(maxAbsDiff(y, reference(x, 1, mm, mv, g, b, 1e-3))).toBeLessThan(1e-5);
}

function nonLastAxisTraining(make: Factory): void {
  const layer = make({ axis: 1 });
  const x = x4();
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const { mean, variance } = batchStats(x, 1);
  expect(maxAbsDiff(y, reference(x, 1, mean, variance, [1, 1, 1], [0, 0, 0], 1e-3))).toBeLessThan(
    1e-5,
  );
}

function nonLastAxisGradient(make: Factory): void {
  const layer = make({ axis: 1 });
  const x = x4();
  const w = tf.randomNormal(x.shape, 0, 1, 'float32', 5);
  const dx = tf.grad((t: tf.Tensor) =>
    tf.sum(tf.mul(layer.apply(t, { training: true }) as tf.Tensor, w)),
  )(x);
  // Closed form: Σ_over_batch dx = 0 per channel (BN output is invariant to a per-channel shift).
  const perChannel = tf.sum(dx, [0, 2, 3]);
  expect(maxAbsDiff(perChannel, [0, 0, 0])).toBeLessThan(1e-4);
}

function trainsWith(args: Record<string, unknown>) {
  return (make: Factory): void => {
    const layer = make(args);
    const x = tf.randomNormal([8, 3], 0, 1, 'float32', 9);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    const { mean, variance } = batchStats(x, 1);
    expect(maxAbsDiff(y, reference(x, 1, mean, variance, [1, 1, 1], [0, 0, 0], 1e-3))).toBeLessThan(
      1e-5,
    );
  };
}

async function frozenMeansInference(make: Factory): Promise<void> {
  const bn = make({ trainable: false });
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ units: 3, inputShape: [4], useBias: false }), bn],
  });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const before = bn.getWeights().map((w) => Array.from(w.dataSync()));
  const x = tf.randomNormal([16, 4], 3, 1, 'float32', 1);
  await model.fit(x, tf.zeros([16, 3]), { epochs: 1, batchSize: 8, verbose: 0 });
  const after = bn.getWeights().map((w) => Array.from(w.dataSync()));
  // Keras ≥ 2: a frozen BN runs in inference mode, so its moving statistics do not move.
  expect(after).toEqual(before);
}

function rankFive(make: Factory): void {
  const layer = make({ axis: -1 });
  const x = tf.randomNormal([2, 2, 2, 2, 3], 0, 1, 'float32', 4);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const { mean, variance } = batchStats(x, 4);
  expect(maxAbsDiff(y, reference(x, 4, mean, variance, [1, 1, 1], [0, 0, 0], 1e-3))).toBeLessThan(
    1e-5,
  );
}

function listAxis(make: Factory): void {
  const layer = make({ axis: [-1] });
  const x = tf.randomNormal([4, 3], 0, 1, 'float32', 4);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const { mean, variance } = batchStats(x, 1);
  expect(maxAbsDiff(y, reference(x, 1, mean, variance, [1, 1, 1], [0, 0, 0], 1e-3))).toBeLessThan(
    1e-5,
  );
}

async function kerasKeysSurvive(make: Factory): Promise<void> {
  registerLayers();
  const model = tfl.sequential({
    layers: [make({ inputShape: [4], renorm: true, renormMomentum: 0.9, virtualBatchSize: 2 })],
  });
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      saved = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
  const config = loaded.layers[0]!.getConfig();
  expect(config['renorm']).toBe(true);
  expect(config['renormMomentum']).toBe(0.9);
  expect(config['virtualBatchSize']).toBe(2);
}

function batchOfOneRaises(make: Factory): void {
  const layer = make({});
  expect(() => layer.apply(tf.ones([1, 3]), { training: true })).toThrow(
    /more than 1 value per channel/,
  );
}

const scenarios: [string, (make: Factory) => void | Promise<void>][] = [
  ['inference is correct for a non-last axis (axis 1, NCHW)', nonLastAxisInference],
  ['training output is correct for a non-last axis', nonLastAxisTraining],
  ['the gradient works for a non-last axis', nonLastAxisGradient],
  ['training works with scale: false (tfjs#2868)', trainsWith({ scale: false })],
  ['training works with center: false (tfjs#2868)', trainsWith({ center: false })],
  ['trainable: false means inference mode in fit()', frozenMeansInference],
  ['rank-5 input is accepted', rankFive],
  ['axis: [-1] is accepted', listAxis],
  ['renorm and virtualBatchSize survive save/load', kerasKeysSurvive],
  ['a one-value-per-channel training batch raises', batchOfOneRaises],
];

describe.each(['cpu', 'wasm'])(
  'tfjs-layers 4.22 BatchNormalization bugs (%s backend)',
  (backend) => {
    beforeAll(async () => {
      if (backend === 'wasm') createRequire(__filename)('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend(backend);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    it.each(scenarios)('bnkit: %s', async (_name, scenario) => {
      await scenario(ours);
    });

    it.each(scenarios)('tfjs-layers fails: %s', async (_name, scenario) => {
      await expect((async () => scenario(theirs))()).rejects.toThrow();
    });

    it('bnkit layer class is distinct from the built-in', () => {
      expect(BatchNormalization.className).toBe('BnkitBatchNormalization');
    });
  },
);
