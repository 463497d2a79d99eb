import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectClose, predictTfjs, randomizeBatchNorms, referenceModel } from '../test/helpers.js';
import { createSession, predict, readOnnxMetadata, writeTritonRepository } from './index.js';

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-triton-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The exact minimal config.pbtxt from the Triton model-configuration docs (spec section 5). */
const TRITON_DOCS_EXAMPLE = `name: "tfjs_mlp"
platform: "onnxruntime_onnx"
max_batch_size: 64
input [
  {
    name: "input_1"
    data_type: TYPE_FP32
    dims: [ 8 ]
  }
]
output [
  {
    name: "dense_2"
    data_type: TYPE_FP32
    dims: [ 3 ]
  }
]
dynamic_batching {
  max_queue_delay_microseconds: 100
}
instance_group [
  {
    count: 1
    kind: KIND_GPU
  }
]
`;

describe('writeTritonRepository', () => {
  it('writes the documented config.pbtxt and 1/model.onnx with matching tensor names', async () => {
    const input = tfl.input({ shape: [8], name: 'input_1' });
    const output = tfl.layers
      .dense({ units: 3, name: 'dense_2' })
      .apply(input) as tfl.SymbolicTensor;
    const model = tfl.model({ inputs: input, outputs: output });
    const result = await writeTritonRepository(model, dir, { name: 'tfjs_mlp', maxBatchSize: 64 });
    expect(fs.readFileSync(path.join(dir, 'tfjs_mlp', 'config.pbtxt'), 'utf8')).toBe(
      TRITON_DOCS_EXAMPLE,
    );
    expect(result.modelPath).toBe(path.join(dir, 'tfjs_mlp', '1', 'model.onnx'));
    const meta = readOnnxMetadata(result.modelPath);
    expect(meta.inputs).toEqual([{ name: 'input_1', elemType: 1, shape: ['batch', 8] }]);
    expect(meta.outputs).toEqual([{ name: 'dense_2', elemType: 1, shape: ['batch', 3] }]);
    expect(fs.readdirSync(path.join(dir, 'tfjs_mlp')).sort()).toEqual(['1', 'config.pbtxt']);
  });

  it('uses the model.onnx/ folder form for external data, which createSession loads by path', async () => {
    const model = referenceModel();
    randomizeBatchNorms(model);
    const result = await writeTritonRepository(model, dir, {
      name: 'bnkit_mlp',
      instance: 'cpu',
      instanceCount: 2,
      dynamicBatching: { maxQueueDelayMicroseconds: 500 },
      externalDataThreshold: 8192,
      version: 3,
    });
    expect(fs.readdirSync(path.join(dir, 'bnkit_mlp', '3', 'model.onnx')).sort()).toEqual([
      'model.onnx',
      'model.onnx.data',
    ]);
    expect(result.config).toContain('kind: KIND_CPU');
    expect(result.config).toContain('count: 2');
    expect(result.config).toContain('max_queue_delay_microseconds: 500');
    expect(result.config).toMatch(
      /name: "dense_Dense1_input"\n {4}data_type: TYPE_FP32\n {4}dims: \[ 20 \]/,
    );
    const session = await createSession(result.modelPath, { device: 'cpu' });
    const x = tf.randomNormal([2, 20], 0, 1, 'float32', 4);
    const y = (await predict(session, x)) as tf.Tensor;
    expectClose({ data: y.dataSync() as Float32Array, dims: y.shape }, predictTfjs(model, [x])[0]!);
    await session.release();
  });

  it('writes full shapes and no dynamic batching with maxBatchSize 0', async () => {
    const model = referenceModel();
    const { config } = await writeTritonRepository(model, dir, {
      name: 'nobatch',
      maxBatchSize: 0,
    });
    expect(config).toContain('max_batch_size: 0');
    expect(config).toContain('dims: [ -1, 20 ]');
    expect(config).not.toContain('dynamic_batching');
  });

  it('records versions and the weights hash in metadata_props, read back by readOnnxMetadata', async () => {
    const model = referenceModel();
    const { modelPath, report } = await writeTritonRepository(model, dir, { name: 'meta' });
    const meta = readOnnxMetadata(modelPath);
    expect(meta.producerName).toBe('bnkit');
    expect(meta.opsets).toEqual({ '': 17 });
    expect(meta.irVersion).toBe(8);
    expect(meta.metadata['source.weights.sha256']).toBe(report.weightsSha256);
    expect(meta.metadata['tfjs.core.version']).toBe(tf.version_core);
    expect(meta.metadata['bnkit.bn']).toBe('fold');
  });

  it('rejects bad options', async () => {
    const model = referenceModel();
    await expect(writeTritonRepository(model, dir, { name: '../x' })).rejects.toThrow(
      /name must be a folder name .* got "..\/x"/,
    );
    await expect(
      writeTritonRepository(model, dir, { name: 'a', maxBatchSize: -1 }),
    ).rejects.toThrow('maxBatchSize must be an integer >= 0, got -1');
    await expect(
      writeTritonRepository(model, dir, { name: 'a', instance: 'tpu' as 'cpu' }),
    ).rejects.toThrow(`instance must be 'gpu' or 'cpu', got "tpu"`);
    await expect(
      writeTritonRepository(model, dir, { name: 'a', maxBatchSize: 0, dynamicBatching: true }),
    ).rejects.toThrow(/dynamicBatching needs maxBatchSize > 0/);
    await expect(
      writeTritonRepository(model, dir, { name: 'a', staticBatch: 2 } as never),
    ).rejects.toThrow(/staticBatch is not accepted \(got 2\)/);
    expect(() => readOnnxMetadata(new Uint8Array([1, 2, 3]))).toThrow(/not an ONNX ModelProto/);
  });
});
