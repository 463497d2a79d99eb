import * as tf from '@tensorflow/tfjs-core';
import { RandomState } from '@bnkit/datasets';
import { recomputeBatchStatistics } from '@bnkit/layers';
import type { Dataset } from '@bnkit/datasets';
import { buildPaperNetwork } from '../paper-network.js';
import type { Normalization } from '../network-options.js';
import { percentiles } from './percentile.js';

/** The percentiles the paper plots for the input of a sigmoid (Figure 1 b, c). */
export const SIGMOID_PERCENTILES = [15, 50, 85] as const;

/** One run of the paper network for a number of SGD steps. */
export interface StepRunOptions {
  train: Dataset;
  test: Dataset;
  nClasses: number;
  normalization: Normalization;
  /** Seeds the kernels and the batch order. */
  seed: number;
  steps: number;
  /** Evaluate every this many steps (and before the first one). */
  evalEvery: number;
  /** Default 60, the paper's. */
  batchSize?: number;
  learningRate?: number;
}

/** Test accuracy and the last hidden layer's sigmoid-input percentiles at each evaluation. */
export interface StepRunResult {
  /** Steps done at each evaluation (0 first). */
  steps: number[];
  testAcc: number[];
  /**
   * `percentiles[e][k][u]`: at evaluation `e`, the `SIGMOID_PERCENTILES[k]`th percentile over the
   * test set of the input of sigmoid `u` of the last hidden layer.
   */
  percentiles: number[][][];
  /** Training loss of the last step. */
  finalLoss: number;
  /**
   * Test accuracy at the end with each BN's moving statistics replaced by the population
   * statistics of its input over the training set (the paper's inference network, Alg. 2, step
   * 10); NaN without BN.
   */
  populationAcc: number;
  seconds: number;
}

/**
 * Trains the paper network with minibatches of `batchSize` rows taken in the order of successive
 * `RandomState(seed).permutation(nTrain)` epochs (the rows left over at an epoch's end are
 * skipped, so every step sees a full batch), evaluating the test set in inference mode every
 * `evalEvery` steps.
 *
 * @example
 * const run = await trainSteps({ train, test, nClasses: 10, normalization: 'batch', seed: 1, steps: 1000, evalEvery: 100 });
 */
export async function trainSteps(options: StepRunOptions): Promise<StepRunResult> {
  const { train, test, nClasses, normalization, seed, steps, evalEvery } = options;
  const batchSize = options.batchSize ?? 60;
  const nFeatures = train.nFeatures;
  const { model, lastSigmoidInput } = buildPaperNetwork({
    nFeatures,
    nClasses,
    normalization,
    seed,
    batchSize,
    learningRate: options.learningRate,
  });
  const trainX = Float32Array.from(train.X);
  const testXs = tf.tensor2d(Float32Array.from(test.X), [test.nSamples, nFeatures]);
  const testY = test.y;
  const rng = new RandomState(seed);
  const result: StepRunResult = {
    steps: [],
    testAcc: [],
    percentiles: [],
    finalLoss: Number.NaN,
    populationAcc: Number.NaN,
    seconds: 0,
  };
  const accuracy = async (): Promise<number> => {
    const predicted = tf.tidy(() =>
      tf.argMax(model.predict(testXs, { batchSize: test.nSamples }) as tf.Tensor, 1),
    );
    const labels = await predicted.data();
    predicted.dispose();
    let correct = 0;
    for (let i = 0; i < test.nSamples; i++) if (labels[i] === testY[i]) correct++;
    return correct / test.nSamples;
  };
  const evaluate = async (step: number) => {
    const [probs, inputs] = tf.tidy(() => [
      tf.argMax(model.predict(testXs, { batchSize: test.nSamples }) as tf.Tensor, 1),
      lastSigmoidInput.predict(testXs, { batchSize: test.nSamples }) as tf.Tensor,
    ]);
    const predicted = await probs.data();
    const values = (await inputs.data()) as Float32Array;
    const units = inputs.shape[1] as number;
    tf.dispose([probs, inputs]);
    let correct = 0;
    for (let i = 0; i < test.nSamples; i++) if (predicted[i] === testY[i]) correct++;
    const column = new Float64Array(test.nSamples);
    const perUnit: number[][] = SIGMOID_PERCENTILES.map(() => []);
    for (let u = 0; u < units; u++) {
      for (let i = 0; i < test.nSamples; i++) column[i] = values[i * units + u] as number;
      percentiles(column, SIGMOID_PERCENTILES).forEach((p, k) => perUnit[k]!.push(p));
    }
    result.steps.push(step);
    result.testAcc.push(correct / test.nSamples);
    result.percentiles.push(perUnit);
  };
  const started = process.hrtime.bigint();
  const perEpoch = Math.floor(train.nSamples / batchSize);
  if (perEpoch < 1)
    throw new Error(`paper network: ${train.nSamples} rows < a batch of ${batchSize}`);
  const xb = new Float32Array(batchSize * nFeatures);
  const yb = new Float32Array(batchSize * nClasses);
  try {
    await evaluate(0);
    let order = rng.permutation(train.nSamples);
    for (let step = 0; step < steps; step++) {
      const b = step % perEpoch;
      if (b === 0 && step > 0) order = rng.permutation(train.nSamples);
      yb.fill(0);
      for (let r = 0; r < batchSize; r++) {
        const row = order[b * batchSize + r] as number;
        xb.set(trainX.subarray(row * nFeatures, (row + 1) * nFeatures), r * nFeatures);
        yb[r * nClasses + (train.y[row] as number)] = 1;
      }
      const xs = tf.tensor2d(xb, [batchSize, nFeatures]);
      const ys = tf.tensor2d(yb, [batchSize, nClasses]);
      try {
        const out = await model.trainOnBatch(xs, ys);
        result.finalLoss = Array.isArray(out) ? (out[0] as number) : out;
      } finally {
        tf.dispose([xs, ys]);
      }
      if ((step + 1) % evalEvery === 0 || step + 1 === steps) await evaluate(step + 1);
    }
    result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (normalization !== 'none') {
      const trainXs = tf.tensor2d(trainX, [train.nSamples, nFeatures]);
      try {
        recomputeBatchStatistics(model, trainXs, { batchSize: 1000 });
      } finally {
        trainXs.dispose();
      }
      result.populationAcc = await accuracy();
    }
  } finally {
    tf.dispose(testXs);
    model.dispose();
  }
  return result;
}
