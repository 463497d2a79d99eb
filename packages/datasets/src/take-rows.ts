import type { Dataset } from './dataset.js';

/** The rows `index` of a dataset, in that order (numpy fancy indexing `X[index]`). */
export function takeRows(dataset: Dataset, index: ArrayLike<number>): Dataset {
  const { nFeatures } = dataset;
  const nOutputs = dataset.nOutputs ?? 1;
  const n = index.length;
  const X = new Float64Array(n * nFeatures);
  const y = new Float64Array(n * nOutputs);
  for (let i = 0; i < n; i++) {
    const src = index[i]!;
    X.set(dataset.X.subarray(src * nFeatures, (src + 1) * nFeatures), i * nFeatures);
    if (nOutputs === 1) y[i] = dataset.y[src]!;
    else y.set(dataset.y.subarray(src * nOutputs, (src + 1) * nOutputs), i * nOutputs);
  }
  const out: Dataset = { X, y, nSamples: n, nFeatures };
  if (dataset.nOutputs !== undefined) out.nOutputs = dataset.nOutputs;
  return out;
}
