import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormalization, fusedAdam, groupNormalization } from '@bnkit/layers';
import { CliArgumentError } from './cli-error.js';

/**
 * Which normalization sits after each hidden Dense of the reference model: bnkit's
 * BatchNormalization, Batch Renormalization (rmax 3, dmax 5, as the paper), Ghost BN (ghost
 * batches of a quarter of the batch, at least 2), GroupNormalization (8 groups of 8 features), or
 * none.
 */
export type Normalization = 'batch' | 'renorm' | 'ghost' | 'group' | 'none';

export const NORMALIZATIONS: readonly Normalization[] = [
  'batch',
  'renorm',
  'ghost',
  'group',
  'none',
];

export interface ReferenceModelOptions {
  /** Input features; the reference data has 20. */
  nFeatures: number;
  /** Default `'batch'` (bnkit's BatchNormalization). */
  normalization?: Normalization;
  /** Seeds the Glorot-uniform kernels, so one seed gives one model. Default 42. */
  seed?: number;
  /** Adam's learning rate; default Keras's 0.001. */
  learningRate?: number;
  /** Multiplies the initial kernels (initialization experiment); default 1. */
  initScale?: number;
  /** The training batch size; Ghost BN splits it into ghost batches. Default 32. */
  batchSize?: number;
}

/** Ghost batches of a quarter of the batch (at least 2), when that divides the batch. */
export function ghostBatchSize(batchSize: number): number | undefined {
  const size = Math.max(2, Math.floor(batchSize / 4));
  return batchSize % size === 0 && size < batchSize ? size : undefined;
}

function normalizationLayer(
  kind: Exclude<Normalization, 'none'>,
  batchSize: number,
): tfl.layers.Layer {
  switch (kind) {
    case 'batch':
      return batchNormalization();
    case 'renorm':
      return batchNormalization({
        renorm: true,
        renormClipping: { rmax: 3, rmin: 1 / 3, dmax: 5 },
      });
    case 'ghost':
      return batchNormalization({ virtualBatchSize: ghostBatchSize(batchSize) ?? null });
    case 'group':
      return groupNormalization({ groups: 8 });
  }
}

const isPositiveFinite = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

function checkReferenceModelOptions(options: ReferenceModelOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new CliArgumentError(
      'buildReferenceModel options',
      options,
      'an object with at least { nFeatures }',
    );
  }
  const { nFeatures, normalization, seed, learningRate, initScale, batchSize } = options;
  if (!Number.isInteger(nFeatures) || nFeatures < 1)
    throw new CliArgumentError('nFeatures', nFeatures, 'an integer ≥ 1');
  if (normalization !== undefined && !NORMALIZATIONS.includes(normalization)) {
    throw new CliArgumentError(
      'normalization',
      normalization,
      `one of ${NORMALIZATIONS.join(', ')}`,
    );
  }
  if (seed !== undefined && (!Number.isInteger(seed) || seed < 0))
    throw new CliArgumentError('seed', seed, 'an integer ≥ 0');
  if (learningRate !== undefined && !isPositiveFinite(learningRate)) {
    throw new CliArgumentError('learningRate', learningRate, 'a finite number > 0');
  }
  if (initScale !== undefined && !isPositiveFinite(initScale))
    throw new CliArgumentError('initScale', initScale, 'a finite number > 0');
  if (batchSize !== undefined && (!Number.isInteger(batchSize) || batchSize < 1)) {
    throw new CliArgumentError('batchSize', batchSize, 'an integer ≥ 1');
  }
}

/**
 * The reference pipeline's network: Dense(64, relu) → BN → Dense(64, relu) → BN → Dense(1,
 * sigmoid), compiled with Adam, binary cross-entropy and accuracy, as the Keras original.
 *
 * @example
 * const model = buildReferenceModel({ nFeatures: 20, seed: 42 });
 */
export function buildReferenceModel(options: ReferenceModelOptions): tfl.Sequential {
  checkReferenceModelOptions(options);
  const {
    nFeatures,
    normalization = 'batch',
    seed = 42,
    learningRate = 0.001,
    initScale = 1,
  } = options;
  const kernel = (offset: number) =>
    initScale === 1
      ? tfl.initializers.glorotUniform({ seed: seed + offset })
      : tfl.initializers.varianceScaling({
          scale: initScale * initScale,
          mode: 'fanAvg',
          distribution: 'uniform',
          seed: seed + offset,
        });
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: 64,
      activation: 'relu',
      inputShape: [nFeatures],
      kernelInitializer: kernel(0),
    }),
  );
  const batchSize = options.batchSize ?? 32;
  if (normalization !== 'none') model.add(normalizationLayer(normalization, batchSize));
  model.add(tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: kernel(1) }));
  if (normalization !== 'none') model.add(normalizationLayer(normalization, batchSize));
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: kernel(2) }));
  model.compile({
    // Bit-identical to tf.train.adam, one kernel per step on the cpu and wasm backends.
    optimizer: fusedAdam(learningRate),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}
