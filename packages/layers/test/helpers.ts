import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Largest absolute difference between a tensor (or array) and reference numbers. */
export function maxAbsDiff(
  actual: tf.Tensor | ArrayLike<number>,
  expected: ArrayLike<number>,
): number {
  const a = actual instanceof tf.Tensor ? actual.dataSync() : actual;
  if (a.length !== expected.length) {
    throw new Error(`length mismatch: ${a.length} vs ${expected.length}`);
  }
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs((a[i] as number) - (expected[i] as number));
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

/** Central-difference numerical gradient of a scalar function of a Float64 array. */
export function numericalGradient(
  f: (x: Float64Array) => number,
  x: Float64Array,
  h = 1e-3,
): Float64Array {
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const keep = x[i] as number;
    x[i] = keep + h;
    const fp = f(x);
    x[i] = keep - h;
    const fm = f(x);
    x[i] = keep;
    g[i] = (fp - fm) / (2 * h);
  }
  return g;
}

/** Reads a committed JSON fixture from src/__fixtures__. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', 'src', '__fixtures__', name), 'utf8'),
  ) as T;
}
