import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { createRequire } from 'node:module';
import { batchNormalization } from './batch-normalization.js';
import { LayerArgumentError } from './errors.js';
import { FusedAdamOptimizer, fusedAdam } from './fused-adam.js';
import { ADAM_KERNEL } from './adam-kernel.js';

// The reference pipeline's kind of network, small: Dense(relu) → BN → Dense(sigmoid), seeded.
function model(optimizer: tf.Optimizer): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const m = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 16,
        activation: 'relu',
        inputShape: [6],
        kernelInitializer: init(1),
      }),
      batchNormalization(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(2) }),
    ],
  });
  m.compile({ optimizer, loss: 'binaryCrossentropy' });
  return m;
}

// Created on the backend under test: tensors created on cpu and then used on wasm make tfjs-wasm
// 4.22 training nondeterministic (two identical models diverge), whatever the optimizer.
let x: tf.Tensor;
let y: tf.Tensor;

async function train(m: tfl.Sequential, steps: number): Promise<void> {
  for (let i = 0; i < steps; i++) await m.trainOnBatch(x, y);
}

/** Indices at which two lists of tensors differ in any bit (NaN equals NaN). */
function bitDifferences(a: tf.Tensor[], b: tf.Tensor[]): string[] {
  expect(b.map((t) => t.shape)).toEqual(a.map((t) => t.shape));
  const out: string[] = [];
  a.forEach((t, i) => {
    const p = new Uint32Array((t.dataSync() as Float32Array).slice().buffer);
    const q = new Uint32Array(((b[i] as tf.Tensor).dataSync() as Float32Array).slice().buffer);
    p.forEach((bits, j) => {
      if (bits !== q[j]) out.push(`${i}[${j}]`);
    });
  });
  return out;
}

async function optimizerState(m: tfl.Sequential): Promise<tf.Tensor[]> {
  return (await m.optimizer.getWeights()).map((w) => w.tensor);
}

describe.each(['cpu', 'wasm'])('fusedAdam on %s', (backend) => {
  beforeAll(async () => {
    if (backend === 'wasm') createRequire(__filename)('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend(backend);
    x = tf.randomNormal([24, 6], 0, 1, 'float32', 7);
    y = tf.tidy(() =>
      tf.cast(tf.greater(tf.randomUniform([24, 1], 0, 1, 'float32', 8), 0.5), 'float32'),
    );
  });
  afterAll(async () => {
    tf.dispose([x, y]);
    await tf.setBackend('cpu');
  });

  it('trains bit-identically to tf.train.adam (weights and optimizer state, 25 steps)', async () => {
    const reference = model(tf.train.adam(0.01, 0.8, 0.95));
    const fused = model(fusedAdam(0.01, 0.8, 0.95));
    await train(reference, 25);
    await train(fused, 25);
    expect(bitDifferences(reference.getWeights(), fused.getWeights())).toEqual([]);
    expect(bitDifferences(await optimizerState(reference), await optimizerState(fused))).toEqual(
      [],
    );
    expect(fused.optimizer.iterations).toBe(25);
    reference.dispose();
    fused.dispose();
  });

  it('updates every variable in one kernel per step', async () => {
    const m = model(fusedAdam());
    await train(m, 1);
    const profile = await tf.profile(() => m.trainOnBatch(x, y));
    const names = profile.kernels.map((k) => k.name);
    expect(names.filter((n) => n === ADAM_KERNEL)).toHaveLength(1);
    expect(names).not.toContain('Sqrt');
    m.dispose();
  });

  it('reads the learningRate field at every step, as learning-rate callbacks expect', async () => {
    const m = model(fusedAdam(0.05));
    await train(m, 2);
    const trainable = () => m.trainableWeights.map((w) => w.read());
    const before = trainable().map((w) => w.clone());
    (m.optimizer as unknown as { learningRate: number }).learningRate = 0;
    await train(m, 3);
    expect(bitDifferences(before, trainable())).toEqual([]);
    tf.dispose(before);
    m.dispose();
  });

  it('saves and restores state interchangeably with tf.train.adam', async () => {
    const trained = model(fusedAdam(0.01));
    await train(trained, 5);
    const state = await trained.optimizer.getWeights();
    // The same model and optimizer state restored into each optimizer must train identically.
    const resume = async (optimizer: tf.Optimizer): Promise<tfl.Sequential> => {
      const m = model(optimizer);
      m.setWeights(trained.getWeights());
      await m.optimizer.setWeights(state.map((w) => ({ name: w.name, tensor: w.tensor.clone() })));
      await train(m, 5);
      return m;
    };
    const reference = await resume(tf.train.adam(0.01));
    const fused = await resume(fusedAdam(0.01));
    expect(bitDifferences(reference.getWeights(), fused.getWeights())).toEqual([]);
    tf.dispose(state.map((w) => w.tensor));
    [trained, reference, fused].forEach((m) => m.dispose());
  });

  it('creates moments for a variable without a gradient and leaves it unchanged', () => {
    const a = tf.variable(tf.tensor1d([1, 2, 3]));
    const b = tf.variable(tf.tensor1d([4, 5]));
    const opt = fusedAdam(0.1);
    tf.tidy(() =>
      opt.applyGradients([
        { name: a.name, tensor: tf.tensor1d([1, -1, 0.5]) },
        { name: b.name, tensor: null as unknown as tf.Tensor },
      ]),
    );
    expect(Array.from(b.dataSync())).toEqual([4, 5]);
    expect(Array.from(a.dataSync())).not.toEqual([1, 2, 3]);
    expect(opt.getConfig()).toEqual(tf.train.adam(0.1).getConfig());
    opt.dispose();
    tf.dispose([a, b]);
  });

  it('leaks no tensors across training steps', async () => {
    const m = model(fusedAdam());
    await train(m, 2);
    const count = tf.memory().numTensors;
    await train(m, 5);
    expect(tf.memory().numTensors).toBe(count);
    m.dispose();
  });
});

describe('fusedAdam arguments', () => {
  it('is an AdamOptimizer with tfjs defaults and class name', () => {
    const opt = fusedAdam();
    expect(opt).toBeInstanceOf(FusedAdamOptimizer);
    expect(opt).toBeInstanceOf(tf.AdamOptimizer);
    expect(opt.getClassName()).toBe('Adam');
    expect(opt.getConfig()).toEqual(tf.train.adam().getConfig());
    opt.dispose();
  });

  it.each([
    ['a negative learningRate', [-1], /learningRate must be a finite number >= 0; received -1/],
    ['a NaN learningRate', [Number.NaN], /learningRate must be a finite number >= 0; received NaN/],
    ['beta1 = 1', [0.1, 1], /beta1 must be a finite number >= 0 and < 1; received 1/],
    [
      'a negative beta2',
      [0.1, 0.9, -0.5],
      /beta2 must be a finite number >= 0 and < 1; received -0.5/,
    ],
    ['epsilon = 0', [0.1, 0.9, 0.999, 0], /epsilon must be a finite number > 0; received 0/],
    ['a string', ['0.1'], /learningRate must be a finite number >= 0; received "0.1"/],
  ])('rejects %s', (_what, args, message) => {
    const call = () => (fusedAdam as (...a: unknown[]) => unknown)(...args);
    expect(call).toThrow(LayerArgumentError);
    expect(call).toThrow(message);
  });
});
