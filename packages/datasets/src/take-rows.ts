import type { Dataset } from './dataset.js';

/** The rows `index` of a dataset, in that order (numpy fancy indexing `X[index]`). */
export function takeRows(dataset: Dataset, index: ArrayLike<number>): Dataset {
  const { nFeatures } = dataset;
  const nOutputs = dataset.nOutputs ?? 1;
  const n = index.length;
  const X = new Float64Array(n * nFeatures);
  const y = new Float64Array(n * nOutputs);
  const from = dataset.X;
  const labels = dataset.y;
  for (let i = 0; i < n; i++) {
    const src = index[i]!;
    // a plain loop: a subarray view per row would allocate an object per row
    const s = src * nFeatures;
    const d = i * nFeatures;
    for (let c = 0; c < nFeatures; c++) X[d + c] = from[s + c]!;
    for (let c = 0; c < nOutputs; c++) y[i * nOutputs + c] = labels[src * nOutputs + c]!;
  }
  const out: Dataset = { X, y, nSamples: n, nFeatures };
  if (dataset.nOutputs !== undefined) out.nOutputs = dataset.nOutputs;
  return out;
}
