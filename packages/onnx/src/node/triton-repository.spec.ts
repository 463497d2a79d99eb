import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectClose,
  predictTfjs,
  randomizeBatchNorms,
  referenceModel,
} from '../../test/helpers.js';
import { createSession, predict, readOnnxMetadata, writeTritonRepository } from '../node.js';

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
    const result = await writeTritonRepository(model, dir, {
      name: 'tfjs_mlp',
      maxBatchSize: 64,
      instance: 'gpu',
    });
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

  it('writes KIND_AUTO by default, so one repository serves on GPU and CPU-only Tritons', async () => {
    const model = referenceModel();
    const { config } = await writeTritonRepository(model, dir, { name: 'auto_kind' });
    expect(config).toMatch(
      /instance_group \[\n {2}\{\n {4}count: 1\n {4}kind: KIND_AUTO\n {2}\}\n\]\n$/,
    );
    const cpu = await writeTritonRepository(model, dir, { name: 'auto_kind', instance: 'cpu' });
    expect(cpu.config).toContain('kind: KIND_CPU');
    expect(fs.readFileSync(cpu.configPath, 'utf8')).toBe(cpu.config);
  });

  it('replaces the model folder atomically and keeps its other versions', async () => {
    const model = referenceModel();
    await writeTritonRepository(model, dir, { name: 'versions', version: 1 });
    fs.writeFileSync(path.join(dir, 'versions', '1', 'notes.txt'), 'kept with version 1');
    const second = await writeTritonRepository(model, dir, { name: 'versions', version: 2 });
    expect(fs.readdirSync(second.modelDir).sort()).toEqual(['1', '2', 'config.pbtxt']);
    expect(fs.readFileSync(path.join(dir, 'versions', '1', 'notes.txt'), 'utf8')).toBe(
      'kept with version 1',
    );
    // No temporary is left beside the model folder.
    expect(fs.readdirSync(dir).filter((f) => f.includes('bnkit-tmp'))).toEqual([]);
    // A failing export leaves the folder as it was.
    const before = fs.readFileSync(second.configPath, 'utf8');
    await expect(
      writeTritonRepository(model, dir, { name: 'versions', version: 3, opset: 99 }),
    ).rejects.toThrow(/opset/);
    expect(fs.readdirSync(second.modelDir).sort()).toEqual(['1', '2', 'config.pbtxt']);
    expect(fs.readFileSync(second.configPath, 'utf8')).toBe(before);
  });

  it('rejects bad options naming the option, the value and what is accepted', async () => {
    const model = referenceModel();
    await expect(writeTritonRepository(model, dir, { name: '../x' })).rejects.toThrow(
      `writeTritonRepository: name must be a folder name of letters, digits, '_', '.' or '-' that does not start with '.'; received "../x".`,
    );
    await expect(
      writeTritonRepository(model, dir, { name: 'a', maxBatchSize: -1 }),
    ).rejects.toThrow('writeTritonRepository: maxBatchSize must be an integer >= 0; received -1.');
    await expect(
      writeTritonRepository(model, dir, { name: 'a', instance: 'tpu' as 'cpu' }),
    ).rejects.toThrow(
      'writeTritonRepository: instance must be one of "auto", "cpu", "gpu"; received "tpu".',
    );
    await expect(
      writeTritonRepository(model, dir, { name: 'a', maxBatchSize: 0, dynamicBatching: true }),
    ).rejects.toThrow(/dynamicBatching must be false when maxBatchSize is 0; received true/);
    await expect(
      writeTritonRepository(model, dir, { name: 'a', staticBatch: 2 } as never),
    ).rejects.toThrow(/staticBatch must be undefined; received 2\. Triton batches along/);
    expect(() => readOnnxMetadata(new Uint8Array([1, 2, 3]))).toThrow(
      /readOnnxMetadata: model must be an ONNX ModelProto; received \[1, 2, 3\]\. It does not decode/,
    );
  });
});
