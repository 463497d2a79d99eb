import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  expectClose,
  predictTfjs,
  randomizeBatchNorms,
  referenceModel,
} from '../../test/helpers.js';
import { exportOnnx } from '../export-onnx.js';
import { OnnxOptionError } from '../errors.js';
import {
  createSession,
  CudaUnavailableError,
  cudaProviderStatus,
  DeviceUnavailableError,
  predict,
} from '../node.js';
import type { TypedTensor } from '../node.js';

const model = referenceModel();
let bytes: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  randomizeBatchNorms(model);
  bytes = (await exportOnnx(model)).bytes;
});

describe('createSession (onnxruntime-node)', () => {
  it('opens model bytes on the CPU and reports names and device', async () => {
    const session = await createSession(bytes, { device: 'cpu', intraOpNumThreads: 1 });
    expect(session.device).toBe('cpu');
    expect(session.requestedDevice).toBe('cpu');
    expect(session.fallbacks).toEqual([]);
    expect(session.fallbackReason).toBeUndefined();
    expect(session.inputNames).toEqual(['dense_Dense1_input']);
    expect(session.outputNames).toHaveLength(1);
    await session.release();
  });

  it('opens a model file with graph optimization disabled, with tfjs parity', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-onnx-'));
    const file = path.join(dir, 'model.onnx');
    fs.writeFileSync(file, bytes);
    const session = await createSession(file, {
      device: 'cpu',
      graphOptimizationLevel: 'disabled',
    });
    const x = tf.randomNormal([7, 20], 0, 1, 'float32', 3);
    const y = (await predict(session, x)) as tf.Tensor;
    expectClose({ data: y.dataSync() as Float32Array, dims: y.shape }, predictTfjs(model, [x])[0]!);
    await session.release();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const cuda = cudaProviderStatus();
  const noCuda = cuda.available ? it.skip : it;

  noCuda('cudaProviderStatus names the missing provider library', () => {
    expect(cuda.available).toBe(false);
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(cuda.library).toMatch(/bin\/napi-v6\/linux\/x64\/libonnxruntime_providers_cuda\.so$/);
      expect(cuda.reason).toMatch(
        /is missing \(onnxruntime-node was installed without its CUDA download\)/,
      );
    }
  });

  noCuda("device 'cuda' fails fast with how to get the CUDA provider", async () => {
    const started = Date.now();
    const error = await createSession(bytes, { device: 'cuda' }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(CudaUnavailableError);
    expect(error).toBeInstanceOf(DeviceUnavailableError);
    expect((error as DeviceUnavailableError).device).toBe('cuda');
    expect((error as DeviceUnavailableError).reason).toBe(cuda.reason);
    expect((error as Error).message).toMatch(
      /ONNXRUNTIME_NODE_INSTALL=cuda12 npm rebuild onnxruntime-node/,
    );
    expect((error as Error).message).toMatch(/CUDA 12 and cuDNN 9/);
  });

  it('rejects bad arguments naming the argument, the value and what is accepted', async () => {
    await expect(createSession(42 as unknown as string)).rejects.toThrow(
      'createSession: model must be a file path or a Uint8Array of ONNX bytes; received 42.',
    );
    await expect(createSession('/nonexistent/model.onnx')).rejects.toThrow(
      'createSession: model must be the path of an existing ONNX file; received "/nonexistent/model.onnx".',
    );
    await expect(createSession(bytes, { device: 'gpu' as 'cuda' })).rejects.toThrow(
      'createSession: device must be one of "auto", "cuda", "webgpu", "cpu"; received "gpu".',
    );
    await expect(createSession(bytes, { devise: 'cpu' } as never)).rejects.toThrow(
      /option name must be one of .*; received "devise"\. Did you mean "device"\?/,
    );
    await expect(createSession(bytes, { graphOptimizationLevel: 'max' as 'all' })).rejects.toThrow(
      OnnxOptionError,
    );
    await expect(createSession(bytes, { deviceId: -1 })).rejects.toThrow(
      'createSession: deviceId must be an integer >= 0; received -1.',
    );
  });

  it('passes external data given as bytes to onnxruntime', async () => {
    const exported = await exportOnnx(model, { externalDataThreshold: 1024 });
    expect(exported.externalData).toBeDefined();
    const session = await createSession(exported.bytes, {
      device: 'cpu',
      externalData: exported.externalData,
    });
    const x = tf.randomNormal([3, 20], 0, 1, 'float32', 5);
    const y = (await predict(session, x)) as tf.Tensor;
    expectClose({ data: y.dataSync() as Float32Array, dims: y.shape }, predictTfjs(model, [x])[0]!);
    await session.release();
  });
});

describe('predict (onnxruntime-node)', () => {
  it('takes and returns typed arrays, by position or by name', async () => {
    const session = await createSession(bytes, { device: 'cpu' });
    const x = tf.randomNormal([1, 20], 0, 1, 'float32', 9);
    const data = x.dataSync() as Float32Array;
    const ref = predictTfjs(model, [x])[0]!;
    const byPosition = (await predict(session, { data, shape: [1, 20] })) as TypedTensor;
    expectClose({ data: byPosition.data as Float32Array, dims: byPosition.shape }, ref);
    const byName = (await predict(session, {
      dense_Dense1_input: { data, shape: [1, 20] },
    })) as TypedTensor;
    expect(Array.from(byName.data as Float32Array)).toEqual(
      Array.from(byPosition.data as Float32Array),
    );
    // A bare onnxruntime session works too.
    const bare = (await predict(session.session, [{ data, shape: [1, 20] }])) as TypedTensor;
    expect(Array.from(bare.data as Float32Array)).toEqual(
      Array.from(byPosition.data as Float32Array),
    );
    await session.release();
  });

  it('rejects inputs that do not fit the model', async () => {
    const session = await createSession(bytes, { device: 'cpu' });
    await expect(predict(session, { data: new Float32Array(3), shape: [1, 20] })).rejects.toThrow(
      'predict: inputs["dense_Dense1_input"].data must be 20 values for shape [1, 20]; received [0, 0, 0]. It has 3.',
    );
    await expect(predict(session, { wrong: tf.zeros([1, 20]) })).rejects.toThrow(
      `predict: inputs must be the model's inputs [dense_Dense1_input]; received ["wrong"].`,
    );
    await expect(predict(session, tf.zeros([1, 20], 'bool'))).rejects.toThrow(
      'predict: inputs["dense_Dense1_input"].dtype must be "float32" or "int32"; received "bool".',
    );
    await expect(predict(session, 'x' as unknown as tf.Tensor)).rejects.toThrow(OnnxOptionError);
    await expect(predict({} as never, tf.zeros([1, 20]))).rejects.toThrow(
      'predict: session must be a session from createSession or an onnxruntime-node InferenceSession; received {}.',
    );
    await session.release();
  });
});
