import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectParity,
  opTypes,
  randomizeBatchNorms,
  referenceModel,
  runOnnx,
  predictTfjs,
  expectClose,
} from '../test/helpers.js';
import { decodeModelProto } from './onnx-proto.js';
import {
  exportOnnx,
  OnnxOptionError,
  registerLayerConverter,
  summarizeExport,
  unregisterLayerConverter,
  UnsupportedLayersError,
} from './index.js';
import { createSession, exportOnnx as exportOnnxVerified, predict, saveOnnx } from './node.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('exportOnnx on the reference model', () => {
  let model: tfl.Sequential;
  beforeAll(() => {
    model = referenceModel();
    randomizeBatchNorms(model);
  });

  it('folds both BatchNormalizations forward and writes three Gemms', async () => {
    const { bytes, report } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual(['Gemm', 'Relu', 'Gemm', 'Relu', 'Gemm', 'Sigmoid']);
    expect(report.batchNorm.map((d) => d.mode)).toEqual(['folded-into-next', 'folded-into-next']);
    expect(report.opset).toBe(17);
    expect(report.irVersion).toBe(8);
    expect(report.inputs).toEqual([
      { name: 'dense_Dense1_input', elemType: 1, shape: ['batch', 20] },
    ]);
    expect(report.outputs[0]?.shape).toEqual(['batch', 1]);
  });

  it('matches tfjs predict within 1e-5 at batch sizes 1 and 7, optimizer disabled and all', async () => {
    const { bytes } = await exportOnnx(model);
    for (const level of ['disabled', 'all'] as const) {
      const worst = await expectParity(model, bytes, { level, rtol: 0, atol: 1e-5 });
      expect(worst).toBeLessThanOrEqual(1e-5);
    }
  });

  it.each(['op', 'affine'] as const)('exports bn: %s with the same outputs', async (bn) => {
    const { bytes, report } = await exportOnnx(model, { bn });
    const ops = opTypes(bytes);
    if (bn === 'op') {
      expect(ops.filter((o) => o === 'BatchNormalization')).toHaveLength(2);
    } else {
      expect(ops).not.toContain('BatchNormalization');
      expect(ops.filter((o) => o === 'Mul')).toHaveLength(2);
    }
    expect(report.batchNorm.map((d) => d.mode)).toEqual([bn, bn]);
    await expectParity(model, bytes, { rtol: 0, atol: 1e-5 });
  });

  it.each([
    [13, 7],
    [15, 8],
    [17, 8],
    [21, 10],
  ])('writes opset %i with IR version %i and runs', async (opset, ir) => {
    const { bytes } = await exportOnnx(model, { opset, bn: 'op' });
    const decoded = decodeModelProto(bytes);
    expect(decoded.ir_version).toBe(ir);
    expect(decoded.opset_import).toEqual([{ domain: '', version: opset }]);
    await expectParity(model, bytes, { batchSizes: [7] });
  });

  it('summarizes an export in one line', async () => {
    const { report } = await exportOnnxVerified(model, { verify: true });
    expect(summarizeExport(report)).toMatch(
      /^opset 17 \(IR 8\), 6 nodes \(Gemm 3, Relu 2, Sigmoid 1\), BN: 2 folded, \d+\.\d kB, verified: max abs error [0-9.e-]+$/,
    );
  });

  it('fixes the batch dimension with staticBatch', async () => {
    const { bytes, report } = await exportOnnxVerified(model, {
      staticBatch: 3,
      verify: true,
    });
    expect(report.verification?.runs.map((r) => r.batchSize)).toEqual([3]);
    expect(report.inputs[0]?.shape).toEqual([3, 20]);
    await expectParity(model, bytes, { batchSizes: [3] });
    await expect(runOnnx(bytes, [tf.zeros([2, 20])])).rejects.toThrow(/dimension|Got: 2/i);
  });

  it('records producer, versions and the weights hash in metadata_props', async () => {
    const { bytes, report } = await exportOnnx(model, { metadata: { labels: 'no,yes' } });
    const decoded = decodeModelProto(bytes);
    const props = Object.fromEntries(decoded.metadata_props.map((p) => [p.key, p.value]));
    expect(decoded.producer_name).toBe('bnkit');
    expect(props['tfjs.layers.version']).toBe(tfl.version_layers);
    expect(props['source.weights.sha256']).toMatch(/^[0-9a-f]{64}$/);
    expect(props['source.weights.sha256']).toBe(report.weightsSha256);
    expect(props['labels']).toBe('no,yes');
  });

  it('saveOnnx writes a file onnxruntime loads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-onnx-'));
    const file = path.join(dir, 'nested', 'model.onnx');
    const report = await saveOnnx(model, file);
    expect(fs.statSync(file).size).toBe(report.byteLength);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['model.onnx']);
    await expectParity(model, new Uint8Array(fs.readFileSync(file)), { batchSizes: [2] });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('exportOnnx BatchNormalization folding', () => {
  it('folds a BN backward into a Dense with no activation (and no bias)', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 6, useBias: false, inputShape: [5] }),
        tfl.layers.batchNormalization({ epsilon: 0.01 }),
        tfl.layers.activation({ activation: 'tanh' }),
      ],
    });
    randomizeBatchNorms(model, 3);
    const { bytes, report } = await exportOnnx(model);
    expect(report.batchNorm[0]?.mode).toBe('folded-into-previous');
    expect(opTypes(bytes)).toEqual(['Gemm', 'Tanh']);
    await expectParity(model, bytes, { rtol: 0, atol: 1e-5 });
  });

  it('keeps a BN that feeds the output as Mul + Add and one that feeds two layers', async () => {
    const input = tfl.input({ shape: [4] });
    const h = tfl.layers.dense({ units: 3, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const bn = tfl.layers.batchNormalization().apply(h) as tfl.SymbolicTensor;
    const a = tfl.layers.dense({ units: 2 }).apply(bn) as tfl.SymbolicTensor;
    const b = tfl.layers.dense({ units: 2 }).apply(bn) as tfl.SymbolicTensor;
    const out = tfl.layers.add().apply([a, b]) as tfl.SymbolicTensor;
    const bn2 = tfl.layers.batchNormalization().apply(out) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: bn2 });
    randomizeBatchNorms(model, 11);
    const { bytes, report } = await exportOnnx(model);
    expect(report.batchNorm.map((d) => d.mode)).toEqual(['affine', 'affine']);
    expect(opTypes(bytes)).not.toContain('BatchNormalization');
    await expectParity(model, bytes);
  });

  it('removes Dropout between a BN and the Dense it folds into', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [3] }),
        tfl.layers.batchNormalization(),
        tfl.layers.dropout({ rate: 0.5 }),
        tfl.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    randomizeBatchNorms(model);
    const { bytes, report } = await exportOnnx(model);
    expect(opTypes(bytes)).toEqual(['Gemm', 'Relu', 'Gemm', 'Softmax']);
    expect(report.layers.map((l) => l.action)).toEqual([
      'converted',
      'folded',
      'removed',
      'converted',
    ]);
    await expectParity(model, bytes);
  });

  it('converts a layer whose class name ends in BatchNormalization by its weights', async () => {
    class BnkitBatchNormalization extends tfl.layers.Layer {
      static className = 'BnkitBatchNormalization';
      constructor(private readonly inner = tfl.layers.batchNormalization({ epsilon: 1e-5 })) {
        super({});
      }
      override build(shape: tfl.Shape | tfl.Shape[]): void {
        this.inner.build(shape);
        this.built = true;
      }
      override get trainableWeights() {
        return this.inner.trainableWeights;
      }
      override get nonTrainableWeights() {
        return this.inner.nonTrainableWeights;
      }
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return this.inner.apply(inputs, { training: false }) as tf.Tensor;
      }
      override getConfig() {
        return { ...super.getConfig(), axis: -1, epsilon: 1e-5, center: true, scale: true };
      }
      override getClassName() {
        return BnkitBatchNormalization.className;
      }
    }
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 5, activation: 'elu', inputShape: [4] }),
        new BnkitBatchNormalization(),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    randomizeBatchNorms(model, 5);
    const { bytes, report } = await exportOnnx(model);
    expect(report.batchNorm).toEqual([
      { layer: model.layers[1]?.name, mode: 'folded-into-next', into: model.layers[2]?.name },
    ]);
    await expectParity(model, bytes, { rtol: 0, atol: 1e-5 });
    const op = await exportOnnx(model, { bn: 'op' });
    expect(opTypes(op.bytes)).toContain('BatchNormalization');
    await expectParity(model, op.bytes, { rtol: 0, atol: 1e-5 });
  });
});

describe('exportOnnx errors', () => {
  it('lists every unsupported layer in one error', async () => {
    class Squash extends tfl.layers.Layer {
      static className = 'Squash';
      override call(inputs: tf.Tensor | tf.Tensor[]) {
        return tf.tanh(Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs);
      }
    }
    const model = tfl.sequential({
      layers: [
        tfl.layers.simpleRNN({
          units: 2,
          recurrentInitializer: 'glorotNormal',
          inputShape: [2, 4],
        }),
        tfl.layers.dense({ units: 4 }),
        new Squash({}),
      ],
    });
    const error = await exportOnnx(model).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsupportedLayersError);
    expect((error as UnsupportedLayersError).layers.map((l) => l.className)).toEqual([
      'SimpleRNN',
      'Squash',
    ]);
    expect((error as Error).message).toMatch(
      /2 layers[\s\S]*\(SimpleRNN\): no converter[\s\S]*\(Squash\)[\s\S]*registerLayerConverter/,
    );
  });

  it('rejects an opset below a converter minimum, naming both', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3] })] });
    registerLayerConverter('Dense', { minOpset: 18, convert: (ctx) => ctx.inputs });
    try {
      await expect(exportOnnx(model, { opset: 17 })).rejects.toThrow(
        /needs opset >= 18, exporting opset 17/,
      );
    } finally {
      unregisterLayerConverter('Dense');
    }
    await expect(exportOnnx(model, { opset: 17 })).resolves.toBeDefined();
  });

  it('rejects bad options with the value received and what is accepted', async () => {
    const model = referenceModel();
    await expect(exportOnnx(model, { opset: 12 })).rejects.toThrow(
      'exportOnnx: opset must be an integer in [13, 21]; received 12.',
    );
    await expect(exportOnnx(model, { bn: 'fuse' as 'op' })).rejects.toThrow(
      'exportOnnx: bn must be one of "fold", "op", "affine"; received "fuse".',
    );
    await expect(exportOnnx(model, { staticBatch: 0 })).rejects.toThrow(OnnxOptionError);
    await expect(exportOnnx({} as tfl.LayersModel)).rejects.toThrow(
      /exportOnnx: model must be a built tfjs LayersModel .*; received \{\}\./,
    );
    await expect(saveOnnx(model, '')).rejects.toThrow(
      'saveOnnx: path must be a non-empty string; received "".',
    );
  });

  it('refuses a model that is training', async () => {
    const model = referenceModel();
    (model as unknown as { isTraining: boolean }).isTraining = true;
    await expect(exportOnnx(model)).rejects.toThrow(/model is training/);
  });
});

describe('exportOnnx external data', () => {
  it('moves large initializers to 4 KiB-aligned external data that onnxruntime loads', async () => {
    const model = referenceModel();
    randomizeBatchNorms(model);
    const result = await exportOnnx(model, { externalDataThreshold: 8192 });
    expect(result.externalData?.path).toBe('model.onnx.data');
    const decoded = decodeModelProto(result.bytes);
    const external = decoded.graph!.initializer.filter((i) => i.data_location === 1);
    expect(external.map((i) => i.dims)).toEqual([[64, 64]]);
    const offsets = external.map((i) =>
      Number(i.external_data.find((e) => e.key === 'offset')?.value),
    );
    expect(offsets.every((o) => o % 4096 === 0)).toBe(true);
    const session = await createSession(result.bytes, {
      device: 'cpu',
      externalData: result.externalData!,
    });
    const x = tf.randomNormal([3, 20], 0, 1, 'float32', 1);
    const y = (await predict(session, { data: x.dataSync() as Float32Array, shape: [3, 20] })) as {
      data: Float32Array;
      shape: number[];
    };
    await session.release();
    expectClose({ data: y.data, dims: y.shape }, predictTfjs(model, [x])[0]!);
  });
});
