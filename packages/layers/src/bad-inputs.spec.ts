import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { BnkitArgumentError } from '@bnkit/core';
import { expectArgumentError, thrownBy } from '../../../tools/testing/bad-inputs.cjs';
import { batchNormalization } from './batch-normalization.js';
import type { BatchNormalizationArgs } from './batch-normalization.js';
import { LayerArgumentError, LayerInputError } from './errors.js';
import { fusedAdam } from './fused-adam.js';
import { groupNormalization } from './group-normalization.js';
import type { GroupNormalizationArgs } from './group-normalization.js';
import { recomputeBatchStatistics } from './recompute-batch-statistics.js';
import { KerasBatchNormalization } from './register-keras-compat.js';

// The bad-input corpus: each row is a user mistake, the error class it must raise, the argument
// its message must name and (for an unknown key) the key it must suggest. Every error is a
// BnkitArgumentError with the one message shape `<argument> must be <accepted>; received <value>.`

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Loose arguments for typo rows: the type checker would refuse these, users' JavaScript not. */
const bn = (args: Record<string, unknown>) => batchNormalization(args as BatchNormalizationArgs);
const gn = (args: Record<string, unknown>) => groupNormalization(args as GroupNormalizationArgs);

/** A one-input model with one BN layer over 3 features. */
const bnModel = () => tfl.sequential({ layers: [batchNormalization({ inputShape: [3] })] });

/** A layer built on `shape`, then applied to `other`. */
function builtThenApplied(layer: tfl.layers.Layer, shape: number[], other: number[], kwargs = {}) {
  return () => {
    layer.apply(tf.ones(shape));
    return layer.apply(tf.ones(other), kwargs);
  };
}

type ErrorClass = typeof LayerArgumentError | typeof LayerInputError;

interface BadCall {
  call: () => unknown;
  error: ErrorClass;
  /** The argument the error names (its `argument` field, which starts the message). */
  argument: string;
  /** For an unknown key: the closest valid key the message must suggest. */
  didYouMean?: string;
}

const A = LayerArgumentError;
const I = LayerInputError;

const corpus: Record<string, BadCall> = {
  // BatchNormalization: unknown keys (issue 12 item 10) and every argument's type and range.
  'batchNormalization({ momentun })': {
    call: () => bn({ momentun: 0.9 }),
    error: A,
    argument: 'BatchNormalization: option name',
    didYouMean: 'momentum',
  },
  'batchNormalization({ epsilo })': {
    call: () => bn({ epsilo: 1e-5 }),
    error: A,
    argument: 'BatchNormalization: option name',
    didYouMean: 'epsilon',
  },
  'batchNormalization({ virtualBatchSise })': {
    call: () => bn({ virtualBatchSise: 4 }),
    error: A,
    argument: 'BatchNormalization: option name',
    didYouMean: 'virtualBatchSize',
  },
  'batchNormalization({ input_shape })': {
    call: () => bn({ input_shape: [3] }),
    error: A,
    argument: 'BatchNormalization: option name',
    didYouMean: 'inputShape',
  },
  'batchNormalization({ renormClipping: { rmix } })': {
    call: () => bn({ renorm: true, renormClipping: { rmix: 3 } }),
    error: A,
    argument: 'BatchNormalization renormClipping: option name',
    didYouMean: 'rmax',
  },
  'batchNormalization({ renormWarmup: { plainStep } })': {
    call: () =>
      bn({
        renorm: true,
        renormClipping: { rmax: 3, dmax: 5 },
        renormWarmup: { plainStep: 1, rmaxSteps: 2, dmaxSteps: 2 },
      }),
    error: A,
    argument: 'BatchNormalization renormWarmup: option name',
    didYouMean: 'plainSteps',
  },
  'batchNormalization("bn")': {
    call: () => batchNormalization('bn' as never),
    error: A,
    argument: 'BatchNormalization: args',
  },
  'batchNormalization({ center: "yes" })': {
    call: () => bn({ center: 'yes' }),
    error: A,
    argument: 'center',
  },
  'batchNormalization({ scale: 1 })': { call: () => bn({ scale: 1 }), error: A, argument: 'scale' },
  'batchNormalization({ momentum: 1.5 })': {
    call: () => bn({ momentum: 1.5 }),
    error: A,
    argument: 'momentum',
  },
  'batchNormalization({ momentum: NaN })': {
    call: () => bn({ momentum: NaN }),
    error: A,
    argument: 'momentum',
  },
  'batchNormalization({ epsilon: -1 })': {
    call: () => bn({ epsilon: -1 }),
    error: A,
    argument: 'epsilon',
  },
  'batchNormalization({ axis: "channels" })': {
    call: () => bn({ axis: 'channels' }),
    error: A,
    argument: 'axis',
  },
  'batchNormalization({ axis: [] })': { call: () => bn({ axis: [] }), error: A, argument: 'axis' },
  'batchNormalization({ renorm: "true" })': {
    call: () => bn({ renorm: 'true' }),
    error: A,
    argument: 'renorm',
  },
  'batchNormalization({ renormClipping: { rmax: 1, rmin: 2 } })': {
    call: () => bn({ renorm: true, renormClipping: { rmax: 1, rmin: 2 } }),
    error: A,
    argument: 'renormClipping',
  },
  'batchNormalization({ renormClipping: { dmax: -1 } })': {
    call: () => bn({ renorm: true, renormClipping: { dmax: -1 } }),
    error: A,
    argument: 'dmax',
  },
  'batchNormalization({ renormMomentum: 2 })': {
    call: () => bn({ renormMomentum: 2 }),
    error: A,
    argument: 'renormMomentum',
  },
  'batchNormalization({ renormWarmup }) without renorm': {
    call: () => bn({ renormWarmup: { plainSteps: 1, rmaxSteps: 2, dmaxSteps: 2 } }),
    error: A,
    argument: 'renormWarmup',
  },
  'batchNormalization({ virtualBatchSize: 0 })': {
    call: () => bn({ virtualBatchSize: 0 }),
    error: A,
    argument: 'virtualBatchSize',
  },
  'batchNormalization({ varianceCorrection: "torch" })': {
    call: () => bn({ varianceCorrection: 'torch' }),
    error: A,
    argument: 'varianceCorrection',
  },
  'batchNormalization({ synchronized: true })': {
    call: () => bn({ synchronized: true }),
    error: A,
    argument: 'synchronized',
  },
  'batchNormalization({ fused: "no" })': {
    call: () => bn({ fused: 'no' }),
    error: A,
    argument: 'fused',
  },
  'batchNormalization({ betaInitializer: "nope" })': {
    call: () => bn({ betaInitializer: 'nope' }),
    error: A,
    argument: 'betaInitializer',
  },
  'batchNormalization({ gammaInitializer: 42 })': {
    call: () => bn({ gammaInitializer: 42 }),
    error: A,
    argument: 'gammaInitializer',
  },
  'batchNormalization({ betaRegularizer: 5 })': {
    call: () => bn({ betaRegularizer: 5 }),
    error: A,
    argument: 'betaRegularizer',
  },
  'new KerasBatchNormalization({ momentun })': {
    call: () => new KerasBatchNormalization({ momentun: 0.9 } as BatchNormalizationArgs),
    error: A,
    argument: 'BatchNormalization: option name',
    didYouMean: 'momentum',
  },
  // BatchNormalization: inputs (issue 12 item 1 and the build-time checks).
  'BN built for 3 channels, called on 5 (inference)': {
    call: builtThenApplied(bn({ name: 'bn3' }), [2, 3], [1, 5]),
    error: I,
    argument: 'BatchNormalization "bn3": size of input axis 1',
  },
  'BN built for 3 channels, called on 5 (training)': {
    call: builtThenApplied(bn({ name: 'bn3t' }), [2, 3], [4, 5], { training: true }),
    error: I,
    argument: 'BatchNormalization "bn3t": size of input axis 1',
  },
  'BN axis 1 built for NCHW 3 channels, called on 5': {
    call: builtThenApplied(bn({ name: 'nchw', axis: 1 }), [2, 3, 2, 2], [2, 5, 2, 2]),
    error: I,
    argument: 'BatchNormalization "nchw": size of input axis 1',
  },
  'BN built for rank 2, called on rank 3': {
    call: builtThenApplied(bn({ name: 'r2' }), [2, 3], [2, 2, 3]),
    error: I,
    argument: 'BatchNormalization "r2": input shape',
  },
  'BN on a rank-1 input': {
    call: () => bn({ name: 'r1' }).apply(tf.ones([3])),
    error: I,
    argument: 'BatchNormalization "r1": input shape',
  },
  'BN axis 3 on a rank-2 input': {
    call: () => bn({ axis: 3 }).apply(tf.ones([2, 3])),
    error: A,
    argument: 'axis',
  },
  'BN virtualBatchSize 3 on a batch of 4': {
    call: () =>
      bn({ name: 'ghost', virtualBatchSize: 3 }).apply(tf.ones([4, 2]), { training: true }),
    error: I,
    argument: 'BatchNormalization "ghost": batch size',
  },
  'BN training on a batch of one': {
    call: () => bn({ name: 'one' }).apply(tf.ones([1, 3]), { training: true }),
    error: I,
    argument: 'BatchNormalization "one": input shape',
  },
  // GroupNormalization.
  'groupNormalization({ groupz })': {
    call: () => gn({ groupz: 2 }),
    error: A,
    argument: 'GroupNormalization: option name',
    didYouMean: 'groups',
  },
  'groupNormalization({ groups: 0 })': {
    call: () => gn({ groups: 0 }),
    error: A,
    argument: 'groups',
  },
  'groupNormalization({ axis: 1.5 })': {
    call: () => gn({ axis: 1.5 }),
    error: A,
    argument: 'axis',
  },
  'groupNormalization({ epsilon: "small" })': {
    call: () => gn({ epsilon: 'small' }),
    error: A,
    argument: 'epsilon',
  },
  'groupNormalization({ center: null })': {
    call: () => gn({ center: null }),
    error: A,
    argument: 'center',
  },
  'GN 4 groups on 6 channels': {
    call: () => gn({ groups: 4 }).apply(tf.ones([2, 6])),
    error: A,
    argument: 'groups',
  },
  'GN on the batch axis': {
    call: () => gn({ groups: 1, axis: 0 }).apply(tf.ones([2, 6])),
    error: A,
    argument: 'axis',
  },
  'GN built for 4 channels, called on 6': {
    call: builtThenApplied(gn({ name: 'gn4', groups: 2 }), [2, 4], [2, 6]),
    error: I,
    argument: 'GroupNormalization "gn4": size of input axis 1',
  },
  // fusedAdam.
  'fusedAdam({ learningRat })': {
    call: () => fusedAdam({ learningRat: 0.1 } as never),
    error: A,
    argument: 'fusedAdam: option name',
    didYouMean: 'learningRate',
  },
  'fusedAdam(-1)': { call: () => fusedAdam(-1), error: A, argument: 'learningRate' },
  'fusedAdam({ beta1: 1 })': { call: () => fusedAdam({ beta1: 1 }), error: A, argument: 'beta1' },
  'fusedAdam(0.1, 0.9, 1.5)': { call: () => fusedAdam(0.1, 0.9, 1.5), error: A, argument: 'beta2' },
  'fusedAdam(0.1, 0.9, 0.999, 0)': {
    call: () => fusedAdam(0.1, 0.9, 0.999, 0),
    error: A,
    argument: 'epsilon',
  },
  'fusedAdam({ learningRate }, 0.9)': {
    call: () => (fusedAdam as (...a: unknown[]) => unknown)({ learningRate: 0.1 }, 0.9),
    error: A,
    argument: 'beta1',
  },
  // recomputeBatchStatistics (issue 12: NaN statistics, zero rows).
  'recomputeBatchStatistics(..., { batchsize })': {
    call: () => recomputeBatchStatistics(bnModel(), tf.ones([2, 3]), { batchsize: 8 } as never),
    error: A,
    argument: 'recomputeBatchStatistics: option name',
    didYouMean: 'batchSize',
  },
  'recomputeBatchStatistics(..., { batchSize: 0 })': {
    call: () => recomputeBatchStatistics(bnModel(), tf.ones([2, 3]), { batchSize: 0 }),
    error: A,
    argument: 'batchSize',
  },
  'recomputeBatchStatistics(..., "fast")': {
    call: () => recomputeBatchStatistics(bnModel(), tf.ones([2, 3]), 'fast' as never),
    error: A,
    argument: 'recomputeBatchStatistics: options',
  },
  'recomputeBatchStatistics({}, x)': {
    call: () => recomputeBatchStatistics({} as tfl.LayersModel, tf.ones([2, 3])),
    error: I,
    argument: 'model',
  },
  'recomputeBatchStatistics(model, [])': {
    call: () => recomputeBatchStatistics(bnModel(), []),
    error: I,
    argument: 'data',
  },
  'recomputeBatchStatistics(model, 0 rows)': {
    call: () => recomputeBatchStatistics(bnModel(), tf.zeros([0, 3])),
    error: I,
    argument: 'data shape',
  },
  'recomputeBatchStatistics(model, wrong width)': {
    call: () => recomputeBatchStatistics(bnModel(), tf.ones([2, 4])),
    error: I,
    argument: 'data shape',
  },
  'recomputeBatchStatistics(model, NaN data)': {
    call: () => recomputeBatchStatistics(bnModel(), tf.tensor2d([[1, NaN, 2]])),
    error: I,
    argument: 'data',
  },
};

describe('bad inputs', () => {
  it('has at least 30 cases', () => {
    expect(Object.keys(corpus).length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.entries(corpus))(
    '%s',
    async (_, { call, error: errorClass, argument, didYouMean }) => {
      expectArgumentError(await thrownBy(call), {
        classes: [errorClass, BnkitArgumentError],
        argument,
        says: didYouMean === undefined ? undefined : `Did you mean "${didYouMean}"?`,
      });
    },
  );
});
