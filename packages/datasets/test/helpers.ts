// Helpers shared by the spec files; not part of the build.
import { createHash } from 'node:crypto';

/** SHA-256 of the little-endian float64 bytes, as the fixture scripts compute it. */
export function sha256F64(values: ArrayLike<number>): string {
  const bytes = Float64Array.from(values);
  return createHash('sha256').update(new Uint8Array(bytes.buffer)).digest('hex');
}

/** SHA-256 of the values rounded to float32 and widened back (numpy `astype(float32)`). */
export function sha256F32(values: ArrayLike<number>): string {
  return sha256F64(Float32Array.from(values));
}

/** Indices where |a − b| > 1e-12 · max(1, |b|), the contract's tolerance tier. */
export function toleranceMismatches(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const bad: number[] = [];
  for (let i = 0; i < b.length; i++) {
    if (!(Math.abs(a[i]! - b[i]!) <= 1e-12 * Math.max(1, Math.abs(b[i]!)))) bad.push(i);
  }
  return bad;
}
