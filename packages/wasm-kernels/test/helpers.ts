import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';

/** Loads the cpu and wasm backends (the wasm one as a user does, by importing it). */
export function loadBackends(): void {
  const require = createRequire(__filename);
  require('@tensorflow/tfjs-backend-cpu');
  require('@tensorflow/tfjs-backend-wasm');
}

/** mulberry32: a seeded stream of numbers in [0, 1). */
export { mulberry32 as seededRandom } from '../../../tools/testing/seeded-random.cjs';

export function randomInt(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** Runs `f` on `backend` and returns its results as plain arrays (tensors disposed). */
export async function runOn(
  backend: string,
  f: () => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  const out = tf.tidy(f);
  const list = Array.isArray(out) ? out : [out];
  const result = list.map((t) => ({ shape: t.shape, values: t.dataSync() as Float32Array }));
  tf.dispose(list);
  return result;
}

/** Largest |a − b| relative to the largest |b| (1 when b is all zeros). */
export function maxRelativeError(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return err / (scale || 1);
}

export function expectClose(
  actual: { shape: number[]; values: Float32Array }[],
  expected: { shape: number[]; values: Float32Array }[],
  tolerance: number,
): void {
  expect(actual.map((r) => r.shape)).toEqual(expected.map((r) => r.shape));
  actual.forEach((r, i) => {
    expect(
      maxRelativeError(r.values, (expected[i] as { values: Float32Array }).values),
    ).toBeLessThan(tolerance);
  });
}

/** Bytes of the wasm backend's heap (a wasm memory only grows, so growth means a leak). */
export function wasmHeapBytes(): number {
  const backend = tf.findBackend('wasm') as unknown as { wasm: { HEAPU8: Uint8Array } };
  return backend.wasm.HEAPU8.byteLength;
}
