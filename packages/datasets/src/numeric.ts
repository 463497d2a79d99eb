// numpy numerics that decide bit-exactness besides matrix products (openblas-dot.ts): pairwise
// sums, linspace. Private to the package.

/** numpy's reduction buffer (`np.getbufsize()`): a contiguous sum is pairwise within each block. */
const NUMPY_BUFFER_SIZE = 8192;

/**
 * numpy's sum of `n` contiguous values from `offset` (a reduction along a contiguous axis):
 * pairwise within blocks of 8192 values, the block sums added in turn.
 */
export function pairwiseSum(values: ArrayLike<number>, offset: number, n: number): number {
  if (n <= NUMPY_BUFFER_SIZE) return pairwiseBlockSum(values, offset, n);
  let sum = 0;
  for (let start = 0; start < n; start += NUMPY_BUFFER_SIZE) {
    sum += pairwiseBlockSum(values, offset + start, Math.min(NUMPY_BUFFER_SIZE, n - start));
  }
  return sum;
}

/** numpy's `pairwise_sum` of one block: 8 accumulators up to 128 values, halves above. */
function pairwiseBlockSum(values: ArrayLike<number>, offset: number, n: number): number {
  if (n < 8) {
    let res = -0;
    for (let i = 0; i < n; i++) res += values[offset + i]!;
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = values[offset + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = r[j]! + values[offset + i + j]!;
    }
    let res = r[0]! + r[1]! + (r[2]! + r[3]!) + (r[4]! + r[5]! + (r[6]! + r[7]!));
    for (; i < n; i++) res += values[offset + i]!;
    return res;
  }
  let n2 = n / 2;
  n2 -= n2 % 8;
  n2 = Math.floor(n2);
  return pairwiseBlockSum(values, offset, n2) + pairwiseBlockSum(values, offset + n2, n - n2);
}

/** numpy's `linspace(start, stop, num, endpoint)`: `i·step + start`, last set to `stop`. */
export function linspace(start: number, stop: number, num: number, endpoint = true): Float64Array {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const delta = stop - start;
  const step = delta / div;
  if (div <= 0) {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  } else if (step !== 0) {
    for (let i = 0; i < num; i++) out[i] = i * step + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
  }
  if (endpoint && num > 1) out[num - 1] = stop;
  return out;
}
