// np.dot as numpy + OpenBLAS compute it on the reference platform, sum by sum. Private to the
// package.
import { fma } from './fma.js';

/** How matrix products are summed: in numpy + OpenBLAS order (reference platform) or left to right. */
export type DotMode = 'openblas' | 'naive';

// The 'openblas' order reproduces np.dot on the reference platform: numpy 1.24.2 with Debian 12's
// OpenBLAS 0.3.21 (DYNAMIC_ARCH build) running its Haswell kernels (AVX2 + FMA;
// OPENBLAS_CORETYPE=Haswell in the reference environment, without which 0.3.21 picks its
// Cooperlake kernels on the reference AMD EPYC) with 2 threads, one per CPU. It was found by
// experiment and matched to the OpenBLAS sources; tools/fixtures/datasets/probe_openblas_dgemm.py
// holds the same model in Python and checks it against numpy shape by shape. Threads matter:
// OpenBLAS splits large products between threads, and each piece has its own tail rows and columns.

/** OpenBLAS threads on the reference machine (OPENBLAS_NUM_THREADS defaults to the CPU count). */
const BLAS_THREADS = 2;
/** dgemm K block (param.h, Haswell DGEMM_DEFAULT_Q): each block's sum is added to C. */
const GEMM_Q = 256;
/** dgemm N block per thread (set at run time from the buffer size; found by experiment). */
const GEMM_R = 65008;
/** param.h SWITCH_RATIO (default 2): the smallest piece level3_thread.c gives a thread. */
const SWITCH_RATIO = 2;
/** interface/gemm.c: one thread while m·n·k ≤ 65536 · GEMM_MULTITHREAD_THRESHOLD (4). */
const GEMM_SINGLE_THREAD_MAX = 65536 * 4;
/** interface/gemv.c: one thread while m·n < 2304 · GEMM_MULTITHREAD_THRESHOLD (4). */
const GEMV_SINGLE_THREAD_BELOW = 2304 * 4;
/** dgemv_t_4.c NBMAX: K is summed in blocks of this many terms. */
const GEMV_NBMAX = 2048;

/**
 * The operands of `out[r, j] = Σ_t x[r, t]·a[t, j]` for `rows` rows of `x` (row stride `xStride`,
 * starting at `xOffset`, `k` columns), `a` a k×n row-major matrix, written into `out` with its own
 * stride and offset.
 */
export interface RowProduct {
  x: Float64Array;
  xOffset: number;
  xStride: number;
  rows: number;
  k: number;
  a: Float64Array;
  n: number;
  out: Float64Array;
  outOffset: number;
  outStride: number;
}

/**
 * Computes a {@link RowProduct}. `openblas` mode sums each element as `np.dot(x, a)` does on the
 * reference platform: numpy/core/src/common/cblasfuncs.c picks the BLAS call from the operand
 * shapes.
 */
export function matmulRows(product: RowProduct, mode: DotMode): void {
  const { x, xOffset, xStride, rows, k, a, n, out, outOffset, outStride } = product;
  if (rows === 0 || n === 0) return;
  if (mode === 'naive') {
    naiveRows(product);
  } else if (k <= 1) {
    // A scalar operand: numpy multiplies elementwise (no sum).
    for (let r = 0; r < rows; r++) {
      const v = k === 1 ? x[xOffset + r * xStride]! : 0;
      for (let j = 0; j < n; j++) out[outOffset + r * outStride + j] = k === 1 ? v * a[j]! : 0;
    }
  } else if (n === 1 && rows === 1) {
    out[outOffset] = ddot(x, xOffset, a, k);
  } else if (n === 1) {
    dgemvT(product);
  } else if (rows === 1) {
    dgemvN(x, xOffset, k, a, n, out, outOffset);
  } else {
    dgemm(product);
  }
}

function naiveRows(product: RowProduct): void {
  const { x, xOffset, xStride, rows, k, a, n, out, outOffset, outStride } = product;
  for (let r = 0; r < rows; r++) {
    const base = xOffset + r * xStride;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let t = 0; t < k; t++) acc += x[base + t]! * a[t * n + j]!;
      out[outOffset + r * outStride + j] = acc;
    }
  }
}

/** How OpenBLAS cuts a dgemm: column ranges, rows that take the N = 1 kernel, K block cuts. */
interface GemmLayout {
  /** [start, end) pairs: the column range of each thread (OpenBLAS's M ranges). */
  colRanges: number[];
  /** Rows that end a row chunk of odd length: the kernel's N = 1 tail runs them. */
  tailRows: number[];
  /** K block boundaries, from 0 to k. */
  kCuts: number[];
}

/**
 * driver/level3/level3.c (one thread) and level3_thread.c (gemm_driver, inner_thread): numpy's
 * row-major `x·a` is OpenBLAS's column-major `aᵀ·xᵀ`, so OpenBLAS's M is our column count and its
 * N our row count. With threads, the columns go in two ranges (when n ≥ 4), the rows in two parts
 * per GEMM_R·threads block, and each part in two chunks (DIVIDE_RATE 2); the kernel is called per
 * chunk, so each chunk of odd length ends with one N = 1 row.
 */
function gemmLayout(rows: number, n: number, k: number): GemmLayout {
  let mThreads = 1;
  let nThreads = 1;
  if (BLAS_THREADS > 1 && rows * n * k > GEMM_SINGLE_THREAD_MAX) {
    if (n >= 2 * SWITCH_RATIO) {
      mThreads = BLAS_THREADS;
      while (n < mThreads * SWITCH_RATIO) mThreads = Math.floor(mThreads / 2);
    }
    if (rows >= SWITCH_RATIO * mThreads) {
      nThreads = Math.min(
        Math.ceil(rows / (SWITCH_RATIO * mThreads)),
        Math.floor(BLAS_THREADS / mThreads),
      );
    }
  }
  const threads = mThreads * nThreads;
  const colRanges: number[] = [];
  const tailRows: number[] = [];
  const kCuts = [0];
  if (threads <= 1) {
    colRanges.push(0, n);
    if (rows % 2 === 1) tailRows.push(rows - 1);
    for (let ls = 0; ls < k;) {
      let step = k - ls;
      if (step >= 2 * GEMM_Q) step = GEMM_Q;
      else if (step > GEMM_Q) step = Math.floor((Math.floor(step / 2) + 3) / 4) * 4;
      ls += step;
      kCuts.push(ls);
    }
    return { colRanges, tailRows, kCuts };
  }
  for (let i = 0, start = 0, rest = n; i < mThreads; i++) {
    const width = Math.ceil(rest / (mThreads - i));
    colRanges.push(start, start + width);
    start += width;
    rest -= width;
  }
  for (let js = 0; js < rows;) {
    const block = Math.min(rows - js, GEMM_R * threads);
    for (let i = 0, start = js, rest = block; i < threads && rest > 0; i++) {
      const width = Math.min(Math.max(Math.ceil(rest / (threads - i)), SWITCH_RATIO), rest);
      const chunk = Math.ceil(width / 2);
      for (let c = start; c < start + width; c += chunk) {
        const end = Math.min(start + width, c + chunk);
        if ((end - c) % 2 === 1) tailRows.push(end - 1);
      }
      start += width;
      rest -= width;
    }
    js += block;
  }
  for (let ls = 0; ls < k;) {
    let step = k - ls;
    if (step >= 2 * GEMM_Q) step = GEMM_Q;
    else if (step > GEMM_Q) step = Math.floor((step + 1) / 2);
    ls += step;
    kCuts.push(ls);
  }
  return { colRanges, tailRows, kCuts };
}

/** dgemm (beta = 0, alpha = 1): chains everywhere, then the N = 1 tail rows redone. */
function dgemm(product: RowProduct): void {
  const { x, xOffset, xStride, rows, k, a, n, out, outOffset, outStride } = product;
  const { colRanges, tailRows, kCuts } = gemmLayout(rows, n, k);
  const row = new Float64Array(k);
  for (let r = 0; r < rows; r++) {
    const base = xOffset + r * xStride;
    for (let t = 0; t < k; t++) row[t] = x[base + t]!;
    const o = outOffset + r * outStride;
    if (kCuts.length === 2) {
      for (let j = 0; j < n; j++) out[o + j] = 0 + gemmChain(row, a, n, j, 0, k);
    } else {
      for (let j = 0; j < n; j++) {
        let c = 0;
        for (let b = 1; b < kCuts.length; b++)
          c += gemmChain(row, a, n, j, kCuts[b - 1]!, kCuts[b]!);
        out[o + j] = c;
      }
    }
  }
  for (const r of tailRows) {
    const base = xOffset + r * xStride;
    for (let t = 0; t < k; t++) row[t] = x[base + t]!;
    const o = outOffset + r * outStride;
    for (let i = 0; i < colRanges.length; i += 2) {
      const c0 = colRanges[i]!;
      const wide = c0 + ((colRanges[i + 1]! - c0) & ~3);
      for (let j = c0; j < wide; j++) {
        let c = 0;
        for (let b = 1; b < kCuts.length; b++) {
          c += gemmTailRowLanes(row, a, n, j, kCuts[b - 1]!, kCuts[b]!);
        }
        out[o + j] = c;
      }
    }
  }
}

/**
 * One element over one K block in kernel/x86_64/dgemm_kernel_4x8_haswell.S (every block but the
 * N = 1 tail's 4-column blocks): KERNEL*_I starts with the rounded product, then one
 * vfmadd231pd per k, in k order.
 */
function gemmChain(
  row: Float64Array,
  a: Float64Array,
  n: number,
  j: number,
  k0: number,
  k1: number,
): number {
  let acc = row[k0]! * a[k0 * n + j]!;
  for (let t = k0 + 1; t < k1; t++) acc = fma(row[t]!, a[t * n + j]!, acc);
  return acc;
}

/**
 * One element over one K block in dgemm_kernel_4x8_haswell.S's N = 1 tail, 4-column blocks
 * (.L1_11): KERNEL4x1 spreads the first 8·⌊K/8⌋ terms over four FMA lanes by k mod 4,
 * KERNEL4x1_SUB adds the rest to lane 0, SAVE4x1 sums (l0 + l1) + (l2 + l3).
 */
function gemmTailRowLanes(
  row: Float64Array,
  a: Float64Array,
  n: number,
  j: number,
  k0: number,
  k1: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  const unrolled = k0 + ((k1 - k0) & ~7);
  let t = k0;
  for (; t < unrolled; t += 4) {
    s0 = fma(row[t]!, a[t * n + j]!, s0);
    s1 = fma(row[t + 1]!, a[(t + 1) * n + j]!, s1);
    s2 = fma(row[t + 2]!, a[(t + 2) * n + j]!, s2);
    s3 = fma(row[t + 3]!, a[(t + 3) * n + j]!, s3);
  }
  for (; t < k1; t++) s0 = fma(row[t]!, a[t * n + j]!, s0);
  return s0 + s1 + (s2 + s3);
}

/** driver/level2/gemv_thread.c: [start, end) pairs of ⌈rest / threads left⌉, at least 4. */
function gemvParts(total: number, threads: number): number[] {
  const parts: number[] = [];
  for (let i = 0, start = 0, rest = total; rest > 0; i++) {
    const width = Math.min(Math.max(Math.ceil(rest / (threads - i)), 4), rest);
    parts.push(start, start + width);
    start += width;
    rest -= width;
  }
  return parts;
}

/**
 * Matrix times a column (numpy: dgemv NoTrans on row-major = OpenBLAS dgemv_t). Each thread's
 * rows go by 4 through the FMA kernel, then a 2-row and a 1-row tail through unfused kernels.
 */
function dgemvT(product: RowProduct): void {
  const { x, xOffset, xStride, rows, k, a: b, out, outOffset, outStride } = product;
  const parts = gemvParts(rows, rows * k < GEMV_SINGLE_THREAD_BELOW ? 1 : BLAS_THREADS);
  for (let p = 0; p < parts.length; p += 2) {
    const r0 = parts[p]!;
    const r1 = parts[p + 1]!;
    const fours = r0 + ((r1 - r0) & ~3);
    const twos = fours + ((r1 - r0) & 2);
    for (let r = r0; r < r1; r++) {
      const kernel = r < fours ? gemvTLanes4Fma : r < twos ? gemvTLanes2 : gemvTLanes4;
      out[outOffset + r * outStride] = gemvTRow(x, xOffset + r * xStride, k, b, kernel);
    }
  }
}

type GemvTKernel = (
  x: Float64Array,
  base: number,
  b: Float64Array,
  k0: number,
  k1: number,
) => number;

/**
 * One row in kernel/x86_64/dgemv_t_4.c: the first 4·⌊K/4⌋ terms in blocks of NBMAX through the
 * row's kernel (each block added to y), then the last K mod 4 terms in C that GCC contracts to FMAs.
 */
function gemvTRow(
  x: Float64Array,
  base: number,
  k: number,
  b: Float64Array,
  kernel: GemvTKernel,
): number {
  const body = k & ~3;
  let y = 0;
  for (let k0 = 0; k0 < body; k0 += GEMV_NBMAX) {
    y += kernel(x, base, b, k0, Math.min(body, k0 + GEMV_NBMAX));
  }
  const j = base + body;
  switch (k & 3) {
    case 1:
      return fma(x[j]!, b[body]!, y);
    case 2:
      return y + fma(x[j]!, b[body]!, x[j + 1]! * b[body + 1]!);
    case 3:
      return y + fma(x[j + 2]!, b[body + 2]!, fma(x[j]!, b[body]!, x[j + 1]! * b[body + 1]!));
    default:
      return y;
  }
}

/** dgemv_t_microk_haswell-4.c dgemv_kernel_4x4: FMA lanes by k mod 4, (l0 + l2) + (l1 + l3). */
function gemvTLanes4Fma(
  x: Float64Array,
  base: number,
  b: Float64Array,
  k0: number,
  k1: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = k0; t < k1; t += 4) {
    s0 = fma(x[base + t]!, b[t]!, s0);
    s1 = fma(x[base + t + 1]!, b[t + 1]!, s1);
    s2 = fma(x[base + t + 2]!, b[t + 2]!, s2);
    s3 = fma(x[base + t + 3]!, b[t + 3]!, s3);
  }
  return s0 + s2 + (s1 + s3);
}

/** dgemv_t_4.c dgemv_kernel_4x2 (SSE2, no FMA): two lanes by k mod 2, then l0 + l1. */
function gemvTLanes2(
  x: Float64Array,
  base: number,
  b: Float64Array,
  k0: number,
  k1: number,
): number {
  let s0 = 0;
  let s1 = 0;
  for (let t = k0; t < k1; t += 2) {
    s0 += x[base + t]! * b[t]!;
    s1 += x[base + t + 1]! * b[t + 1]!;
  }
  return s0 + s1;
}

/** dgemv_t_4.c dgemv_kernel_4x1 (SSE2, no FMA): lanes by k mod 4, (l0 + l2) + (l1 + l3). */
function gemvTLanes4(
  x: Float64Array,
  base: number,
  b: Float64Array,
  k0: number,
  k1: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  for (let t = k0; t < k1; t += 4) {
    s0 += x[base + t]! * b[t]!;
    s1 += x[base + t + 1]! * b[t + 1]!;
    s2 += x[base + t + 2]! * b[t + 2]!;
    s3 += x[base + t + 3]! * b[t + 3]!;
  }
  return s0 + s2 + (s1 + s3);
}

/**
 * One row times a matrix (numpy: dgemv Trans on row-major = OpenBLAS dgemv_n, kernel/x86_64/
 * dgemv_n_4.c with dgemv_n_microk_haswell-4.c). Per thread's column range: 4-column blocks take,
 * per 4 terms, (x0·a0 fused with x2·a2) + (x1·a1 fused with x3·a3), then unfused 2- and 1-term
 * steps; the 1–3 tail columns sum unfused products in k order (pairwise when lda = 2 or 3).
 */
function dgemvN(
  x: Float64Array,
  xOffset: number,
  k: number,
  a: Float64Array,
  n: number,
  out: Float64Array,
  outOffset: number,
): void {
  const parts = gemvParts(n, n * k < GEMV_SINGLE_THREAD_BELOW ? 1 : BLAS_THREADS);
  const xs = x.subarray(xOffset, xOffset + k);
  for (let p = 0; p < parts.length; p += 2) {
    const c0 = parts[p]!;
    const c1 = parts[p + 1]!;
    const wide = c0 + ((c1 - c0) & ~3);
    for (let j = c0; j < wide; j++) out[outOffset + j] = gemvNBlockColumn(xs, k, a, n, j);
    const tail = c1 - wide;
    for (let j = wide; j < c1; j++) {
      out[outOffset + j] = 0 + gemvNTailColumn(xs, k, a, n, j, n === tail && tail >= 2);
    }
  }
}

/** dgemv_kernel_4x4 (Haswell), then dgemv_kernel_4x2 and dgemv_kernel_4x1 for k mod 4. */
function gemvNBlockColumn(
  x: Float64Array,
  k: number,
  a: Float64Array,
  n: number,
  j: number,
): number {
  let y = 0;
  let t = 0;
  for (; t + 4 <= k; t += 4) {
    const t4 = fma(x[t + 2]!, a[(t + 2) * n + j]!, x[t]! * a[t * n + j]!);
    const t5 = fma(x[t + 3]!, a[(t + 3) * n + j]!, x[t + 1]! * a[(t + 1) * n + j]!);
    y += t4 + t5;
  }
  if (k & 2) {
    y += x[t]! * a[t * n + j]! + x[t + 1]! * a[(t + 1) * n + j]!;
    t += 2;
  }
  if (k & 1) y += x[t]! * a[t * n + j]!;
  return y;
}

/** dgemv_n_4.c's m3 tail: `temp += a·x` in k order, or in pairs when lda equals the tail width. */
function gemvNTailColumn(
  x: Float64Array,
  k: number,
  a: Float64Array,
  n: number,
  j: number,
  pairs: boolean,
): number {
  let temp = 0;
  let t = 0;
  if (pairs) {
    for (; t + 4 <= k; t += 4) {
      temp += x[t]! * a[t * n + j]! + x[t + 1]! * a[(t + 1) * n + j]!;
      temp += x[t + 2]! * a[(t + 2) * n + j]! + x[t + 3]! * a[(t + 3) * n + j]!;
    }
  }
  for (; t < k; t++) temp += a[t * n + j]! * x[t]!;
  return temp;
}

/**
 * One row times a column (numpy: ddot; kernel/x86_64/ddot.c with ddot_microk_haswell-2.c): 16
 * FMA lanes by k mod 16 over the first 16·⌊K/16⌋ terms, summed as the kernel's register adds,
 * then the rest one unfused product at a time.
 */
function ddot(x: Float64Array, xOffset: number, b: Float64Array, k: number): number {
  const body = k & ~15;
  let dot = 0;
  if (body > 0) {
    const s = new Float64Array(16);
    for (let t = 0; t < body; t++) s[t & 15] = fma(x[xOffset + t]!, b[t]!, s[t & 15]!);
    const lo = s[0]! + s[2]! + (s[4]! + s[6]!) + (s[8]! + s[10]! + (s[12]! + s[14]!));
    const hi = s[1]! + s[3]! + (s[5]! + s[7]!) + (s[9]! + s[11]! + (s[13]! + s[15]!));
    dot = lo + hi;
  }
  for (let t = body; t < k; t++) dot += x[xOffset + t]! * b[t]!;
  return dot;
}
