import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { toTensors, toTfDataset } from '@bnkit/datasets';
import type { Normalization } from '../network-options.js';
import { buildProblemModel, problemData } from './problem.js';
import type { ProblemName } from './problem.js';

/** One training run of the reference model on the reference data, or of the paper network on the digits. */
export interface TrainRunOptions {
  /** Default `'reference'`: the reference model on make_classification (random_state 42). */
  problem?: ProblemName;
  normalization: Normalization;
  /** Seeds the weights and the batch order; the data and split stay fixed. */
  seed: number;
  epochs: number;
  batchSize?: number;
  learningRate?: number;
  initScale?: number;
  /** Receives the model before training and returns callbacks to attach (monitors). */
  onModel?: (model: tfl.LayersModel) => tfl.Callback[] | void;
}

/** Per-epoch history of a run, as numbers. */
export interface TrainRunResult {
  loss: number[];
  acc: number[];
  valLoss: number[];
  valAcc: number[];
  seconds: number;
}

/**
 * Trains the reference model once and returns its per-epoch curves. A run whose loss becomes NaN
 * keeps NaN in its curves (the experiments count it as diverged).
 *
 * @example
 * const run = await trainRun({ normalization: 'batch', seed: 1, epochs: 10 });
 */
export async function trainRun(options: TrainRunOptions): Promise<TrainRunResult> {
  const problem = options.problem ?? 'reference';
  const data = problemData(problem);
  const oneHot = data.nClasses > 1 ? { oneHot: data.nClasses } : {};
  const batchSize = options.batchSize ?? 32;
  const model = buildProblemModel(problem, {
    nFeatures: data.nFeatures,
    normalization: options.normalization,
    seed: options.seed,
    learningRate: options.learningRate,
    initScale: options.initScale,
    batchSize,
  });
  const extra = options.onModel?.(model) ?? [];
  const test = toTensors(data.test, oneHot);
  const started = process.hrtime.bigint();
  try {
    const history = await model.fitDataset(
      toTfDataset(data.train, {
        batchSize,
        shuffle: true,
        seed: options.seed,
        ...oneHot,
      }) as unknown as Parameters<tfl.LayersModel['fitDataset']>[0],
      { epochs: options.epochs, validationData: [test.xs, test.ys], verbose: 0, callbacks: extra },
    );
    const curve = (key: string) => (history.history[key] ?? []).map((v) => Number(v));
    return {
      loss: curve('loss'),
      acc: curve('acc'),
      valLoss: curve('val_loss'),
      valAcc: curve('val_acc'),
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
    };
  } finally {
    tf.dispose([test.xs, test.ys]);
    model.dispose();
  }
}
