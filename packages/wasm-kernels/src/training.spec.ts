import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadBackends, wasmHeapBytes } from '../test/helpers.js';
import { registerWasmKernels, unregisterWasmKernels } from './register-wasm-kernels.js';

const init = (seed: number) => tfl.initializers.glorotUniform({ seed });

/** The reference pipeline's network: Dense(w, relu) → BN → Dense(w, relu) → BN → Dense(1). */
function denseModel(width: number, features: number): tfl.Sequential {
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: width,
        activation: 'relu',
        inputShape: [features],
        kernelInitializer: init(1),
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: width, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(3) }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return m;
}

/** A small CNN with BN (the MNIST bench model, shrunk): conv → BN → conv → pool → dense. */
function cnnModel(): tfl.Sequential {
  const m = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        inputShape: [10, 10, 1],
        kernelInitializer: init(4),
      }),
      tfl.layers.conv2d({
        filters: 6,
        kernelSize: 3,
        strides: 1,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(5),
      }),
      tfl.layers.batchNormalization(),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.depthwiseConv2d({
        kernelSize: 2,
        depthMultiplier: 2,
        depthwiseInitializer: init(6),
      }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(7) }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(8) }),
    ],
  });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  return m;
}

/** Data made on the backend in use (tensors moved from cpu make wasm training nondeterministic). */
function data(shape: number[], seed: number): { x: tf.Tensor; y: tf.Tensor } {
  return tf.tidy(() => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', seed);
    const score = tf.sum(tf.reshape(x, [shape[0] as number, -1]), 1, true);
    return { x, y: tf.cast(tf.greater(score, 0), 'float32') };
  });
}

async function fitHistory(
  backend: string,
  makeModel: () => tfl.Sequential,
  shape: number[],
  epochs: number,
): Promise<number[]> {
  await tf.setBackend(backend);
  const { x, y } = data(shape, 42);
  const model = makeModel();
  const history = await model.fit(x, y, { epochs, batchSize: 16, shuffle: false, verbose: 0 });
  model.dispose();
  tf.dispose([x, y]);
  return history.history.loss as number[];
}

function expectRelativelyClose(actual: number[], expected: number[], tolerance: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    const e = expected[i] as number;
    expect(Math.abs(v - e) / Math.abs(e)).toBeLessThan(tolerance);
  });
}

describe('training on wasm with the kernels registered', () => {
  beforeAll(() => loadBackends());
  afterEach(() => unregisterWasmKernels());

  it('fits the Dense/BN model to the same loss history as stock wasm (1e-5 relative)', async () => {
    const stock = await fitHistory('wasm', () => denseModel(48, 20), [96, 20], 5);
    registerWasmKernels();
    const ours = await fitHistory('wasm', () => denseModel(48, 20), [96, 20], 5);
    expectRelativelyClose(ours, stock, 1e-5);
    expect(ours[4]).toBeLessThan(ours[0] as number);
  }, 30_000);

  it('cannot fit a Conv2D model on stock wasm (the gap this package fills)', async () => {
    await expect(fitHistory('wasm', cnnModel, [32, 10, 10, 1], 1)).rejects.toThrow(
      /Conv2DBackpropFilter|DepthwiseConv2dNativeBackprop/,
    );
  });

  // Also needs this package's MaxPoolGrad: the stock one drops the gradient of pooling windows
  // with equal maxima, which the ReLU zeros turned into one value by BN make common here.
  it("fits a CNN with conv, depthwise conv and BN to the cpu backend's loss history", async () => {
    const cpu = await fitHistory('cpu', cnnModel, [32, 10, 10, 1], 4);
    registerWasmKernels();
    const ours = await fitHistory('wasm', cnnModel, [32, 10, 10, 1], 4);
    expectRelativelyClose(ours, cpu, 1e-5);
    expect(ours[3]).toBeLessThan(ours[0] as number);
  }, 60_000);

  it.each([
    ['Dense/BN', () => denseModel(64, 20), [32, 20]],
    ['CNN/BN', cnnModel, [16, 10, 10, 1]],
  ] as const)(
    'leaks no tensor and no wasm heap over many %s steps',
    async (_, makeModel, shape) => {
      registerWasmKernels();
      await tf.setBackend('wasm');
      const { x, y } = data([...shape], 7);
      const model = makeModel();
      for (let i = 0; i < 5; i++) await model.trainOnBatch(x, y);
      const tensors = tf.memory().numTensors;
      const heap = wasmHeapBytes();
      for (let i = 0; i < 60; i++) await model.trainOnBatch(x, y);
      expect(tf.memory().numTensors).toBe(tensors);
      expect(wasmHeapBytes()).toBe(heap);
      model.dispose();
      tf.dispose([x, y]);
    },
  );
});
