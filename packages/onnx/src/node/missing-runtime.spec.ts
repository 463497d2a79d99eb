import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { OptionalPeerMissingError } from '@bnkit/core';
import * as tfl from '@tensorflow/tfjs-layers';
import { exportOnnx } from '../export-onnx.js';
import { createSession, predict, verifyOnnx } from '../node.js';
import { createSession as createWebSession } from '../web.js';

tf.env().set('IS_TEST', true);

// A project that installed @bnkit/onnx for export only: neither runtime can be loaded.
function notInstalled(name: string): never {
  throw Object.assign(new Error(`Cannot find module '${name}' from 'load-onnxruntime.ts'`), {
    code: 'MODULE_NOT_FOUND',
  });
}
jest.mock('onnxruntime-node', () => notInstalled('onnxruntime-node'));
jest.mock('onnxruntime-web', () => notInstalled('onnxruntime-web'));

describe('sessions without the optional runtime installed', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    // Export needs no runtime (test/helpers.ts is not imported: it loads onnxruntime-node).
    const model = tfl.sequential({
      layers: [tfl.layers.dense({ units: 1, inputShape: [20], activation: 'sigmoid' })],
    });
    bytes = (await exportOnnx(model)).bytes;
  });

  it('createSession of /node says to install onnxruntime-node without the CUDA download', async () => {
    const error = await createSession(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionalPeerMissingError);
    expect((error as OptionalPeerMissingError).packageName).toBe('onnxruntime-node');
    expect((error as Error).message).toBe(
      'createSession (@bnkit/onnx/node) needs the optional peer dependency "onnxruntime-node", ' +
        "which could not be loaded (Cannot find module 'onnxruntime-node' from 'load-onnxruntime.ts'). " +
        'Install it with `npm install onnxruntime-node --ignore-scripts` for CPU and WebGPU without ' +
        'the CUDA download from api.nuget.org; or set ONNXRUNTIME_NODE_INSTALL=skip (or put ' +
        '`onnxruntime-node-install=skip` in .npmrc) and run `npm install onnxruntime-node`.',
    );
    // Arguments are still checked first.
    await expect(createSession(bytes, { device: 'tpu' as 'cpu' })).rejects.toThrow(
      /device must be one of/,
    );
  });

  it('verifyOnnx of /node loads the runtime the same way', async () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 1, inputShape: [20] })] });
    await expect(verifyOnnx(model, bytes)).rejects.toThrow(
      /^verifyOnnx \(@bnkit\/onnx\/node\) needs the optional peer dependency "onnxruntime-node", .*--ignore-scripts/,
    );
  });

  it('predict on a bare session names the runtime too', async () => {
    const bare = { inputNames: ['x'], outputNames: ['y'], run: jest.fn(), release: jest.fn() };
    await expect(predict(bare, tf.zeros([1, 20]))).rejects.toThrow(
      /predict \(@bnkit\/onnx\/node\) needs the optional peer dependency "onnxruntime-node"/,
    );
  });

  it('createSession of /web says to install onnxruntime-web', async () => {
    const error = await createWebSession(bytes).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionalPeerMissingError);
    expect((error as Error).message).toMatch(
      /^createSession \(@bnkit\/onnx\/web\) needs the optional peer dependency "onnxruntime-web", .*Install it with `npm install onnxruntime-web`\.$/,
    );
  });
});
