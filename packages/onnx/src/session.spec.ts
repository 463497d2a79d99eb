import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expectClose, predictTfjs, randomizeBatchNorms, referenceModel } from '../test/helpers.js';
import {
  createSession,
  CudaUnavailableError,
  cudaProviderStatus,
  exportOnnx,
  OnnxOptionError,
  predict,
} from './index.js';
import type { TypedTensor } from './index.js';

const model = referenceModel();
let bytes: Uint8Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  randomizeBatchNorms(model);
  bytes = (await exportOnnx(model)).bytes;
});

describe('createSession', () => {
  it('opens model bytes on the CPU and reports names and device', async () => {
    const session = await createSession(bytes, { device: 'cpu', intraOpNumThreads: 1 });
    expect(session.device).toBe('cpu');
    expect(session.inputNames).toEqual(['dense_Dense1_input']);
    expect(session.outputNames).toHaveLength(1);
    await session.release();
  });

  it('opens a model file with graph optimization disabled', async () => {
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

  noCuda("device 'auto' falls back to the CPU with one warning when CUDA is missing", async () => {
    const warnings: string[] = [];
    const session = await createSession(bytes, { warn: (m) => warnings.push(m) });
    expect(session.device).toBe('cpu');
    expect(session.fallbackReason).toBe(cuda.reason);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/CUDA execution provider is not available .* running on the CPU/);
    await session.release();
  });

  noCuda("device 'cuda' fails with how to install the CUDA provider", async () => {
    const error = await createSession(bytes, { device: 'cuda' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CudaUnavailableError);
    expect((error as Error).message).toMatch(/npm install-scripts approve onnxruntime-node/);
    expect((error as Error).message).toMatch(/CUDA 12 and cuDNN 9/);
  });

  it('rejects bad arguments with what was received', async () => {
    await expect(createSession(42 as unknown as string)).rejects.toThrow(
      'createSession: model must be a file path or a Uint8Array of ONNX bytes, got 42',
    );
    await expect(createSession('/nonexistent/model.onnx')).rejects.toThrow(/no file at/);
    await expect(createSession(bytes, { device: 'gpu' as 'cuda' })).rejects.toThrow(
      `device must be 'auto', 'cuda' or 'cpu', got "gpu"`,
    );
    await expect(createSession(bytes, { graphOptimizationLevel: 'max' as 'all' })).rejects.toThrow(
      OnnxOptionError,
    );
  });
});

describe('predict', () => {
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
    await session.release();
  });

  it('rejects inputs that do not fit the model', async () => {
    const session = await createSession(bytes, { device: 'cpu' });
    await expect(predict(session, { data: new Float32Array(3), shape: [1, 20] })).rejects.toThrow(
      'has 3 values for shape [1,20] (20 expected)',
    );
    await expect(predict(session, { wrong: tf.zeros([1, 20]) })).rejects.toThrow(
      'the model takes inputs [dense_Dense1_input], got [wrong]',
    );
    await expect(predict(session, 'x' as unknown as tf.Tensor)).rejects.toThrow(OnnxOptionError);
    await session.release();
  });
});
