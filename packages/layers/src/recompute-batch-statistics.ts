import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { BatchNormalization, normalizeAxes } from './batch-normalization.js';
import { describeValue, integer } from '@bnkit/core';
import { LayerInputError } from './errors.js';
import { checkLayerOptions } from './validate.js';

/** Options of {@link recomputeBatchStatistics}. */
export interface RecomputeBatchStatisticsOptions {
  /** Batch size used to split `data` when it is one tensor; default `32`. */
  batchSize?: number;
}

/** What {@link recomputeBatchStatistics} did for one layer. */
export interface RecomputedLayer {
  name: string;
  /** Number of values each channel's statistics were computed from. */
  count: number;
}

type Layer = tfl.layers.Layer;

/** Every option of {@link recomputeBatchStatistics} and what it accepts. */
const OPTIONS = { batchSize: integer({ min: 1 }) };

function isBatchNorm(layer: Layer): boolean {
  return layer instanceof BatchNormalization || layer.getClassName() === 'BatchNormalization';
}

/**
 * Precise BN: re-estimates the moving mean and variance of every batch normalization layer in
 * `model` (this package's and tfjs-layers') as the exact population statistics of its input over
 * `data`, with the network in inference mode. Layers are processed in order, each one seeing
 * the already re-estimated layers before it, so the statistics are those the inference network
 * actually feeds each BN. Use it after training with small batches, where the moving averages
 * of noisy batch statistics are poor population estimates. The variance follows each layer's
 * `varianceCorrection` (biased unless `'unbiased'`); renorm layers get a consistent
 * `moving_stddev`, `renorm_mean` and `renorm_stddev`.
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import { recomputeBatchStatistics } from '@bnkit/layers';
 *
 * // after model.fit(xTrain, yTrain, { batchSize: 4, ... })
 * recomputeBatchStatistics(model, xTrain, { batchSize: 256 });
 * ```
 */
export function recomputeBatchStatistics(
  model: tfl.LayersModel,
  data: tf.Tensor | tf.Tensor[],
  options: RecomputeBatchStatisticsOptions = {},
): RecomputedLayer[] {
  const where = 'recomputeBatchStatistics';
  const o = checkLayerOptions(where, options, OPTIONS);
  if (!(model instanceof tfl.LayersModel)) {
    throw new LayerInputError(
      'model',
      model,
      'a tfjs-layers LayersModel (tf.sequential or tf.model)',
    );
  }
  if (model.inputs.length !== 1) {
    throw new LayerInputError('model', model, 'a model with one input', {
      hint: `The model has ${model.inputs.length} inputs.`,
    });
  }
  const batchSize = o.batchSize ?? 32;
  const batches: tf.Tensor[] = Array.isArray(data) ? data : [data];
  const accepted = 'a tensor or a non-empty array of tensors (batches) matching the model input';
  if (batches.length === 0 || !batches.every((b) => b instanceof tf.Tensor)) {
    throw new LayerInputError('data', data, accepted);
  }
  const expected = model.inputs[0]!.shape;
  for (const [i, batch] of batches.entries()) {
    const name = Array.isArray(data) ? `data[${i}]` : 'data';
    const fits =
      batch.rank === expected.length &&
      batch.shape.every((d, k) => k === 0 || expected[k] === null || expected[k] === d);
    if (!fits) {
      throw new LayerInputError(
        `${name} shape`,
        batch.shape,
        `the model input shape ${describeValue(expected)}`,
      );
    }
    if ((batch.shape[0] ?? 0) < 1) {
      throw new LayerInputError(`${name} shape`, batch.shape, 'a shape with at least one row', {
        hint: 'Statistics need at least one sample.',
      });
    }
  }
  const bnLayers = model.layers.filter(isBatchNorm);
  for (const layer of bnLayers) {
    if (Array.isArray(layer.input) || layer.inboundNodes.length > 1) {
      throw new LayerInputError('model', model, 'a model that uses each BN layer once', {
        hint: `Layer ${JSON.stringify(layer.name)} is used more than once in the model.`,
      });
    }
  }
  // Statistics are written layer by layer (each layer sees the ones before it re-estimated); on
  // a failure the layers already written get their weights back, so nothing is half done.
  const saved = bnLayers.map((layer) => layer.getWeights().map((w) => tf.clone(w)));
  try {
    return recompute(model, bnLayers, data, batches, batchSize);
  } catch (error) {
    bnLayers.forEach((layer, i) => layer.setWeights(saved[i]!));
    throw error;
  } finally {
    for (const weights of saved) tf.dispose(weights);
  }
}

function recompute(
  model: tfl.LayersModel,
  bnLayers: Layer[],
  data: tf.Tensor | tf.Tensor[],
  batches: tf.Tensor[],
  batchSize: number,
): RecomputedLayer[] {
  const done: RecomputedLayer[] = [];
  for (const layer of bnLayers) {
    const input = layer.input as tfl.SymbolicTensor;
    const rank = input.shape.length;
    const ours = layer instanceof BatchNormalization ? layer : null;
    const config = layer.getConfig();
    const axes = normalizeAxes(ours ? ours.axis : (config['axis'] as number), rank);
    const reduce = [...Array(rank).keys()].filter((i) => !axes.includes(i));
    const keepDims = axes.length > 1;
    const probe = tfl.model({ inputs: model.inputs, outputs: input });
    // Chan et al.'s pairwise merge of per-batch (count, mean, M2) in float64.
    let n = 0;
    let mean: Float64Array | null = null;
    let m2: Float64Array | null = null;
    for (const batch of batches) {
      const parts = Array.isArray(data) ? [batch] : splitBatches(batch, batchSize);
      for (const part of parts) {
        const [bm, bv, count] = tf.tidy(() => {
          const activations = probe.predict(part) as tf.Tensor;
          const m = tf.moments(activations, reduce, keepDims);
          let c = 1;
          for (const ax of reduce) c *= activations.shape[ax] as number;
          return [m.mean.dataSync(), m.variance.dataSync(), c] as const;
        });
        if (mean === null || m2 === null) {
          mean = Float64Array.from(bm);
          m2 = Float64Array.from(bv, (v) => v * count);
          n = count;
          continue;
        }
        const total = n + count;
        for (let c = 0; c < mean.length; c++) {
          const delta = (bm[c] as number) - (mean[c] as number);
          mean[c] = (mean[c] as number) + (delta * count) / total;
          m2[c] =
            (m2[c] as number) + (bv[c] as number) * count + (delta * delta * n * count) / total;
        }
        n = total;
      }
      if (parts.length > 1 || parts[0] !== batch) tf.dispose(parts);
    }
    if (mean === null || m2 === null) continue;
    const bad = [...mean, ...m2].findIndex((v) => !Number.isFinite(v));
    if (bad !== -1) {
      const channel = bad % mean.length;
      const statistic = bad < mean.length ? 'mean' : 'variance';
      throw new LayerInputError(
        'data',
        data,
        `batches whose activations are finite at every BN layer`,
        {
          hint: `The ${statistic} of channel ${channel} at layer ${JSON.stringify(layer.name)} is ${bad < mean.length ? mean[channel] : m2[channel]}; no statistics were changed.`,
        },
      );
    }
    const unbiased = ours?.varianceCorrection === 'unbiased';
    const variance = Float64Array.from(m2, (v) => v / (unbiased ? Math.max(n - 1, 1) : n));
    writeStatistics(layer, ours, config, Float32Array.from(mean), Float32Array.from(variance));
    done.push({ name: layer.name, count: n });
  }
  return done;
}

function splitBatches(x: tf.Tensor, batchSize: number): tf.Tensor[] {
  const total = x.shape[0] as number;
  if (total <= batchSize) return [x];
  const parts: tf.Tensor[] = [];
  for (let start = 0; start < total; start += batchSize) {
    const size = Math.min(batchSize, total - start);
    parts.push(
      tf.slice(
        x,
        [start, ...x.shape.slice(1).map(() => 0)],
        [size, ...x.shape.slice(1).map(() => -1)],
      ),
    );
  }
  return parts;
}

function writeStatistics(
  layer: Layer,
  ours: BatchNormalization | null,
  config: tf.serialization.ConfigDict,
  mean: Float32Array,
  variance: Float32Array,
): void {
  tf.tidy(() => {
    if (ours) {
      const shape = ours.movingMean!.shape as number[];
      const m = tf.tensor(mean, shape);
      const v = tf.tensor(variance, shape);
      ours.movingMean!.write(m);
      ours.movingVariance!.write(v);
      if (ours.renorm) {
        const std = tf.sqrt(tf.add(v, ours.epsilon));
        ours.movingStddev!.write(std);
        ours.renormMean!.write(m);
        ours.renormStddev!.write(std);
      }
      return;
    }
    const weights = layer.getWeights();
    const offset = (config['scale'] ? 1 : 0) + (config['center'] ? 1 : 0);
    const next = weights.slice();
    next[offset] = tf.tensor1d(mean);
    next[offset + 1] = tf.tensor1d(variance);
    layer.setWeights(next);
  });
}
