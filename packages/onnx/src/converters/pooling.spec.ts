import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectParity } from '../../test/helpers.js';
import { exportOnnx } from '../index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Found by the export fuzz (tools/fuzz, issue 12): ZeroPadding2D then a pooling layer, as in
 * Keras's ResNet stem. onnxruntime (basic optimization and above) folded the exported Pad into a
 * pool written with explicit pads: MaxPool then padded with -inf instead of zeros (values off by
 * up to the largest negative input) and a padding that reached the kernel size failed to load.
 */
describe('pooling after ZeroPadding2D', () => {
  const cases: [string, number, number, number, 'valid' | 'same'][] = [];
  for (const pool of ['max', 'average'])
    for (const poolSize of [1, 2, 3])
      for (const pad of [1, 2])
        for (const strides of [1, 2])
          for (const padding of ['valid', 'same'] as const)
            cases.push([pool, poolSize, pad, strides, padding]);

  it.each(cases)(
    '%s pooling %i, zero padding %i, strides %i, %s: same values as tfjs on onnxruntime',
    async (pool, poolSize, pad, strides, padding) => {
      const input = tfl.input({ shape: [5, 6, 2] });
      const padded = tfl.layers.zeroPadding2d({ padding: [pad, pad] }).apply(input);
      const args = { poolSize, strides, padding };
      const layer =
        pool === 'max' ? tfl.layers.maxPooling2d(args) : tfl.layers.averagePooling2d(args);
      const model = tfl.model({
        inputs: input,
        outputs: layer.apply(padded) as tfl.SymbolicTensor,
      });
      const { bytes } = await exportOnnx(model);
      // Inputs are N(0, 1): a window over padding and negative values shows -inf padding.
      await expectParity(model, bytes, { batchSizes: [1, 3], rtol: 0, atol: 1e-5 });
    },
  );
});
