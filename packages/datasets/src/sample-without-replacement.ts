import type { RandomState } from './random-state.js';

/**
 * scikit-learn's `sample_without_replacement(nPopulation, nSamples, method='auto')`: a permutation
 * head when 0.01 < ratio < 0.99, otherwise tracking selection (ratio < 0.2) or reservoir sampling.
 */
export function sampleWithoutReplacement(
  nPopulation: number,
  nSamples: number,
  rng: RandomState,
): number[] {
  const ratio = nPopulation !== 0 ? nSamples / nPopulation : 1;
  if (ratio > 0.01 && ratio < 0.99) {
    return Array.from(rng.permutation(nPopulation).subarray(0, nSamples));
  }
  const out: number[] = [];
  if (ratio < 0.2) {
    const selected = new Set<number>();
    for (let i = 0; i < nSamples; i++) {
      let j = rng.randint(nPopulation);
      while (selected.has(j)) j = rng.randint(nPopulation);
      selected.add(j);
      out.push(j);
    }
    return out;
  }
  for (let i = 0; i < nSamples; i++) out.push(i);
  for (let i = nSamples; i < nPopulation; i++) {
    const j = rng.randint(0, i + 1);
    if (j < nSamples) out[j] = i;
  }
  return out;
}
