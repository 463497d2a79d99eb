import type * as tf from '@tensorflow/tfjs-core';
import { release, transposeLastTwo } from './kernel-calls.js';
import { planMatMul } from './mat-mul-plan.js';
import type { MatMulShape } from './mat-mul-plan.js';
import type { WasmBackendLike, WasmKernelArgs } from './wasm-backend.js';

/** The attributes of tfjs's `_FusedMatMul` kernel (not exported by tfjs-core's index). */
interface FusedMatMulAttrs {
  transposeA: boolean;
  transposeB: boolean;
  activation: string;
  leakyreluAlpha?: number;
}

function product(dims: number[]): number {
  return dims.reduce((p, d) => p * d, 1);
}

/** Shapes of a product as BatchMatMul reads them (rank ≥ 2, broadcast batch). */
export function matMulShape(
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): MatMulShape {
  const ra = a.shape.length;
  const rb = b.shape.length;
  const batchA = product(a.shape.slice(0, -2));
  const batchB = product(b.shape.slice(0, -2));
  return {
    batchA,
    batchB,
    batch: Math.max(batchA, batchB),
    m: (transposeA ? a.shape[ra - 1] : a.shape[ra - 2]) as number,
    k: (transposeA ? a.shape[ra - 2] : a.shape[ra - 1]) as number,
    n: (transposeB ? b.shape[rb - 2] : b.shape[rb - 1]) as number,
    transposeA,
    transposeB,
  };
}

/**
 * `op(a)·op(b)` on wasm through XNNPACK, transposing first where that pays (see `planMatMul`),
 * through `stock` (tfjs-backend-wasm's own BatchMatMul) otherwise.
 */
export function fastMatMul(
  backend: WasmBackendLike,
  stock: tf.KernelFunc,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
): tf.TensorInfo {
  const call = (x: tf.TensorInfo, y: tf.TensorInfo, tA: boolean, tB: boolean): tf.TensorInfo =>
    stock({
      inputs: { a: x, b: y },
      backend: backend as never,
      attrs: { transposeA: tA, transposeB: tB },
    }) as tf.TensorInfo;
  const plan =
    a.dtype === 'float32' && b.dtype === 'float32'
      ? planMatMul(matMulShape(a, b, transposeA, transposeB))
      : 'stock';
  if (plan === 'stock') return call(a, b, transposeA, transposeB);
  if (plan === 'operands') {
    const a2 = transposeA ? transposeLastTwo(backend, a) : a;
    const b2 = transposeB ? transposeLastTwo(backend, b) : b;
    const out = call(a2, b2, false, false);
    release(backend, a2 === a ? null : a2, b2 === b ? null : b2);
    return out;
  }
  // Cᵀ = op(b)ᵀ·op(a)ᵀ: a transposed operand is already op(·)ᵀ in memory.
  const bt = transposeB ? b : transposeLastTwo(backend, b);
  const at = transposeA ? a : transposeLastTwo(backend, a);
  const ct = call(bt, at, false, false);
  release(backend, bt === b ? null : bt, at === a ? null : at);
  const out = transposeLastTwo(backend, ct);
  release(backend, ct);
  return out;
}

/** The BatchMatMul kernel: {@link fastMatMul} over the stock kernel. */
export function batchMatMulKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    return fastMatMul(
      backend,
      stock.kernelFunc,
      inputs.a as tf.TensorInfo,
      inputs.b as tf.TensorInfo,
      transposeA,
      transposeB,
    );
  };
}

/**
 * The _FusedMatMul kernel: transposed operands are transposed first, then the stock fused
 * kernel (XNNPACK product, bias and activation in one pass) runs on plain operands. This also
 * fixes a stock bug: with a transposed operand and a bias its results are wrong.
 */
export function fusedMatMulKernel(stock: tf.KernelConfig): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as unknown as WasmKernelArgs;
    const fusedAttrs = attrs as unknown as FusedMatMulAttrs;
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const { transposeA, transposeB } = fusedAttrs;
    // Always transposed first, whatever the size: the stock kernel gives wrong results with a
    // transposed operand and a bias (tfjs-backend-wasm 4.22).
    if ((!transposeA && !transposeB) || a.dtype !== 'float32' || b.dtype !== 'float32') {
      return stock.kernelFunc(args);
    }
    const a2 = transposeA ? transposeLastTwo(backend, a) : a;
    const b2 = transposeB ? transposeLastTwo(backend, b) : b;
    const out = stock.kernelFunc({
      inputs: { ...inputs, a: a2, b: b2 },
      backend: backend as never,
      attrs: { ...fusedAttrs, transposeA: false, transposeB: false } as never,
    }) as tf.TensorInfo;
    release(backend, a2 === a ? null : a2, b2 === b ? null : b2);
    return out;
  };
}
