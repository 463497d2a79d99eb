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

  it('folds into Conv1D and SeparableConv2D, and forward into a Dense on a rank-3 input', () => {
    const conv1d = tfl.sequential({
      layers: [
        tfl.layers.conv1d({ filters: 3, kernelSize: 2, inputShape: [5, 2] }),
        batchNormalization(),
        tfl.layers.activation({ activation: 'tanh' }),
        batchNormalization(),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    randomizeBatchNorms(conv1d);
    const folded1d = foldBatchNorm(conv1d);
    expect(classNames(folded1d)).toEqual(['Conv1D', 'Activation', 'Dense']);
    expectSamePredictions(conv1d, folded1d, [2, 5, 2]);
    const separable = tfl.sequential({
      layers: [
        tfl.layers.separableConv2d({
          filters: 3,
          kernelSize: 2,
          inputShape: [4, 4, 2],
          useBias: false,
        }),
        tfl.layers.batchNormalization(),
      ],
    });
    randomizeBatchNorms(separable);
    const foldedSeparable = foldBatchNorm(separable);
    expect(classNames(foldedSeparable)).toEqual(['SeparableConv2D']);
    expectSamePredictions(separable, foldedSeparable, [2, 4, 4, 2]);
  });

  it('traces a layer applied to its own output and keeps the BN after it (the layer is shared)', () => {
    const input = tfl.input({ shape: [3] });
    const d = tfl.layers.dense({ units: 3 });
    const out = batchNormalization().apply(d.apply(d.apply(input))) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: out });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded)).toEqual(['Dense', 'BnkitBatchNormalization']);
    expectSamePredictions(model, folded, [4, 3]);
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

  it('folds every BN of a functional model with branches (a residual block)', () => {
    const input = tfl.input({ shape: [8, 8, 3] });
    const conv = (filters: number, kernelSize: number) =>
      tfl.layers.conv2d({ filters, kernelSize, padding: 'same' });
    let h = conv(4, 3).apply(input) as tfl.SymbolicTensor;
    h = batchNormalization().apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.reLU().apply(h) as tfl.SymbolicTensor;
    h = conv(4, 3).apply(h) as tfl.SymbolicTensor;
    h = batchNormalization().apply(h) as tfl.SymbolicTensor;
    let shortcut = conv(4, 1).apply(input) as tfl.SymbolicTensor;
    shortcut = tfl.layers.batchNormalization().apply(shortcut) as tfl.SymbolicTensor;
    h = tfl.layers.add().apply([h, shortcut]) as tfl.SymbolicTensor;
    h = tfl.layers.reLU().apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
    h = tfl.layers.dense({ units: 6, activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
    h = batchNormalization().apply(h) as tfl.SymbolicTensor;
    const output = tfl.layers.dense({ units: 2 }).apply(h) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded).filter((c) => c.includes('BatchNormalization'))).toEqual([]);
    expect(classNames(folded)).toHaveLength(classNames(model).length - 4);
    expectSamePredictions(model, folded, [3, 8, 8, 3]);
  });

  it('folds models with several inputs and outputs', () => {
    const a = tfl.input({ shape: [3] });
    const b = tfl.input({ shape: [5] });
    const outA = batchNormalization().apply(
      tfl.layers.dense({ units: 3 }).apply(a),
    ) as tfl.SymbolicTensor;
    let hB = tfl.layers.dense({ units: 4, activation: 'relu' }).apply(b) as tfl.SymbolicTensor;
    hB = batchNormalization().apply(hB) as tfl.SymbolicTensor;
    const outB = tfl.layers.dense({ units: 2 }).apply(hB) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: [outA, outB] });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded)).toEqual(['Dense', 'Dense', 'Dense']);
    const xs = [
      tf.randomNormal([4, 3], 0, 2, 'float32', 5),
      tf.randomNormal([4, 5], 0, 2, 'float32', 6),
    ];
    const expected = model.predict(xs) as tf.Tensor[];
    const actual = folded.predict(xs) as tf.Tensor[];
    expected.forEach((e, i) => {
      expect(maxAbsDiff(actual[i]!, e.dataSync())).toBeLessThanOrEqual(1e-5);
    });
  });

  it('keeps a BN whose input or output is also used elsewhere, and shared layers shared', () => {
    const input = tfl.input({ shape: [4] });
    const shared = tfl.layers.dense({ units: 4 });
    const h1 = shared.apply(input) as tfl.SymbolicTensor;
    const h2 = shared.apply(tfl.layers.reLU().apply(input)) as tfl.SymbolicTensor;
    // h1 feeds the BN and the concatenation: the BN cannot fold backward or forward.
    const n1 = batchNormalization().apply(h1) as tfl.SymbolicTensor;
    // The shared Dense cannot take a fold: its other call would change too.
    const n2 = batchNormalization().apply(h2) as tfl.SymbolicTensor;
    const merged = tfl.layers.concatenate().apply([n1, h1, n2]) as tfl.SymbolicTensor;
    const model = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 1 }).apply(merged) as tfl.SymbolicTensor,
    });
    randomizeBatchNorms(model);
    const folded = foldBatchNorm(model);
    expect(classNames(folded).sort()).toEqual(classNames(model).sort());
    expect(folded.layers.filter((l) => l.getClassName() === 'Dense')).toHaveLength(2);
    expectSamePredictions(model, folded, [6, 4]);
  });

  it('folds the BNs inside a nested model', () => {
    const inner = tfl.sequential({
      layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), batchNormalization()],
    });
    const input = tfl.input({ shape: [3] });
    const h = inner.apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({
      inputs: input,
      outputs: tfl.layers.dense({ units: 1 }).apply(h) as tfl.SymbolicTensor,
    });
    randomizeBatchNorms(inner);
    const folded = foldBatchNorm(model);
    const nested = folded.layers.find((l) => l instanceof tfl.LayersModel) as tfl.LayersModel;
    expect(classNames(nested)).toEqual(['Dense']);
    expectSamePredictions(model, folded, [5, 3]);
  });

  it('rejects what is not a model', () => {
    expect(() => foldBatchNorm({} as tfl.LayersModel)).toThrow(LayerInputError);
    expect(() => foldBatchNorm({} as tfl.LayersModel)).toThrow(/expects a tfjs-layers LayersModel/);
  });
});
