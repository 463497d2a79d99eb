import * as tf from '@tensorflow/tfjs-core';
import { gradInputs, readGradArgs } from './bn-grad-args.js';

/** Per-batch correction of Batch Renormalization: `y = (x̂·r + d)·γ + β`, r and d constants. */
export interface RenormCorrection {
  r: tf.Tensor;
  d: tf.Tensor;
}

/** Options of {@link fusedBatchNormTraining}. */
export interface FusedBatchNormOptions {
  /** Axes of `x` the statistics reduce over. */
  reduceAxes: number[];
  /** Axis of `x` that indexes ghost batches (kept in the statistics), or null. */
  ghostAxis: number | null;
  /** Shape gamma and beta are reshaped to so they broadcast against `x`. */
  broadcastShape: number[];
  /** Number of values each statistic is computed from. */
  count: number;
  epsilon: number;
  /**
   * Called with the batch mean and variance (keepDims shape); returns the renorm correction. Its
   * result is treated as a constant in the backward pass (stop_gradient), as in Keras.
   */
  renorm?: (mean: tf.Tensor, variance: tf.Tensor) => RenormCorrection;
}

/** Output of {@link fusedBatchNormTraining}. The statistics are kept: the caller disposes them. */
export interface FusedBatchNormResult {
  y: tf.Tensor;
  /** Batch mean, keepDims shape (one value per ghost batch and channel). */
  mean: tf.Tensor;
  /** Biased batch variance, keepDims shape. */
  variance: tf.Tensor;
}

/**
 * Batch normalization in training mode with a closed-form gradient: the statistics are computed
 * once in the forward pass and the backward pass is
 * `dx = γ·r·σ⁻¹·(dy − mean(dy) − x̂·mean(dy·x̂))`, `dγ = Σ dy·(x̂·r + d)`, `dβ = Σ dy`,
 * instead of autodiff through `moments` (which tfjs does, and which fails for non-last axes).
 * Only broadcasting element-wise ops are used, so it is correct for any axis on every backend.
 */
export function fusedBatchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor | null,
  beta: tf.Tensor | null,
  options: FusedBatchNormOptions,
): FusedBatchNormResult {
  const { reduceAxes, ghostAxis, broadcastShape, count, epsilon, renorm } = options;
  let mean: tf.Tensor | null = null;
  let variance: tf.Tensor | null = null;
  const inputs = gradInputs(x, gamma, beta);
  const gammaShape = gamma?.shape;
  const betaShape = beta?.shape;

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const read = readGradArgs(args, gamma !== null, beta !== null);
    const { x: xi, save } = read;
    const g = read.gamma && tf.reshape(read.gamma, broadcastShape);
    const b = read.beta && tf.reshape(read.beta, broadcastShape);

    const m = tf.mean(xi, reduceAxes, true);
    const xc = tf.sub(xi, m);
    const v = tf.mean(tf.square(xc), reduceAxes, true);
    const invStd = tf.rsqrt(tf.add(v, epsilon));
    const correction = renorm ? renorm(m, v) : null;

    // y = xc·k + shift, with k = invStd·r·γ and shift = d·γ + β.
    let mult: tf.Tensor | null = g;
    if (correction) mult = mult ? tf.mul(mult, correction.r) : correction.r;
    const k = mult ? tf.mul(invStd, mult) : invStd;
    let shift: tf.Tensor | null = b;
    if (correction) {
      const dg = g ? tf.mul(correction.d, g) : correction.d;
      shift = shift ? tf.add(dg, shift) : dg;
    }
    let y = tf.mul(xc, k);
    if (shift) y = tf.add(y, shift);

    const toSave = [xc, invStd, k];
    if (correction) toSave.push(correction.r, correction.d);
    save(toSave);
    mean = tf.keep(m);
    variance = tf.keep(v);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sxc, sInvStd, sk, sr, sd] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor | undefined,
        tf.Tensor | undefined,
      ];
      const dyS = tf.sum(dy, reduceAxes, true);
      const dyXc = tf.sum(tf.mul(dy, sxc), reduceAxes, true);
      const t = tf.mul(tf.square(sInvStd), tf.div(dyXc, count));
      const u = tf.div(dyS, count);
      const dx = tf.mul(tf.sub(tf.sub(dy, tf.mul(sxc, t)), u), sk);
      const grads: tf.Tensor[] = [dx];
      const reduceGhost = (s: tf.Tensor): tf.Tensor =>
        ghostAxis === null ? s : tf.sum(s, ghostAxis, true);
      if (gammaShape !== undefined) {
        // dγ = r·Σ dy·x̂ + d·Σ dy
        let dg = tf.mul(dyXc, sInvStd);
        if (sr !== undefined && sd !== undefined) dg = tf.add(tf.mul(dg, sr), tf.mul(dyS, sd));
        grads.push(tf.reshape(reduceGhost(dg), gammaShape));
      }
      if (betaShape !== undefined) grads.push(tf.reshape(reduceGhost(dyS), betaShape));
      return grads;
    };
    return { value: y, gradFunc };
  });
  const y = (op as (...t: tf.Tensor[]) => tf.Tensor)(...inputs);
  if (mean === null || variance === null) throw new Error('unreachable: statistics not computed');
  return { y, mean, variance };
}

/** Per-channel affine map `x·scale + offset` for channels-last x and 1-D parameters: one kernel. */
function affine(
  x: tf.Tensor,
  scale: tf.Tensor | undefined,
  offset: tf.Tensor | undefined,
  zeros: tf.Tensor,
): tf.Tensor {
  // FusedBatchNorm computes (x − mean)·scale·rsqrt(variance + ε) + offset; with mean = variance = 0
  // and ε = 1 that is exactly x·scale + offset. Its cpu and wasm kernels index 1-D parameters
  // cyclically, which is correct for channels-last data, and it needs no broadcasting pass.
  return tf.batchNorm(x, zeros, zeros, offset, scale, 1);
}

/** Column sums of a [rows, C] matrix as a [C] vector, through a matrix product (no transpose). */
function columnSums(x2d: tf.Tensor2D, ones: tf.Tensor2D): tf.Tensor1D {
  return tf.reshape(tf.matMul(ones, x2d), [x2d.shape[1]]);
}

/**
 * {@link fusedBatchNormTraining} for the common layout: one normalized axis, the last one, no
 * ghost batches. Same math, but every full-size pass is a matrix product or a FusedBatchNorm
 * kernel with 1-D parameters instead of a broadcasting element-wise op, which the cpu backend
 * runs an order of magnitude slower. Statistics are returned as [C] vectors.
 */
export function fusedBatchNormChannelsLast(
  x: tf.Tensor,
  gamma: tf.Tensor | null,
  beta: tf.Tensor | null,
  epsilon: number,
  renorm?: (mean: tf.Tensor, variance: tf.Tensor) => RenormCorrection,
): FusedBatchNormResult {
  const shape = x.shape;
  const channels = shape[shape.length - 1] as number;
  const count = x.size / channels;
  let mean: tf.Tensor | null = null;
  let variance: tf.Tensor | null = null;
  const inputs = gradInputs(x, gamma, beta);

  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { x: xi, gamma: g, beta: b, save } = readGradArgs(args, gamma !== null, beta !== null);
    const ones = tf.ones([1, count]) as tf.Tensor2D;
    const zeros = tf.zeros([channels]);
    const x2d = tf.reshape(xi, [count, channels]) as tf.Tensor2D;
    const m = tf.div(columnSums(x2d, ones), count);
    const xc = affine(x2d, undefined, tf.neg(m), zeros) as tf.Tensor2D;
    const v = tf.div(columnSums(tf.square(xc), ones), count);
    const invStd = tf.rsqrt(tf.add(v, epsilon));
    const correction = renorm ? renorm(m, v) : null;
    let mult: tf.Tensor | null = g;
    if (correction) mult = mult ? tf.mul(mult, correction.r) : correction.r;
    const k = mult ? tf.mul(invStd, mult) : invStd;
    let shift: tf.Tensor | null = b;
    if (correction) {
      const dg = g ? tf.mul(correction.d, g) : correction.d;
      shift = shift ? tf.add(dg, shift) : dg;
    }
    const y = tf.reshape(affine(xc, k, shift ?? undefined, zeros), shape);
    const toSave = [xc, invStd, k];
    if (correction) toSave.push(correction.r, correction.d);
    save(toSave);
    mean = tf.keep(m);
    variance = tf.keep(v);

    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sxc, sInvStd, sk, sr, sd] = saved as [
        tf.Tensor2D,
        tf.Tensor1D,
        tf.Tensor1D,
        tf.Tensor | undefined,
        tf.Tensor | undefined,
      ];
      const onesB = tf.ones([1, count]) as tf.Tensor2D;
      const zerosB = tf.zeros([channels]);
      const dy2d = tf.reshape(dy, [count, channels]) as tf.Tensor2D;
      const dyS = columnSums(dy2d, onesB);
      const dyXc = columnSums(tf.mul(dy2d, sxc), onesB);
      // dx = k·(dy − Σdy/m − xc·σ⁻²·Σ(dy·xc)/m)
      const t = tf.mul(tf.square(sInvStd), tf.div(dyXc, -count));
      const inner = tf.add(dy2d, affine(sxc, t, tf.div(dyS, -count), zerosB));
      const dx = tf.reshape(affine(inner, sk, undefined, zerosB), shape);
      const grads: tf.Tensor[] = [dx];
      if (gamma !== null) {
        let dg = tf.mul(dyXc, sInvStd);
        if (sr !== undefined && sd !== undefined) dg = tf.add(tf.mul(dg, sr), tf.mul(dyS, sd));
        grads.push(dg);
      }
      if (beta !== null) grads.push(dyS);
      return grads;
    };
    return { value: y, gradFunc };
  });
  const y = (op as (...t: tf.Tensor[]) => tf.Tensor)(...inputs);
  if (mean === null || variance === null) throw new Error('unreachable: statistics not computed');
  return { y, mean, variance };
}
