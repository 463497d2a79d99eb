import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization, batchNormalization } from './batch-normalization.js';
import { registerLayers } from './register-layers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const nullify = (_key: string, value: unknown): unknown => (value === undefined ? null : value);

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return tfl.loadLayersModel(tf.io.fromMemory(saved!));
}

describe('registerLayers', () => {
  it('is idempotent and makes loadLayersModel rebuild every argument and weight', async () => {
    registerLayers();
    registerLayers();
    const args = {
      axis: [1, 2],
      momentum: null,
      epsilon: 1e-4,
      center: false,
      // Positive initial values: tfjs applies constraints when weights are written (also on load).
      gammaInitializer: { className: 'RandomUniform', config: { minval: 0.5, maxval: 1.5 } },
      gammaRegularizer: 'l1l2',
      gammaConstraint: 'nonNeg',
      renorm: true,
      renormClipping: { rmax: 2, rmin: 0.5, dmax: 1 },
      renormMomentum: 0.7,
      renormWarmup: { plainSteps: 1, rmaxSteps: 3, dmaxSteps: 2 },
      virtualBatchSize: 2,
      varianceCorrection: 'unbiased' as const,
      trainable: true,
    };
    const model = tfl.sequential({
      layers: [batchNormalization({ ...args, inputShape: [3, 2] })],
    });
    for (let k = 0; k < 3; k++) {
      model.layers[0]!.apply(tf.randomNormal([4, 3, 2], k, 1, 'float32', k), { training: true });
    }
    const loaded = await roundTrip(model);
    const bn = loaded.layers[0] as BatchNormalization;
    expect(bn).toBeInstanceOf(BatchNormalization);
    const original = model.layers[0]!.getConfig();
    // JSON form: a saved config has null where the live one has undefined (initializer seeds).
    expect(JSON.parse(JSON.stringify(bn.getConfig(), nullify))).toEqual(
      JSON.parse(JSON.stringify(original, nullify)),
    );
    const w0 = model.getWeights().map((w) => Array.from(w.dataSync()));
    const w1 = loaded.getWeights().map((w) => Array.from(w.dataSync()));
    expect(w1).toEqual(w0);
    expect(loaded.getWeights().length).toBe(8); // gamma, moving ×2, renorm ×3, step, count
  });
});

describe('BatchNormalization in the reference pipeline model', () => {
  it('trains Dense64-relu → BN → Dense64-relu → BN → Dense1-sigmoid with Adam and model.fit', async () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
        batchNormalization(),
        tfl.layers.dense({ units: 64, activation: 'relu' }),
        batchNormalization(),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy', metrics: ['accuracy'] });
    const x = tf.randomNormal([256, 20], 0, 1, 'float32', 42);
    const y = tf.cast(tf.greater(tf.sum(tf.slice(x, [0, 0], [-1, 5]), 1, true), 0), 'float32');
    const history = await model.fit(x, y, { epochs: 8, batchSize: 32, verbose: 0 });
    const acc = history.history['acc'] as number[];
    // A linearly separable target: the network must fit it well above chance in 8 epochs.
    expect(acc[acc.length - 1]!).toBeGreaterThan(0.9);
    const bn = model.layers[1] as BatchNormalization;
    const mm = bn.movingMean!.read().dataSync();
    // 64 updates with momentum 0.99 moved the moving mean away from its zero initialisation.
    expect(Math.max(...Array.from(mm, Math.abs))).toBeGreaterThan(0.01);
  }, 60_000);
});
