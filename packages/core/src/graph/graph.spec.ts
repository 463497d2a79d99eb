import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { readBatchNormParams } from './batch-norm-params.js';
import { foldAffineIntoNextDense, foldAffineIntoPrevious } from './fold-batch-norm-algebra.js';
import { readLayerWeights } from './layer-weights.js';
import { planBatchNormFolds } from './plan-batch-norm-folds.js';
import { traceModelGraph } from './trace-model-graph.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Sets non-default BN statistics so that folding is not the identity. */
function setBn(layer: tfl.layers.Layer, channels: number, seed: number): void {
  const v = (k: number) => Array.from({ length: channels }, (_, c) => Math.sin(seed + 3 * c + k));
  layer.setWeights([
    tf.tensor1d(v(0).map((x) => 1 + 0.5 * x)), // gamma
    tf.tensor1d(v(1)), // beta
    tf.tensor1d(v(2)), // moving_mean
    tf.tensor1d(v(3).map((x) => 0.5 + x * x)), // moving_variance
  ]);
}

describe('traceModelGraph', () => {
  it('traces a layer applied to its own output as two calls of one layer', () => {
    const input = tfl.input({ shape: [3] });
    const d = tfl.layers.dense({ units: 3 });
    const model = tfl.model({
      inputs: input,
      outputs: d.apply(d.apply(input)) as tfl.SymbolicTensor,
    });
    const graph = traceModelGraph(model);
    expect(graph.calls.map((c) => c.layer)).toEqual([d, d]);
    expect(graph.callCount.get(d)).toBe(2);
    expect(graph.calls[1]!.inputs[0]).toBe(graph.calls[0]!.outputs[0]);
    expect(graph.producer.get(model.outputs[0]!.id)).toBe(graph.calls[1]);
  });

  it('orders branches topologically, counts uses and leaves out what no output needs', () => {
    const input = tfl.input({ shape: [4] });
    const a = tfl.layers.dense({ units: 4, name: 'a' }).apply(input) as tfl.SymbolicTensor;
    const b = tfl.layers.dense({ units: 4, name: 'b' }).apply(a) as tfl.SymbolicTensor;
    tfl.layers.dense({ units: 2, name: 'unused' }).apply(a);
    const sum = tfl.layers.add({ name: 'sum' }).apply([a, b]) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: [sum, b] });
    const graph = traceModelGraph(model);
    expect(graph.calls.map((c) => c.layer.name)).toEqual(['a', 'b', 'sum']);
    expect(graph.uses.get(a.id)).toBe(2);
    expect(graph.uses.get(b.id)).toBe(2); // used by sum and a model output
    expect(graph.consumers.get(a.id)!.map((c) => c.layer.name)).toEqual(['b', 'sum']);
    expect(graph.outputIds).toEqual([sum.id, b.id]);
  });
});

describe('readBatchNormParams', () => {
  it('gives the inference affine map of tfjs-layers BN (closed form)', () => {
    const bn = tfl.layers.batchNormalization({ epsilon: 0.01 });
    bn.apply(tfl.input({ shape: [2] }));
    bn.setWeights([
      tf.tensor1d([2, 0.5]),
      tf.tensor1d([1, -1]),
      tf.tensor1d([3, 4]),
      tf.tensor1d([0.99, 3.99]),
    ]);
    const p = readBatchNormParams({
      name: bn.name,
      config: bn.getConfig() as Record<string, unknown>,
      weights: readLayerWeights(bn),
      inputShape: [null, 2],
    });
    // scale = γ/√(σ²+ε) = 2/1, 0.5/2; shift = β − μ·scale = 1 − 6, −1 − 1
    expect(p.axis).toBe(1);
    expect(Array.from(p.scale)).toEqual([2, 0.25]);
    expect(Array.from(p.shift)).toEqual([-5, -2]);
  });
});

describe('BN folding algebra', () => {
  const weights = [
    { name: 'd/kernel', shape: [2, 3], values: Float32Array.from([1, 2, 3, 4, 5, 6]) },
    { name: 'd/bias', shape: [3], values: Float32Array.from([1, 0, -1]) },
  ];

  it('folds y·s + t into the previous layer: W·s per output channel, b·s + t', () => {
    const folded = foldAffineIntoPrevious('d', 'Dense', weights, {}, [2, 3, 0.5], [1, 1, 1]);
    expect(Array.from(folded.weights[0]!.values)).toEqual([2, 6, 1.5, 8, 15, 3]);
    expect(Array.from(folded.weights[1]!.values)).toEqual([3, 1, 0.5]);
    expect(Array.from(weights[0]!.values)).toEqual([1, 2, 3, 4, 5, 6]); // inputs untouched
  });

  it('adds a bias to a layer that had none', () => {
    const folded = foldAffineIntoPrevious(
      'd',
      'Dense',
      [weights[0]!],
      { useBias: false },
      [1, 1, 1],
      [7, 8, 9],
    );
    expect(folded.config['useBias']).toBe(true);
    expect(folded.weights[1]).toEqual({
      name: 'd/bias',
      shape: [3],
      values: Float32Array.from([7, 8, 9]),
    });
  });

  it('folds x·s + t into the next Dense: diag(s)·W, b + t·W', () => {
    const folded = foldAffineIntoNextDense('d', weights, {}, [2, -1], [1, 10]);
    expect(Array.from(folded.weights[0]!.values)).toEqual([2, 4, 6, -4, -5, -6]);
    // b + [1, 10]·W = [1, 0, −1] + [41, 52, 63]
    expect(Array.from(folded.weights[1]!.values)).toEqual([42, 52, 62]);
  });

  it('reproduces tfjs predictions of Dense → BN and BN → Dense', () => {
    const x = tf.tensor2d([
      [0.3, -1.2, 2.0],
      [1.5, 0.1, -0.7],
    ]);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 4, inputShape: [3] }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: 2, activation: 'relu' }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: 1 }),
      ],
    });
    setBn(model.layers[1]!, 4, 1);
    setBn(model.layers[3]!, 2, 2);
    const plan = planBatchNormFolds(traceModelGraph(model));
    expect(
      plan.map((d) => [d.bn.layer.name, d.fold, d.fold === 'kept' ? '' : d.target.layer.name]),
    ).toEqual([
      [model.layers[1]!.name, 'into-previous', model.layers[0]!.name],
      [model.layers[3]!.name, 'into-next', model.layers[4]!.name],
    ]);
    const w = model.layers.map((l) => readLayerWeights(l));
    const p1 = plan[0]!.params!;
    const p2 = plan[1]!.params!;
    const f0 = foldAffineIntoPrevious('d0', 'Dense', w[0]!, {}, p1.scale, p1.shift).weights;
    const f4 = foldAffineIntoNextDense('d4', w[4]!, {}, p2.scale, p2.shift).weights;
    const dense = (input: tf.Tensor, ws: { shape: number[]; values: Float32Array }[]) =>
      tf.add(
        tf.matMul(
          input as tf.Tensor2D,
          tf.tensor2d(ws[0]!.values, ws[0]!.shape as [number, number]),
        ),
        tf.tensor(ws[1]!.values),
      );
    const h = tf.relu(dense(dense(x, f0), w[2]!));
    const ours = dense(h, f4);
    const ref = model.predict(x) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(ours, ref))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-5);
  });
});

describe('planBatchNormFolds', () => {
  it('keeps a BN whose input is used elsewhere or is a model output', () => {
    const input = tfl.input({ shape: [3] });
    const d = tfl.layers.dense({ units: 3 }).apply(input) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization().apply(d) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: [bn, d] });
    const plan = planBatchNormFolds(traceModelGraph(model));
    expect(plan.map((p) => p.fold)).toEqual(['kept']);
  });

  it('sees through transparent calls and folds shared layers per call only when asked', () => {
    const input = tfl.input({ shape: [3] });
    const shared = tfl.layers.dense({ units: 3 });
    const drop = tfl.layers.dropout({ rate: 0.5 });
    const a = tfl.layers
      .batchNormalization()
      .apply(drop.apply(shared.apply(input))) as tfl.SymbolicTensor;
    const b = tfl.layers.batchNormalization().apply(shared.apply(a)) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: b });
    const graph = traceModelGraph(model);
    expect(planBatchNormFolds(graph).map((p) => p.fold)).toEqual(['kept', 'kept']);
    const perCall = planBatchNormFolds(graph, {
      sharedLayers: 'per-call',
      transparent: (call) => call.layer.getClassName() === 'Dropout',
    });
    expect(perCall.map((p) => p.fold)).toEqual(['into-previous', 'into-previous']);
  });
});
