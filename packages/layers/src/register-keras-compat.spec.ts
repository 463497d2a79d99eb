import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization } from './batch-normalization.js';
import { registerKerasCompat } from './register-keras-compat.js';
import { maxAbsDiff } from '../test/helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A tf.keras 2.x Sequential topology with one BatchNormalization, as tfjs-converter writes it. */
function kerasArtifacts(
  config: Record<string, unknown>,
  weights: Record<string, tf.Tensor>,
): Promise<tf.io.ModelArtifacts> {
  const modelTopology = {
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: [
        {
          class_name: 'BatchNormalization',
          config: {
            name: 'bn',
            trainable: true,
            batch_input_shape: [null, 3],
            dtype: 'float32',
            axis: [1],
            momentum: 0.99,
            epsilon: 0.001,
            center: true,
            scale: true,
            beta_initializer: { class_name: 'Zeros', config: {} },
            gamma_initializer: { class_name: 'Ones', config: {} },
            moving_mean_initializer: { class_name: 'Zeros', config: {} },
            moving_variance_initializer: { class_name: 'Ones', config: {} },
            beta_regularizer: null,
            gamma_regularizer: null,
            beta_constraint: null,
            gamma_constraint: null,
            ...config,
          },
        },
      ],
    },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  };
  const named = Object.entries(weights).map(([name, tensor]) => ({ name: `bn/${name}`, tensor }));
  return tf.io.encodeWeights(named).then(({ data, specs }) => ({
    modelTopology,
    weightSpecs: specs,
    weightData: data,
  }));
}

const gamma = tf.tensor1d([1.5, 0.5, 2]);
const beta = tf.tensor1d([0.1, -0.2, 0.3]);
const mean = tf.tensor1d([1, -1, 0.5]);
const variance = tf.tensor1d([4, 0.25, 1]);

function inferenceReference(x: number[][]): number[] {
  const g = [1.5, 0.5, 2];
  const b = [0.1, -0.2, 0.3];
  const m = [1, -1, 0.5];
  const v = [4, 0.25, 1];
  return x.flatMap((row) =>
    row.map(
      (val, c) =>
        ((val - (m[c] as number)) / Math.sqrt((v[c] as number) + 1e-3)) * (g[c] as number) +
        (b[c] as number),
    ),
  );
}

describe('registerKerasCompat', () => {
  it('loads a tf.keras renorm BN (keys and the three extra weights) into this layer', async () => {
    registerKerasCompat();
    registerKerasCompat();
    const artifacts = await kerasArtifacts(
      {
        renorm: true,
        renorm_clipping: { rmax: 3, rmin: 0.3333, dmax: 5 },
        renorm_momentum: 0.9,
        fused: false,
        // Keras 3 style dtype policy and initializer dicts
        dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' } },
        beta_initializer: {
          module: 'keras.initializers',
          class_name: 'Zeros',
          config: {},
          registered_name: null,
        },
      },
      {
        gamma,
        beta,
        moving_mean: mean,
        moving_variance: variance,
        moving_stddev: tf.sqrt(tf.add(variance, 1e-3)),
        renorm_mean: mean,
        renorm_stddev: tf.sqrt(tf.add(variance, 1e-3)),
      },
    );
    const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const bn = model.layers[0] as BatchNormalization;
    expect(bn).toBeInstanceOf(BatchNormalization);
    expect(bn.renorm).toBe(true);
    expect(bn.renormMomentum).toBe(0.9);
    expect(bn.renormClipping).toEqual({ rmax: 3, rmin: 0.3333, dmax: 5 });
    const x = [
      [0, 1, 2],
      [3, -1, 0.5],
    ];
    const y = model.predict(tf.tensor2d(x)) as tf.Tensor;
    expect(maxAbsDiff(y, inferenceReference(x))).toBeLessThan(1e-5);
  });

  it('loads a tf.keras ghost-BN layer with (1, 1, C) weights and trains it', async () => {
    registerKerasCompat();
    const r = (t: tf.Tensor): tf.Tensor => tf.reshape(t, [1, 1, 3]);
    const artifacts = await kerasArtifacts(
      { virtual_batch_size: 2 },
      { gamma: r(gamma), beta: r(beta), moving_mean: r(mean), moving_variance: r(variance) },
    );
    const model = await tfl.loadLayersModel(tf.io.fromMemory(artifacts));
    const bn = model.layers[0] as BatchNormalization;
    expect(bn.virtualBatchSize).toBe(2);
    expect(bn.gamma!.shape).toEqual([1, 1, 3]);
    const x = [
      [0, 1, 2],
      [3, -1, 0.5],
    ];
    expect(
      maxAbsDiff(model.predict(tf.tensor2d(x)) as tf.Tensor, inferenceReference(x)),
    ).toBeLessThan(1e-5);
    // Training mode with ghost batches of 2 from a batch of 4: ghost j = samples {j, j + 2}.
    const xb = tf.tensor2d([
      [0, 1, 2],
      [4, 0, 0],
      [2, 3, 4],
      [6, 2, 2],
    ]);
    const yb = bn.apply(xb, { training: true }) as tf.Tensor;
    // Each ghost batch has two samples, so x̂ = ±1·σ/√(σ²+ε) per channel: ghost 0 = rows 0, 2.
    const y0 = (yb.arraySync() as number[][])[0] as number[];
    const expected0 = [0, 1, 2].map((c) => {
      const d = 1; // rows 0 and 2 differ by 2 in every channel: σ = 1
      return (
        (-d / Math.sqrt(1 + 1e-3)) * ([1.5, 0.5, 2][c] as number) + ([0.1, -0.2, 0.3][c] as number)
      );
    });
    expect(maxAbsDiff(y0, expected0)).toBeLessThan(1e-5);
  });
});
