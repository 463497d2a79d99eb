import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { randomizeBatchNorms } from '../test/helpers.js';
import {
  exportOnnx,
  registerLayerConverter,
  unregisterLayerConverter,
  VerificationError,
} from './index.js';
import { verifyOnnx } from './node.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Dense -> tfjs-layers' own BatchNormalization over axis 1 of a [batch, 3, 4] tensor -> Dense. */
function nonLastAxisModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [3, 4] });
  const h = tfl.layers.dense({ units: 4, name: 'pre' }).apply(input) as tfl.SymbolicTensor;
  const bn = tfl.layers.batchNormalization({ axis: 1, name: 'bn_axis1' }).apply(h);
  const flat = tfl.layers.flatten().apply(bn as tfl.SymbolicTensor);
  const out = tfl.layers.dense({ units: 2, name: 'head' }).apply(flat as tfl.SymbolicTensor);
  const model = tfl.model({ inputs: input, outputs: out as tfl.SymbolicTensor });
  randomizeBatchNorms(model, 3);
  return model;
}

/** Closed-form BN of x along axis 1 with the layer's weights, in float64. */
function float64Reference(model: tfl.LayersModel, x: tf.Tensor): number[] {
  const pre = tfl.model({
    inputs: model.inputs,
    outputs: model.getLayer('pre').output as tfl.SymbolicTensor,
  });
  const h = pre.predict(x) as tf.Tensor;
  const [gamma, beta, mean, variance] = model
    .getLayer('bn_axis1')
    .getWeights()
    .map((w) => Array.from(w.dataSync()));
  const data = Array.from(h.dataSync());
  return data.map((v, i) => {
    const c = Math.floor(i / 4) % 3;
    return ((v - mean![c]!) / Math.sqrt(variance![c]! + 1e-3)) * gamma![c]! + beta![c]!;
  });
}

describe('verifyOnnx and tfjs-layers bugs', () => {
  it('tfjs-layers computes BatchNormalization over a non-last axis wrongly (the case verifyOnnx handles)', () => {
    const model = nonLastAxisModel();
    const x = tf.randomNormal([5, 3, 4], 0, 1, 'float32', 1);
    const probe = tfl.model({
      inputs: model.inputs,
      outputs: model.getLayer('bn_axis1').output as tfl.SymbolicTensor,
    });
    const tfjs = Array.from((probe.predict(x) as tf.Tensor).dataSync());
    const reference = float64Reference(model, x);
    const worst = Math.max(...tfjs.map((v, i) => Math.abs(v - reference[i]!)));
    expect(worst).toBeGreaterThan(1e-2);
  });

  it.each(['op', 'fold', 'affine'] as const)(
    'passes a correct export (bn: %s) and names the tfjs layer instead of blaming the export',
    async (bn) => {
      const model = nonLastAxisModel();
      const result = await exportOnnx(model, { bn });
      const report = await verifyOnnx(model, result, { throwOnMismatch: true });
      expect(report.ok).toBe(true);
      expect(report.maxAbsError).toBeLessThan(1e-4);
      expect(report.tfjsKnownBugs).toEqual([
        expect.objectContaining({ layer: 'bn_axis1', className: 'BatchNormalization', axis: 1 }),
      ]);
      expect(report.tfjsKnownBugs?.[0]?.note).toMatch(/non-last axis/);
      expect(report.tfjsMaxAbsError).toBeGreaterThan(1e-2);
    },
  );

  it('still catches a wrong export of such a model (bytes of other weights)', async () => {
    const model = nonLastAxisModel();
    const result = await exportOnnx(model, { bn: 'op' });
    const head = model.getLayer('head');
    head.setWeights(head.getWeights().map((w) => tf.add(w, 0.5)));
    const report = await verifyOnnx(model, result);
    expect(report.ok).toBe(false);
    expect(report.maxAbsError).toBeGreaterThan(0.1);
    await expect(verifyOnnx(model, result, { throwOnMismatch: true })).rejects.toThrow(
      /differs from a correct evaluation of the model \(tfjs predict itself is wrong for bn_axis1 \(BatchNormalization, axis 1\)\)/,
    );
    await expect(verifyOnnx(model, result, { throwOnMismatch: true })).rejects.toThrow(
      VerificationError,
    );
  });

  it('the per-layer search compares with the correct evaluation too: a wrong converter after the BN is named', async () => {
    registerLayerConverter('Flatten', {
      convert(ctx) {
        const flat = ctx.graph.addNode('Flatten', [ctx.inputs[0]!], {
          name: `${ctx.name}/Flatten`,
          attributes: { axis: { int: 1 } },
        });
        const two = ctx.graph.addFloatInitializer(`${ctx.name}/two`, [], [2]);
        return ctx.graph.addNode('Mul', [flat[0]!, two], { name: `${ctx.name}/Mul` });
      },
    });
    try {
      const model = nonLastAxisModel();
      const report = await verifyOnnx(model, await exportOnnx(model, { bn: 'op' }));
      expect(report.ok).toBe(false);
      expect(report.firstDivergingLayer?.className).toBe('Flatten');
      expect(report.tfjsKnownBugs?.[0]?.layer).toBe('bn_axis1');
    } finally {
      unregisterLayerConverter('Flatten');
    }
  });

  it('compares with tfjs predict as before when the axis is the last one', async () => {
    const input = tfl.input({ shape: [3, 4] });
    const bn = tfl.layers.batchNormalization({ axis: -1 }).apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: bn });
    randomizeBatchNorms(model, 5);
    const report = await verifyOnnx(model, await exportOnnx(model));
    expect(report.ok).toBe(true);
    expect(report.tfjsKnownBugs).toBeUndefined();
  });
});
