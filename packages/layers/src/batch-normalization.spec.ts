import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization, batchNormalization } from './batch-normalization.js';
import { LayerArgumentError, LayerInputError } from './errors.js';
import { setKernelsEnabled } from './batch-norm-kernels.js';
import { createRequire } from 'node:module';
import { loadFixture, maxAbsDiff, numericalGradient } from '../test/helpers.js';
import { torchCaseLayer } from '../test/torch-case-layer.js';
import type { TorchCase } from '../test/torch-case-layer.js';

const cases = loadFixture<{ cases: TorchCase[] }>('batchnorm-torch.json').cases;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Tolerances: the references are float64 PyTorch results on the same float32 inputs; tfjs
// computes in float32 (relative rounding ~6e-8 per op). Outputs are O(1) and sums run over at most
// 64 values per channel, so 1e-4 absolute leaves two orders of magnitude of headroom over the
// expected float32 error while still failing on any real formula mistake (those are O(0.1)).
const TOL = 1e-4;

// Each backend/path runs the same fixtures: the cpu and wasm kernels, and the op-level path that
// other backends (webgl, webgpu) use, forced on cpu.
const paths = [
  ['cpu kernels', 'cpu', true],
  ['op-level path', 'cpu', false],
  ['wasm kernels', 'wasm', true],
] as const;

describe.each(paths)('BatchNormalization against PyTorch 1.13 (%s)', (_path, backend, kernels) => {
  beforeAll(async () => {
    if (backend === 'wasm') createRequire(__filename)('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend(backend);
    setKernelsEnabled(kernels);
  });
  afterAll(async () => {
    setKernelsEnabled(true);
    await tf.setBackend('cpu');
  });
  describe.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('matches the training forward pass and the gradients w.r.t. input, gamma and beta', () => {
      const layer = torchCaseLayer(c, 'unbiased');
      const x = tf.variable(tf.tensor(c.batches[0] as number[], c.shape));
      const w = tf.tensor(c.w, c.shape);
      let y: tf.Tensor | null = null;
      const vars: tf.Variable[] = [x];
      if (layer.gamma) vars.push(layer.gamma.read() as tf.Variable);
      if (layer.beta) vars.push(layer.beta.read() as tf.Variable);
      const { grads } = tf.variableGrads(() => {
        const out = layer.apply(x, { training: true }) as tf.Tensor;
        y = tf.keep(out);
        return tf.sum(tf.mul(out, w)) as tf.Scalar;
      }, vars);
      expect(maxAbsDiff(y as unknown as tf.Tensor, c.yTrain)).toBeLessThan(TOL);
      expect(maxAbsDiff(grads[x.name] as tf.Tensor, c.dx)).toBeLessThan(TOL);
      if (layer.gamma) {
        expect(
          maxAbsDiff(grads[(layer.gamma.read() as tf.Variable).name] as tf.Tensor, c.dgamma),
        ).toBeLessThan(TOL);
      }
      if (layer.beta) {
        expect(
          maxAbsDiff(grads[(layer.beta.read() as tf.Variable).name] as tf.Tensor, c.dbeta),
        ).toBeLessThan(TOL);
      }
    });

    it('reproduces PyTorch moving statistics (unbiased) and inference output', () => {
      const layer = torchCaseLayer(c, 'unbiased');
      for (const b of c.batches) layer.apply(tf.tensor(b, c.shape), { training: true });
      expect(maxAbsDiff(layer.movingMean!.read(), c.movingMeanUnbiased)).toBeLessThan(TOL);
      expect(maxAbsDiff(layer.movingVariance!.read(), c.movingVarianceUnbiased)).toBeLessThan(TOL);
      const yi = layer.apply(tf.tensor(c.xInference, c.shape)) as tf.Tensor;
      expect(maxAbsDiff(yi, c.yInferenceUnbiased)).toBeLessThan(TOL);
    });

    it('stores the biased (Keras) moving variance by default', () => {
      const layer = torchCaseLayer(c, 'biased');
      for (const b of c.batches) layer.apply(tf.tensor(b, c.shape), { training: true });
      expect(maxAbsDiff(layer.movingMean!.read(), c.movingMeanBiased)).toBeLessThan(TOL);
      expect(maxAbsDiff(layer.movingVariance!.read(), c.movingVarianceBiased)).toBeLessThan(TOL);
    });
  });
});

/**
 * Float64 training-mode BN loss Σ w·BN(x) for one axis, optionally with tf.keras's strided ghost
 * batches, written independently of the layer: the function the numerical gradients difference.
 */
function bnLoss64(
  x: Float64Array,
  shape: number[],
  axis: number,
  gamma: Float64Array,
  beta: Float64Array,
  w: Float32Array,
  eps: number,
  vbs: number | null,
): number {
  const stride = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const C = shape[axis] as number;
  const perSample = x.length / (shape[0] as number);
  const ghosts = vbs === null ? 1 : (shape[0] as number) / vbs;
  let loss = 0;
  for (let g = 0; g < ghosts; g++) {
    for (let c = 0; c < C; c++) {
      const idx: number[] = [];
      for (let i = 0; i < x.length; i++) {
        const sample = Math.floor(i / perSample);
        if (Math.floor(i / stride) % C === c && sample % ghosts === g) idx.push(i);
      }
      const mu = idx.reduce((s, i) => s + (x[i] as number), 0) / idx.length;
      const va = idx.reduce((s, i) => s + ((x[i] as number) - mu) ** 2, 0) / idx.length;
      for (const i of idx) {
        const y = (((x[i] as number) - mu) / Math.sqrt(va + eps)) * (gamma[c] as number);
        loss += (y + (beta[c] as number)) * (w[i] as number);
      }
    }
  }
  return loss;
}

describe.each(paths)('BatchNormalization gradients (%s)', (_path, backend, kernels) => {
  beforeAll(async () => {
    if (backend === 'wasm') createRequire(__filename)('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend(backend);
    setKernelsEnabled(kernels);
  });
  afterAll(async () => {
    setKernelsEnabled(true);
    await tf.setBackend('cpu');
  });

  it.each([
    ['rank 3, axis 1', [3, 2, 4], 1, null],
    ['rank 2, axis -1', [5, 3], 1, null],
    ['rank 4, axis 3', [2, 2, 2, 3], 3, null],
    ['ghost batches of 2, rank 3 axis 2', [4, 2, 3], 2, 2],
  ] as const)(
    'w.r.t. input, gamma and beta match central differences (%s)',
    (_name, shape, axis, vbs) => {
      const C = shape[axis] as number;
      const layer = batchNormalization({ axis, epsilon: 1e-3, virtualBatchSize: vbs });
      layer.apply(tf.zeros([...shape]));
      const g0 = Float64Array.from({ length: C }, (_, c) => 0.7 + 0.3 * c);
      const b0 = Float64Array.from({ length: C }, (_, c) => 0.2 - 0.1 * c);
      layer.gamma!.write(tf.tensor1d(Array.from(g0)));
      layer.beta!.write(tf.tensor1d(Array.from(b0)));
      const x0 = Float64Array.from(tf.randomNormal([...shape], 0, 1, 'float32', 7).dataSync());
      const w = tf.randomNormal([...shape], 0, 1, 'float32', 8);
      const wv = w.dataSync() as Float32Array;
      const xVar = tf.variable(tf.tensor(Array.from(x0), [...shape]));
      const gVar = layer.gamma!.read() as tf.Variable;
      const bVar = layer.beta!.read() as tf.Variable;
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(layer.apply(xVar, { training: true }) as tf.Tensor, w)) as tf.Scalar,
        [xVar, gVar, bVar],
      );
      const sh = [...shape];
      const numX = numericalGradient((x) => bnLoss64(x, sh, axis, g0, b0, wv, 1e-3, vbs), x0);
      const numG = numericalGradient((g) => bnLoss64(x0, sh, axis, g, b0, wv, 1e-3, vbs), g0);
      const numB = numericalGradient((b) => bnLoss64(x0, sh, axis, g0, b, wv, 1e-3, vbs), b0);
      // float64 central differences with h = 1e-3 have O(h²) ≈ 1e-6 error; the analytic float32
      // gradient ~1e-6 relative; 1e-4 absolute catches any formula error (those are O(0.1)).
      expect(maxAbsDiff(grads[xVar.name] as tf.Tensor, numX)).toBeLessThan(1e-4);
      expect(maxAbsDiff(grads[gVar.name] as tf.Tensor, numG)).toBeLessThan(1e-4);
      expect(maxAbsDiff(grads[bVar.name] as tf.Tensor, numB)).toBeLessThan(1e-4);
    },
  );
});

describe('BatchNormalization arguments', () => {
  it('uses the Keras defaults', () => {
    const layer = batchNormalization();
    expect(layer.axis).toBe(-1);
    expect(layer.momentum).toBe(0.99);
    expect(layer.epsilon).toBe(1e-3);
    expect(layer.center).toBe(true);
    expect(layer.scale).toBe(true);
    expect(layer.renorm).toBe(false);
    expect(layer.renormMomentum).toBe(0.99);
    expect(layer.virtualBatchSize).toBeNull();
    expect(layer.varianceCorrection).toBe('biased');
    expect(BatchNormalization.className).not.toBe('BatchNormalization');
  });

  it.each([
    [
      'momentum above 1',
      { momentum: 1.5 },
      /momentum must be null or a finite number in \[0, 1\]; received 1.5/,
    ],
    ['negative momentum', { momentum: -0.1 }, /momentum must be .* received -0.1/],
    [
      'negative epsilon',
      { epsilon: -1e-3 },
      /epsilon must be a finite number >= 0; received -0.001/,
    ],
    ['rmax < rmin', { renorm: true, renormClipping: { rmax: 1, rmin: 2 } }, /rmax >= rmin/],
    [
      'negative dmax',
      { renorm: true, renormClipping: { dmax: -1 } },
      /dmax must be a number >= 0; received -1/,
    ],
    [
      'unknown clipping key',
      { renormClipping: { rmix: 1 } as never },
      /renormClipping: option name must be one of "rmax", "rmin", "dmax"; received "rmix". Did you mean "rmax"\?/,
    ],
    ['non-integer virtualBatchSize', { virtualBatchSize: 2.5 }, /virtualBatchSize .* received 2.5/],
    ['non-integer axis', { axis: 1.5 }, /axis must be an integer .* received 1.5/],
    [
      'unknown initializer',
      { betaInitializer: 'nope' },
      /betaInitializer must be an initializer registered with tf.serialization .*; received "nope"/,
    ],
    ['bad varianceCorrection', { varianceCorrection: 'torch' as never }, /received "torch"/],
    ['synchronized', { synchronized: true }, /synchronized: true is not supported/],
  ])('rejects %s when constructed', (_what, args, message) => {
    expect(() => batchNormalization(args)).toThrow(LayerArgumentError);
    expect(() => batchNormalization(args)).toThrow(message);
  });

  it('rejects an axis out of range when built', () => {
    const layer = batchNormalization({ axis: 3 });
    expect(() => layer.apply(tf.zeros([2, 3, 4]))).toThrow(
      /axis must be integers in \[-3, 2\] \(the input has rank 3\); received 3/,
    );
  });

  it('rejects a virtualBatchSize that does not divide the batch when called', () => {
    const layer = batchNormalization({ virtualBatchSize: 3 });
    expect(() => layer.apply(tf.ones([4, 2]), { training: true })).toThrow(LayerInputError);
    expect(() => layer.apply(tf.ones([4, 2]), { training: true })).toThrow(
      /batch size must be a multiple of virtualBatchSize \(3\); received 4/,
    );
  });

  it('raises on a training batch with one value per channel, as PyTorch does', () => {
    const layer = batchNormalization();
    expect(() => layer.apply(tf.ones([1, 3]), { training: true })).toThrow(
      /Expected more than 1 value per channel when training, got input shape \[1, 3\]/,
    );
  });

  it('accepts a list axis with a negative entry and normalizes over both axes', () => {
    const layer = batchNormalization({ axis: [1, -1], center: false, scale: false, epsilon: 0 });
    const x = tf.randomNormal([5, 2, 3], 0, 1, 'float32', 3);
    const y = layer.apply(x, { training: true }) as tf.Tensor;
    expect(layer.getWeights()[0]!.shape).toEqual([1, 2, 3]);
    // closed form: every (axis-1, axis-2) pair is standardized over the batch
    const { mean, variance } = tf.moments(y, 0);
    expect(maxAbsDiff(mean, new Array(6).fill(0))).toBeLessThan(1e-5);
    expect(maxAbsDiff(variance, new Array(6).fill(1))).toBeLessThan(1e-4);
  });
});

describe('BatchNormalization in a tfjs-layers model', () => {
  it('trains with model.fit and round-trips through save/loadLayersModel', async () => {
    tf.serialization.registerClass(BatchNormalization);
    const model = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 8, activation: 'relu', inputShape: [4] }),
        batchNormalization({ renorm: true, renormClipping: { rmax: 3, dmax: 5 } }),
        tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
      ],
    });
    model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
    const x = tf.randomNormal([32, 4], 0, 1, 'float32', 11);
    const yTrue = tf.cast(tf.greater(tf.sum(x, 1, true), 0), 'float32');
    const history = await model.fit(x, yTrue, { epochs: 5, batchSize: 8, shuffle: false });
    const losses = history.history['loss'] as number[];
    expect(losses[4]!).toBeLessThan(losses[0]!);
    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved!));
    const bn = loaded.layers[1] as BatchNormalization;
    expect(bn).toBeInstanceOf(BatchNormalization);
    expect(bn.renorm).toBe(true);
    expect(bn.renormClipping).toEqual({ rmax: 3, dmax: 5 });
    expect(
      maxAbsDiff(loaded.predict(x) as tf.Tensor, (model.predict(x) as tf.Tensor).dataSync()),
    ).toBe(0);
  }, 60_000);
});

describe('BatchNormalization memory', () => {
  it.each([
    ['channels-last', { axis: -1 }, [8, 4]],
    ['channels-first', { axis: 1 }, [4, 3, 5]],
    ['renorm', { renorm: true }, [8, 4]],
    ['ghost', { virtualBatchSize: 2 }, [8, 4]],
    ['cumulative', { momentum: null }, [8, 4]],
  ] as const)('does not leak tensors in training or inference (%s)', (_name, args, shape) => {
    const layer = batchNormalization(args);
    const x = tf.randomNormal([...shape], 0, 1, 'float32', 1);
    tf.dispose(layer.apply(x) as tf.Tensor); // builds the weights
    const step = (): void => {
      const { value, grads } = tf.variableGrads(
        () => tf.sum(layer.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
        layer.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      tf.dispose([value, ...Object.values(grads)]);
      tf.dispose(layer.apply(x) as tf.Tensor);
      tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('BatchNormalization statistics accuracy', () => {
  it.each(paths)(
    'keeps the batch variance accurate when |mean| ≫ std (%s)',
    async (_p, backend, kernels) => {
      if (backend === 'wasm') createRequire(__filename)('@tensorflow/tfjs-backend-wasm');
      await tf.setBackend(backend);
      setKernelsEnabled(kernels);
      try {
        const noise = tf.randomNormal([64, 3], 0, 0.01, 'float32', 9);
        const x = tf.add(noise, tf.tensor1d([1000, -500, 3]));
        const layer = batchNormalization({ momentum: 0 }); // moving stats = last batch stats
        layer.apply(x, { training: true });
        const rows = x.arraySync() as number[][];
        const expected = [0, 1, 2].map((c) => {
          const col = rows.map((r) => r[c] as number);
          const m = col.reduce((a, b) => a + b, 0) / col.length;
          return col.reduce((a, b) => a + (b - m) ** 2, 0) / col.length;
        });
        const got = Array.from(layer.movingVariance!.read().dataSync());
        // Relative error of the variance (≈1e-4 absolute scale): float32 inputs, float64 reference.
        got.forEach((v, c) => expect(Math.abs(v - expected[c]!) / expected[c]!).toBeLessThan(1e-3));
      } finally {
        setKernelsEnabled(true);
        await tf.setBackend('cpu');
      }
    },
  );
});

describe('BatchNormalization input checks (issue 12)', () => {
  const message = /size of input axis 1 must be 3 \(the size the layer was built for\); received 5/;

  it('refuses an input with another channel count than built for, before any computation', () => {
    // Built for 3 channels, then called on 5: tfjs wrapped the parameters around the channels
    // ([11, 22, 33, 11, 22]) in inference and failed unclearly ("[3] vs. [5]") in training.
    const layer = batchNormalization({ momentum: 0.5 });
    layer.apply(tf.ones([2, 3]));
    layer.setWeights([
      tf.tensor1d([10, 20, 30]),
      tf.tensor1d([1, 2, 3]),
      tf.zeros([3]),
      tf.tensor1d([1 - 1e-3, 1 - 1e-3, 1 - 1e-3]),
    ]);
    for (const training of [false, true]) {
      const call = () => layer.apply(tf.ones([1, 5]), { training });
      expect(call).toThrow(LayerInputError);
      expect(call).toThrow(message);
    }
    // Nothing ran: the moving statistics are untouched by the refused training call.
    expect(Array.from(layer.movingMean!.read().dataSync())).toEqual([0, 0, 0]);
    // The layer still works on what it was built for.
    const y = layer.apply(tf.ones([1, 3])) as tf.Tensor;
    expect(maxAbsDiff(y, [11, 22, 33])).toBeLessThan(1e-4);
  });

  it('refuses it in a model (predict, fit) and on symbolic inputs, naming the layer', async () => {
    const bn = batchNormalization({ name: 'bn' });
    const model = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [4] }), bn] });
    expect(() => bn.apply(tfl.input({ shape: [5] }))).toThrow(
      /BatchNormalization "bn": size of input axis 1 must be 3 .*; received 5/,
    );
    expect(() => bn.call(tf.ones([2, 5]), {})).toThrow(message);
    // Through a model the shapes fit: the checks do not get in the way.
    model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
    await model.fit(tf.ones([4, 4]), tf.ones([4, 3]), { epochs: 1, verbose: 0 });
    expect((model.predict(tf.ones([2, 4])) as tf.Tensor).shape).toEqual([2, 3]);
  });

  it('names the axis for channels-first layers and a rank other than built for', () => {
    const layer = batchNormalization({ axis: 1 });
    layer.apply(tf.ones([2, 3, 4, 4]));
    expect(() => layer.apply(tf.ones([2, 5, 4, 4]), { training: true })).toThrow(message);
    expect(() => layer.apply(tf.ones([2, 3, 4]))).toThrow(
      /input shape must be a shape of rank 4, as the layer was built for \[2, 3, 4, 4\]; received \[2, 3, 4\]/,
    );
    // Other axes may change size.
    expect((layer.apply(tf.ones([1, 3, 2, 7])) as tf.Tensor).shape).toEqual([1, 3, 2, 7]);
  });

  it('refuses unknown argument keys naming the closest one, and passes tfjs LayerArgs through', () => {
    const call = () => batchNormalization({ momentun: 0.9 } as never);
    expect(call).toThrow(LayerArgumentError);
    expect(call).toThrow(
      /BatchNormalization: option name must be one of .*; received "momentun"\. Did you mean "momentum"\?/,
    );
    const layer = batchNormalization({
      name: 'kept',
      trainable: false,
      inputShape: [3],
      dtype: 'float32',
    });
    expect([layer.name, layer.trainable, layer.batchInputShape]).toEqual([
      'kept',
      false,
      [null, 3],
    ]);
  });
});
