import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { randomizeBatchNorms, referenceModel } from '../test/helpers.js';
import { registerLayerConverter, unregisterLayerConverter, VerificationError } from './index.js';
import { exportOnnx, verifyOnnx } from './node.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** y = x * factor: a custom layer, to plant a wrong converter. */
class Scale extends tfl.layers.Layer {
  static className = 'TestScale';
  readonly factor: number;
  constructor(args: { factor: number; name?: string }) {
    super(args.name ? { name: args.name } : {});
    this.factor = args.factor;
  }
  override call(inputs: tf.Tensor | tf.Tensor[]) {
    return tf.mul(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs, this.factor);
  }
  override getConfig() {
    return { ...super.getConfig(), factor: this.factor };
  }
}

function scaleConverter(extra: number) {
  return {
    convert(ctx: Parameters<Parameters<typeof registerLayerConverter>[1]['convert']>[0]) {
      const k = ctx.graph.addFloatInitializer(
        `${ctx.name}/k`,
        [],
        [Number(ctx.config['factor']) + extra],
      );
      return ctx.graph.addNode('Mul', [ctx.inputs[0] as string, k], { name: `${ctx.name}/Mul` });
    },
  };
}

function scaledModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 6, activation: 'relu', inputShape: [4] }),
      new Scale({ factor: 2, name: 'the_scale' }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ],
  });
}

afterEach(() => {
  unregisterLayerConverter('TestScale');
});

describe('verifyOnnx', () => {
  it('reports errors per output at batch sizes 1 and 7 and for user inputs', async () => {
    const model = referenceModel();
    randomizeBatchNorms(model);
    const result = await exportOnnx(model);
    const user = tf.randomNormal([3, 20], 0, 2, 'float32', 5);
    const report = await verifyOnnx(model, result, { inputs: user });
    expect(report.ok).toBe(true);
    expect(report.runs.map((r) => [r.source, r.batchSize])).toEqual([
      ['random', 1],
      ['random', 7],
      ['user', 3],
    ]);
    expect(report.maxAbsError).toBeLessThanOrEqual(1e-5);
    expect(report.firstDivergingLayer).toBeUndefined();
  });

  it('runs from exportOnnx with verify: true', async () => {
    const model = referenceModel();
    randomizeBatchNorms(model);
    const { report } = await exportOnnx(model, { verify: { batchSizes: [2, 5] } });
    expect(report.verification?.ok).toBe(true);
    expect(report.verification?.runs.map((r) => r.batchSize)).toEqual([2, 5]);
  });

  it('names the first layer whose output diverges', async () => {
    const model = scaledModel();
    randomizeBatchNorms(model);
    registerLayerConverter('TestScale', scaleConverter(0.1));
    const { bytes } = await exportOnnx(model);
    const report = await verifyOnnx(model, bytes);
    expect(report.ok).toBe(false);
    expect(report.firstDivergingLayer?.name).toBe('the_scale');
    expect(report.firstDivergingLayer?.className).toBe('TestScale');
    expect(report.maxAbsError).toBeGreaterThan(1e-5);
    await expect(exportOnnx(model, { verify: true })).rejects.toThrow(VerificationError);
    await expect(exportOnnx(model, { verify: true })).rejects.toThrow(
      /first layer whose output diverges is the_scale \(TestScale\)/,
    );
  });

  it('passes once the converter is right, through the same plugin API', async () => {
    const model = scaledModel();
    randomizeBatchNorms(model);
    registerLayerConverter('TestScale', scaleConverter(0));
    const { report } = await exportOnnx(model, { verify: true });
    expect(report.verification?.ok).toBe(true);
    expect(report.batchNorm[0]?.mode).toBe('folded-into-next');
  });

  it('rejects bad arguments', async () => {
    const model = referenceModel();
    const { bytes } = await exportOnnx(model);
    await expect(verifyOnnx(model, 'x' as unknown as Uint8Array)).rejects.toThrow(
      /verifyOnnx: onnx must be ONNX bytes .*; received "x"/,
    );
    await expect(verifyOnnx(model, bytes, { rtol: -1 })).rejects.toThrow(
      'verifyOnnx: rtol must be a finite number >= 0; received -1.',
    );
    await expect(verifyOnnx(model, bytes, { batchSizes: [0] })).rejects.toThrow(
      /verifyOnnx: batchSizes must be an array of at least 1 items each an integer >= 1; received \[0\]/,
    );
    await expect(
      verifyOnnx(model, bytes, { inputs: [tf.zeros([1, 20]), tf.zeros([1, 20])] }),
    ).rejects.toThrow(
      /verifyOnnx: options.inputs must be 1 tensor\(s\), one per model input.*Received 2/,
    );
  });

  it('rejects invalid converter registrations', () => {
    expect(() => registerLayerConverter('', scaleConverter(0))).toThrow(/non-empty string/);
    expect(() => registerLayerConverter('X', {} as never)).toThrow(
      /convert must be a function convert\(ctx\); received undefined/,
    );
    expect(() => registerLayerConverter('X', { minOpset: 99, convert: () => [] })).toThrow(
      'registerLayerConverter: minOpset must be an integer in [1, 21]; received 99.',
    );
  });
});
