import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CliArgumentError } from './cli-error.js';
import { buildReferenceModel } from './reference-model.js';

describe('buildReferenceModel', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds the reference topology: 64-64-1 with BN after each hidden Dense', () => {
    const model = buildReferenceModel({ nFeatures: 20, seed: 1 });
    expect(model.layers.map((l) => l.getClassName())).toEqual([
      'Dense',
      'BnkitBatchNormalization',
      'Dense',
      'BnkitBatchNormalization',
      'Dense',
    ]);
    // Dense 20x64 + 64, BN 4x64, Dense 64x64 + 64, BN 4x64, Dense 64 + 1
    expect(model.countParams()).toBe(20 * 64 + 64 + 256 + 64 * 64 + 64 + 256 + 64 + 1);
    model.dispose();
  });

  it('gives the same initial weights for the same seed', () => {
    const a = buildReferenceModel({ nFeatures: 5, seed: 3, normalization: 'none' });
    const b = buildReferenceModel({ nFeatures: 5, seed: 3, normalization: 'none' });
    expect(Array.from(a.getWeights()[0]!.dataSync())).toEqual(
      Array.from(b.getWeights()[0]!.dataSync()),
    );
    a.dispose();
    b.dispose();
  });

  it.each([
    [{ nFeatures: 0 }, /nFeatures must be an integer >= 1; received 0/],
    [
      { nFeatures: 20, normalization: 'layer' },
      /normalization must be one of "batch", "renorm", "ghost", "group", "none"; received "layer"/,
    ],
    [{ nFeatures: 20, learningRate: -1 }, /learningRate must be a finite number > 0; received -1/],
    [{ nFeatures: 20, initScale: NaN }, /initScale must be a finite number > 0; received NaN/],
    [{ nFeatures: 20, seed: 1.5 }, /seed must be an integer >= 0; received 1.5/],
    [
      { nFeatures: 20, learningrate: 0.1 },
      /received "learningrate"\. Did you mean "learningRate"\?/,
    ],
    [
      { normalization: 'batch' },
      /nFeatures must be an integer >= 1 \(it is required\); received undefined/,
    ],
  ])('rejects %j with a clear error', (options, message) => {
    expect(() => buildReferenceModel(options as never)).toThrow(CliArgumentError);
    expect(() => buildReferenceModel(options as never)).toThrow(message);
  });
});
