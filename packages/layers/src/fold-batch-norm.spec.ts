import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization } from './batch-normalization.js';
import { foldBatchNorm } from './fold-batch-norm.js';
import { LayerInputError } from './errors.js';
import { maxAbsDiff } from '../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Gives every BN non-trivial statistics and affine parameters (as after training). */
function randomizeBatchNorms(model: tfl.LayersModel): void {
  let seed = 1;
  for (const layer of model.layers) {
    if (!layer.getClassName().includes('BatchNormalization')) continue;
    layer.setWeights(
      layer.getWeights().map((w, i) => {
        const name = layer.weights[i]!.originalName;
        const r = tf.randomUniform(w.shape, 0.5, 1.5, 'float32', seed++);
        return name.endsWith('variance') || name.endsWith('gamma') ? r : tf.sub(r, 1);
      }),
    );
  }
}

function expectSamePredictions(a: tfl.LayersModel, b: tfl.LayersModel, shape: number[]): void {
  const x = tf.randomNormal(shape, 0, 2, 'float32', 77);
  const ya = a.predict(x) as tf.Tensor;
  const yb = b.predict(x) as tf.Tensor;
  expect(ya.shape).toEqual(yb.shape);
  // The bound: max abs difference ≤ 1e-5 (float32 re-association of the same products).
  expect(maxAbsDiff(yb, ya.dataSync())).toBeLessThanOrEqual(1e-5);
}

const classNames = (m: tfl.LayersModel): string[] =>
  m.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.getClassName());

describe('foldBatchNorm', () => {
  it('folds the reference pipeline (Dense(relu) → BN → Dense) forward into the next Dense', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [20] }),
        batchNormalization(),
        tfl.layers.dense({ units: 16, activation: 'relu' }),
        batchNormalization(),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded)).toEqual(['Dense', 'Dense', 'Dense']);
    expectSamePredictions(model, folded, [10, 20]);
  });

  it('folds backward into Dense, Conv2D and DepthwiseConv2D with linear activation', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ filters: 4, kernelSize: 3, inputShape: [6, 6, 2], useBias: false }),
        batchNormalization(),
        tfl.layers.activation({ activation: 'relu' }),
        tfl.layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2 }),
        tfl.layers.batchNormalization(), // tfjs-layers' own BN folds too
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 5 }),
        batchNormalization({ epsilon: 1e-5 }),
      ],
    });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded)).toEqual([
      'Conv2D',
      'Activation',
      'DepthwiseConv2D',
      'Flatten',
      'Dense',
    ]);
    expectSamePredictions(model, folded, [3, 6, 6, 2]);
  });

  it('keeps a BN it cannot fold and leaves the original model untouched', () => {
    const model = tfl.sequential({
      layers: [
        batchNormalization({ inputShape: [4] }),
        tfl.layers.activation({ activation: 'tanh' }),
        tfl.layers.dense({ units: 3, activation: 'relu' }),
      ],
    });
    randomizeBatchNorms(model);
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    const folded = foldBatchNorm(model);
    expect(classNames(folded)).toEqual(['BnkitBatchNormalization', 'Activation', 'Dense']);
    expectSamePredictions(model, folded, [5, 4]);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(before);
  });

  it('rejects a model with branches and a non-model', () => {
    const input = tfl.input({ shape: [4] });
    const a = tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.dense({ units: 2 }).apply(input) as tfl.SymbolicTensor;
    const merged = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: merged });
    expect(() => foldBatchNorm(model)).toThrow(LayerInputError);
    expect(() => foldBatchNorm(model)).toThrow(/one chain/);
    expect(() => foldBatchNorm({} as tfl.LayersModel)).toThrow(/expects a tfjs-layers LayersModel/);
  });
});
