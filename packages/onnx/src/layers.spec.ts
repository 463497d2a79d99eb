import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  expectClose,
  expectParity,
  opTypes,
  predictTfjs,
  randomizeBatchNorms,
  runOnnx,
} from '../test/helpers.js';
import { decodeModelProto } from './onnx-proto.js';
import { exportOnnx } from './index.js';
import { verifyOnnx } from './node.js';
import { SUPPORTED_ACTIVATIONS } from './converters/activation-ops.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function seq(layers: tfl.layers.Layer[]): tfl.Sequential {
  return tfl.sequential({ layers });
}

describe('activations', () => {
  it.each(SUPPORTED_ACTIVATIONS.flatMap((a) => [[a, 17] as const, [a, 21] as const]))(
    'Dense with activation %s matches tfjs at opset %i',
    async (activation, opset) => {
      const model = seq([
        tfl.layers.dense({
          units: 5,
          activation: activation as never,
          inputShape: [4],
          biasInitializer: 'randomNormal',
        }),
      ]);
      const { bytes } = await exportOnnx(model, { opset });
      await expectParity(model, bytes);
    },
  );

  it('writes the activation layers with explicit tfjs attributes', async () => {
    const model = seq([
      tfl.layers.dense({ units: 6, inputShape: [3] }),
      tfl.layers.leakyReLU(),
      tfl.layers.dense({ units: 6 }),
      tfl.layers.elu(),
      tfl.layers.dense({ units: 6 }),
      tfl.layers.reLU({ maxValue: 0.5 }),
      tfl.layers.dense({ units: 6 }),
      tfl.layers.thresholdedReLU({ theta: 0.2 }),
      tfl.layers.activation({ activation: 'selu' }),
      tfl.layers.softmax(),
    ]);
    const { bytes } = await exportOnnx(model);
    const nodes = decodeModelProto(bytes).graph!.node;
    const leaky = nodes.find((n) => n.op_type === 'LeakyRelu');
    expect(leaky?.attribute[0]?.f).toBeCloseTo(0.3, 7);
    expect(nodes.find((n) => n.op_type === 'Elu')?.attribute[0]?.f).toBe(1);
    expect(opTypes(bytes)).toEqual(
      expect.arrayContaining(['Clip', 'ThresholdedRelu', 'Selu', 'Softmax']),
    );
    await expectParity(model, bytes);
  });
});

describe('structural layers', () => {
  it('Flatten keeps Keras element order; Reshape keeps the batch symbolic; Permute', async () => {
    const model = seq([
      tfl.layers.permute({ dims: [2, 1, 3], inputShape: [2, 3, 4] }),
      tfl.layers.reshape({ targetShape: [6, 4] }),
      tfl.layers.dense({ units: 3 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 2 }),
    ]);
    const { bytes } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual(['Transpose', 'Reshape', 'MatMul', 'Add', 'Flatten', 'Gemm']);
    await expectParity(model, bytes);
  });

  it('Embedding gathers rows for integer-valued inputs', async () => {
    const model = seq([
      tfl.layers.embedding({ inputDim: 10, outputDim: 3, inputLength: 4 }),
      tfl.layers.flatten(),
    ]);
    const { bytes } = await exportOnnx(model);
    const x = tf.tensor2d([
      [0, 3, 9, 2],
      [5, 5, 1, 0],
    ]);
    expectClose((await runOnnx(bytes, [x]))[0]!, predictTfjs(model, [x])[0]!, 0, 0);
    const report = await verifyOnnx(model, bytes, { batchSizes: [5] });
    expect(report.ok).toBe(true);
  });

  it.each([15, 17, 18])('LayerNormalization matches tfjs at opset %i', async (opset) => {
    const model = seq([
      tfl.layers.dense({ units: 8, inputShape: [5] }),
      tfl.layers.layerNormalization({
        betaInitializer: 'randomNormal',
        gammaInitializer: 'randomNormal',
      }),
    ]);
    const { bytes } = await exportOnnx(model, { opset });
    expect(opTypes(bytes).includes('LayerNormalization')).toBe(opset >= 17);
    await expectParity(model, bytes);
  });
});

describe('more layers', () => {
  it('PReLU (learned slopes, shared over the spatial axes), Cropping2D and RepeatVector', async () => {
    const model = seq([
      tfl.layers.conv2d({ filters: 3, kernelSize: 1, inputShape: [6, 5, 2] }),
      tfl.layers.cropping2D({
        cropping: [
          [1, 2],
          [0, 1],
        ],
      }),
      tfl.layers.prelu({ sharedAxes: [1, 2], alphaInitializer: 'randomNormal' }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 4 }),
      tfl.layers.prelu({ alphaInitializer: 'randomNormal' }),
      tfl.layers.repeatVector({ n: 3 }),
    ]);
    const { bytes } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual(expect.arrayContaining(['Slice', 'PRelu', 'Tile']));
    await expectParity(model, bytes);
  });
});

describe('a functional model with two inputs and merges', () => {
  it('exports Concatenate, Add, Multiply, Average, Maximum, Minimum and two outputs', async () => {
    const a = tfl.input({ shape: [4], name: 'a' });
    const b = tfl.input({ shape: [3], name: 'b' });
    const ha = tfl.layers.dense({ units: 5, activation: 'relu' }).apply(a) as tfl.SymbolicTensor;
    const hb = tfl.layers.dense({ units: 5, activation: 'tanh' }).apply(b) as tfl.SymbolicTensor;
    const merged = [
      tfl.layers.add(),
      tfl.layers.multiply(),
      tfl.layers.average(),
      tfl.layers.maximum(),
      tfl.layers.minimum(),
    ].map((l) => l.apply([ha, hb]) as tfl.SymbolicTensor);
    const cat = tfl.layers.concatenate().apply([a, b, ...merged]) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization().apply(cat) as tfl.SymbolicTensor;
    const y1 = tfl.layers
      .dense({ units: 2, activation: 'softmax', name: 'probs' })
      .apply(bn) as tfl.SymbolicTensor;
    const y2 = tfl.layers.dense({ units: 1, name: 'score' }).apply(hb) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: [a, b], outputs: [y1, y2] });
    randomizeBatchNorms(model);
    const { bytes, report } = await exportOnnx(model);
    expect(report.inputs.map((i) => i.name)).toEqual(['a', 'b']);
    expect(report.outputs.map((o) => o.name)).toEqual(['probs', 'score']);
    expect(report.batchNorm[0]?.mode).toBe('folded-into-next');
    const worst = await expectParity(model, bytes, { rtol: 0, atol: 1e-5 });
    expect(worst).toBeLessThanOrEqual(1e-5);
  });
});

describe('remaining layer kinds', () => {
  it('removes every training-only layer', async () => {
    const model = seq([
      tfl.layers.dense({ units: 4, inputShape: [6, 3] }),
      tfl.layers.spatialDropout1d({ rate: 0.3 }),
      tfl.layers.gaussianNoise({ stddev: 0.5 }),
      tfl.layers.gaussianDropout({ rate: 0.2 }),
      tfl.layers.alphaDropout({ rate: 0.2 }),
      tfl.layers.dropout({ rate: 0.4 }),
    ]);
    const { bytes, report } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual(['MatMul', 'Add']);
    expect(report.layers.filter((l) => l.action === 'removed')).toHaveLength(5);
    await expectParity(model, bytes);
  });

  it('GlobalMaxPooling2D and GlobalAveragePooling1D', async () => {
    const a = seq([
      tfl.layers.conv2d({ filters: 3, kernelSize: 2, inputShape: [4, 5, 2] }),
      tfl.layers.globalMaxPooling2d({}),
    ]);
    await expectParity(a, (await exportOnnx(a)).bytes);
    const b = seq([
      tfl.layers.dense({ units: 3, inputShape: [7, 2] }),
      tfl.layers.globalAveragePooling1d({}),
    ]);
    await expectParity(b, (await exportOnnx(b)).bytes);
  });

  it.each(['op', 'affine', 'fold'] as const)(
    'BatchNormalization on a rank-3 channels-last tensor outside any Conv (bn: %s)',
    async (bn) => {
      const model = seq([
        tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [5, 3] }),
        tfl.layers.batchNormalization(),
      ]);
      randomizeBatchNorms(model);
      const { bytes } = await exportOnnx(model, { bn });
      if (bn === 'op')
        expect(opTypes(bytes)).toEqual([
          'MatMul',
          'Add',
          'Relu',
          'Transpose',
          'BatchNormalization',
          'Transpose',
        ]);
      await expectParity(model, bytes, { rtol: 0, atol: 1e-5 });
    },
  );
});

describe('graph shapes', () => {
  it('exports a layer shared by two calls once per call, and an input passed straight out', async () => {
    const a = tfl.input({ shape: [3], name: 'left' });
    const b = tfl.input({ shape: [3], name: 'right' });
    const shared = tfl.layers.dense({ units: 2, activation: 'tanh', name: 'shared' });
    const sum = tfl.layers.add().apply([shared.apply(a), shared.apply(b)] as tfl.SymbolicTensor[]);
    const model = tfl.model({ inputs: [a, b], outputs: [sum as tfl.SymbolicTensor, a] });
    const { bytes, report } = await exportOnnx(model);
    expect(opTypes(bytes).filter((o) => o === 'Gemm')).toHaveLength(2);
    expect(report.outputs.map((o) => o.name)).toHaveLength(2);
    await expectParity(model, bytes);
  });

  it('says that nested models are not supported', async () => {
    const inner = seq([tfl.layers.dense({ units: 2, inputShape: [3] })]);
    const x = tfl.input({ shape: [3] });
    const model = tfl.model({ inputs: x, outputs: inner.apply(x) as tfl.SymbolicTensor });
    await expect(exportOnnx(model)).rejects.toThrow(
      /\(Sequential\): nested models are not supported yet/,
    );
  });
});

describe('convolutional models', () => {
  function cnn(): tfl.Sequential {
    return seq([
      tfl.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        inputShape: [9, 9, 2],
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }),
      tfl.layers.conv2d({ filters: 6, kernelSize: [2, 3], strides: [1, 2], padding: 'valid' }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same' }),
      tfl.layers.separableConv2d({ filters: 5, kernelSize: 2, padding: 'same', activation: 'elu' }),
      tfl.layers.zeroPadding2d({
        padding: [
          [1, 0],
          [0, 2],
        ],
      }),
      tfl.layers.averagePooling2d({ poolSize: 2, strides: 1, padding: 'same' }),
      tfl.layers.upSampling2d({ size: [2, 1] }),
      tfl.layers.globalAveragePooling2d({}),
      tfl.layers.dense({ units: 3, activation: 'softmax' }),
    ]);
  }

  it('exports a CNN with BN in one channels-first region (one Transpose) and folds BN into the Conv', async () => {
    const model = cnn();
    randomizeBatchNorms(model);
    const { bytes, report } = await exportOnnx(model);
    const ops = opTypes(bytes);
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(1);
    expect(ops).not.toContain('BatchNormalization');
    expect(report.batchNorm.map((d) => d.mode)).toEqual(['affine', 'folded-into-previous']);
    for (const level of ['disabled', 'all'] as const) {
      const worst = await expectParity(model, bytes, { level, rtol: 0, atol: 1e-5 });
      expect(worst).toBeLessThanOrEqual(1e-5);
    }
  });

  it.each([15, 21])('exports the CNN at opset %i', async (opset) => {
    const model = cnn();
    randomizeBatchNorms(model);
    const { bytes } = await exportOnnx(model, { opset });
    await expectParity(model, bytes, { batchSizes: [7] });
  });

  it.each(['op', 'affine'] as const)('keeps BN inside the NCHW region with bn: %s', async (bn) => {
    const model = cnn();
    randomizeBatchNorms(model);
    const { bytes } = await exportOnnx(model, { bn, opset: 13 });
    const ops = opTypes(bytes);
    expect(ops.filter((o) => o === 'Transpose')).toHaveLength(1);
    expect(ops.filter((o) => o === 'BatchNormalization')).toHaveLength(bn === 'op' ? 2 : 0);
    await expectParity(model, bytes);
  });

  it('closes the region before Flatten so the Dense sees Keras order', async () => {
    const model = seq([
      tfl.layers.conv2d({
        filters: 3,
        kernelSize: 2,
        inputShape: [5, 4, 1],
        activation: 'sigmoid',
      }),
      tfl.layers.maxPooling2d({ poolSize: [2, 1] }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 2 }),
    ]);
    const { bytes } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual([
      'Transpose',
      'Conv',
      'Sigmoid',
      'MaxPool',
      'Transpose',
      'Flatten',
      'Gemm',
    ]);
    await expectParity(model, bytes);
  });

  it('exports Conv1D (dilated, strided), pooling 1D and a channels-last model output', async () => {
    const model = seq([
      tfl.layers.conv1d({
        filters: 4,
        kernelSize: 3,
        padding: 'valid',
        dilationRate: 2,
        inputShape: [10, 3],
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.averagePooling1d({ poolSize: 2 }),
      tfl.layers.conv1d({
        filters: 2,
        kernelSize: 2,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
      }),
      tfl.layers.maxPooling1d({ poolSize: 1 }),
    ]);
    randomizeBatchNorms(model);
    const { bytes } = await exportOnnx(model);
    expect(opTypes(bytes).filter((o) => o === 'Transpose')).toHaveLength(2);
    await expectParity(model, bytes);
    const global = seq([
      tfl.layers.conv1d({ filters: 4, kernelSize: 2, inputShape: [6, 2] }),
      tfl.layers.globalMaxPooling1d({}),
    ]);
    await expectParity(global, (await exportOnnx(global)).bytes);
  });

  it('upsamples bilinearly like tfjs', async () => {
    const model = seq([
      tfl.layers.upSampling2d({ size: [2, 3], interpolation: 'bilinear', inputShape: [3, 4, 2] }),
    ]);
    await expectParity(model, (await exportOnnx(model)).bytes);
  });
});
