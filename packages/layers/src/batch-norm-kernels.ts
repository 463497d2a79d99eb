import * as tf from '@tensorflow/tfjs-core';
import { gradInputs, readGradArgs } from './bn-grad-args.js';
import { MEMORY_KERNEL_BACKENDS, memoryAccess } from './kernel-memory.js';

/**
 * Training-mode batch normalization as two kernels (forward and backward) for the cpu and wasm
 * backends, written as plain loops over the tensors' memory with float64 accumulators. The
 * op-level path costs ~20 tfjs ops per pass, and on these backends each op has a fixed overhead
 * that dominates for the small activations of dense networks; one kernel per pass removes it.
 * Other backends (webgl, webgpu, node) use the op-level path in fused-batch-norm.ts.
 */
export const FORWARD_KERNEL = 'BnkitBatchNormTrain';
export const BACKWARD_KERNEL = 'BnkitBatchNormTrainGrad';

function layout(shape: number[], axis: number): { outer: number; channels: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i] as number;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i] as number;
  return { outer, channels: shape[axis] as number, inner };
}

function forwardKernel(backendName: string): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { x, gamma, beta, movingMean, movingVariance } = inputs as {
      x: tf.TensorInfo;
      gamma?: tf.TensorInfo;
      beta?: tf.TensorInfo;
      movingMean?: tf.TensorInfo;
      movingVariance?: tf.TensorInfo;
    };
    const axis = attrs?.['axis'] as number;
    const epsilon = attrs?.['epsilon'] as number;
    const factor = attrs?.['factor'] as number;
    const varianceScale = attrs?.['varianceScale'] as number;
    const mem = memoryAccess(backendName, backend);
    const { outer, channels: C, inner } = layout(x.shape, axis);
    const count = outer * inner;
    const moving = movingMean !== undefined && movingVariance !== undefined;
    const yInfo = mem.alloc(x.shape);
    const statsInfo = mem.alloc([3, C]);
    const mmInfo = moving ? mem.alloc([C]) : null;
    const mvInfo = moving ? mem.alloc([C]) : null;
    const xv = mem.view(x);
    const y = mem.view(yInfo);
    const stats = mem.view(statsInfo);
    const g = gamma ? mem.view(gamma) : null;
    const b = beta ? mem.view(beta) : null;
    // One pass for the statistics: shifted sums (shift = the channel's first value) in float64,
    // which keeps E[(x−K)²] − E[x−K]² accurate even when |mean| ≫ std.
    const shiftK = new Float64Array(C);
    for (let c = 0; c < C; c++) shiftK[c] = xv[c * inner] as number;
    const s1 = new Float64Array(C);
    const s2 = new Float64Array(C);
    if (inner === 1) {
      const n = outer * C;
      for (let i = 0, c = 0; i < n; i++) {
        const d = (xv[i] as number) - (shiftK[c] as number);
        s1[c] = (s1[c] as number) + d;
        s2[c] = (s2[c] as number) + d * d;
        if (++c === C) c = 0;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < C; c++) {
          const base = (o * C + c) * inner;
          const kc = shiftK[c] as number;
          let a = 0;
          let q = 0;
          for (let i = 0; i < inner; i++) {
            const d = (xv[base + i] as number) - kc;
            a += d;
            q += d * d;
          }
          s1[c] = (s1[c] as number) + a;
          s2[c] = (s2[c] as number) + q;
        }
      }
    }
    const mean = new Float64Array(C);
    const variance = new Float64Array(C);
    const k = new Float64Array(C);
    const shift = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const m1 = (s1[c] as number) / count;
      const v = Math.max(0, (s2[c] as number) / count - m1 * m1);
      const mu = (shiftK[c] as number) + m1;
      const inv = 1 / Math.sqrt(v + epsilon);
      mean[c] = mu;
      variance[c] = v;
      stats[c] = mu;
      stats[C + c] = v;
      stats[2 * C + c] = inv;
      k[c] = inv * (g ? (g[c] as number) : 1);
      shift[c] = (b ? (b[c] as number) : 0) - mu * (k[c] as number);
    }
    if (inner === 1) {
      const n = outer * C;
      for (let i = 0, c = 0; i < n; i++) {
        y[i] = (xv[i] as number) * (k[c] as number) + (shift[c] as number);
        if (++c === C) c = 0;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < C; c++) {
          const base = (o * C + c) * inner;
          const kc = k[c] as number;
          const sc = shift[c] as number;
          for (let i = 0; i < inner; i++) y[base + i] = (xv[base + i] as number) * kc + sc;
        }
      }
    }
    if (!moving || mmInfo === null || mvInfo === null) return [yInfo, statsInfo];
    // moving − (moving − batch)·factor, as Keras's assign_sub; the variance optionally unbiased.
    const mmOld = mem.view(movingMean);
    const mvOld = mem.view(movingVariance);
    const mmNew = mem.view(mmInfo);
    const mvNew = mem.view(mvInfo);
    for (let c = 0; c < C; c++) {
      const om = mmOld[c] as number;
      const ov = mvOld[c] as number;
      mmNew[c] = om - (om - (mean[c] as number)) * factor;
      mvNew[c] = ov - (ov - (variance[c] as number) * varianceScale) * factor;
    }
    return [yInfo, statsInfo, mmInfo, mvInfo];
  };
}

function backwardKernel(backendName: string): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { dy, x, stats, gamma } = inputs as {
      dy: tf.TensorInfo;
      x: tf.TensorInfo;
      stats: tf.TensorInfo;
      gamma?: tf.TensorInfo;
    };
    const axis = attrs?.['axis'] as number;
    const mem = memoryAccess(backendName, backend);
    const { outer, channels: C, inner } = layout(x.shape, axis);
    const count = outer * inner;
    const dxInfo = mem.alloc(x.shape);
    const dgInfo = mem.alloc([C]);
    const dbInfo = mem.alloc([C]);
    const dyv = mem.view(dy);
    const xv = mem.view(x);
    const packed = mem.view(stats);
    const mv = packed.subarray(0, C);
    const iv = packed.subarray(2 * C, 3 * C);
    const g = gamma ? mem.view(gamma) : null;
    const dx = mem.view(dxInfo);
    const dg = mem.view(dgInfo);
    const db = mem.view(dbInfo);
    const sDy = new Float64Array(C);
    const sDyXc = new Float64Array(C);
    if (inner === 1) {
      const n = outer * C;
      for (let i = 0, c = 0; i < n; i++) {
        const d = dyv[i] as number;
        sDy[c] = (sDy[c] as number) + d;
        sDyXc[c] = (sDyXc[c] as number) + d * ((xv[i] as number) - (mv[c] as number));
        if (++c === C) c = 0;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < C; c++) {
          const base = (o * C + c) * inner;
          const m = mv[c] as number;
          let s1 = 0;
          let s2 = 0;
          for (let i = 0; i < inner; i++) {
            const d = dyv[base + i] as number;
            s1 += d;
            s2 += d * ((xv[base + i] as number) - m);
          }
          sDy[c] = (sDy[c] as number) + s1;
          sDyXc[c] = (sDyXc[c] as number) + s2;
        }
      }
    }
    // dx = k·(dy − Σdy/m − (x − μ)·σ⁻²·Σdy(x − μ)/m), k = γσ⁻¹
    const k = new Float64Array(C);
    const a = new Float64Array(C);
    const bias = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      const inv = iv[c] as number;
      const kc = inv * (g ? (g[c] as number) : 1);
      const t = (inv * inv * (sDyXc[c] as number)) / count;
      k[c] = kc;
      a[c] = kc * t;
      bias[c] = kc * ((mv[c] as number) * t - (sDy[c] as number) / count);
      dg[c] = (sDyXc[c] as number) * inv;
      db[c] = sDy[c] as number;
    }
    if (inner === 1) {
      const n = outer * C;
      for (let i = 0, c = 0; i < n; i++) {
        dx[i] =
          (dyv[i] as number) * (k[c] as number) -
          (xv[i] as number) * (a[c] as number) +
          (bias[c] as number);
        if (++c === C) c = 0;
      }
    } else {
      for (let o = 0; o < outer; o++) {
        for (let c = 0; c < C; c++) {
          const base = (o * C + c) * inner;
          const kc = k[c] as number;
          const ac = a[c] as number;
          const bc = bias[c] as number;
          for (let i = 0; i < inner; i++) {
            dx[base + i] = (dyv[base + i] as number) * kc - (xv[base + i] as number) * ac + bc;
          }
        }
      }
    }
    return [dxInfo, dgInfo, dbInfo];
  };
}

let kernelsEnabled = true;

/** Internal switch (tests): false forces the op-level path on every backend. */
export function setKernelsEnabled(enabled: boolean): void {
  kernelsEnabled = enabled;
}

/** True when the active backend has (or now gets) the bnkit training kernels. */
export function ensureKernels(): boolean {
  const backendName = tf.getBackend();
  if (!kernelsEnabled || !MEMORY_KERNEL_BACKENDS.includes(backendName)) return false;
  const table: [string, (n: string) => tf.KernelFunc][] = [
    [FORWARD_KERNEL, forwardKernel],
    [BACKWARD_KERNEL, backwardKernel],
  ];
  for (const [kernelName, make] of table) {
    if (tf.getKernel(kernelName, backendName) === undefined) {
      tf.registerKernel({ kernelName, backendName, kernelFunc: make(backendName) });
    }
  }
  return true;
}

/** Moving-average update fused into the forward kernel. */
export interface FusedMovingUpdate {
  movingMean: tf.Tensor;
  movingVariance: tf.Tensor;
  /** 1 − momentum. */
  factor: number;
  /** m/(m − 1) for an unbiased moving variance, else 1. */
  varianceScale: number;
}

/** Output of {@link kernelBatchNormTraining}; every tensor but `y` is kept (the caller disposes). */
export interface KernelBatchNormResult {
  y: tf.Tensor;
  /** [3, C]: batch mean, biased batch variance, 1/√(variance + ε). */
  stats: tf.Tensor;
  newMovingMean: tf.Tensor | null;
  newMovingVariance: tf.Tensor | null;
}

/**
 * Training-mode BN over one axis through the bnkit kernels, with the closed-form gradient. With
 * `moving`, the forward kernel also returns the updated moving statistics.
 */
export function kernelBatchNormTraining(
  x: tf.Tensor,
  gamma: tf.Tensor | null,
  beta: tf.Tensor | null,
  axis: number,
  epsilon: number,
  moving: FusedMovingUpdate | null,
): KernelBatchNormResult {
  let stats: tf.Tensor | null = null;
  let newMovingMean: tf.Tensor | null = null;
  let newMovingVariance: tf.Tensor | null = null;
  const inputs = gradInputs(x, gamma, beta);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const { x: xi, gamma: g, beta: b, save } = readGradArgs(args, gamma !== null, beta !== null);
    const kernelInputs: tf.NamedTensorMap = { x: xi };
    if (g) kernelInputs['gamma'] = g;
    if (b) kernelInputs['beta'] = b;
    if (moving) {
      kernelInputs['movingMean'] = moving.movingMean;
      kernelInputs['movingVariance'] = moving.movingVariance;
    }
    const outputs = tf.engine().runKernel(FORWARD_KERNEL, kernelInputs, {
      axis,
      epsilon,
      factor: moving?.factor ?? 0,
      varianceScale: moving?.varianceScale ?? 1,
    }) as tf.Tensor[];
    const [y, st, mm, mv] = outputs as [tf.Tensor, tf.Tensor, tf.Tensor?, tf.Tensor?];
    save(g ? [xi, st, g] : [xi, st]);
    stats = tf.keep(st);
    if (mm && mv) {
      newMovingMean = tf.keep(mm);
      newMovingVariance = tf.keep(mv);
    }
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [sx, sStats, sg] = saved as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
      const backwardInputs: tf.NamedTensorMap = { dy, x: sx, stats: sStats };
      if (sg) backwardInputs['gamma'] = sg;
      const [dx, dg, db] = tf.engine().runKernel(BACKWARD_KERNEL, backwardInputs, {
        axis,
      }) as tf.Tensor[];
      const grads = [dx as tf.Tensor];
      if (gamma !== null) grads.push(dg as tf.Tensor);
      if (beta !== null) grads.push(db as tf.Tensor);
      return grads;
    };
    return { value: y, gradFunc };
  });
  const y = (op as (...t: tf.Tensor[]) => tf.Tensor)(...inputs);
  if (stats === null) throw new Error('unreachable: statistics not computed');
  return { y, stats, newMovingMean, newMovingVariance };
}
