import { checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { Dataset } from './dataset.js';
import { pairwiseSum } from './numeric.js';
import { searchsortedLeft } from './random-state.js';
import { checkBoolean, checkInteger, checkNumber, checkOptions } from './validate.js';

/** Options of {@link makeMultilabelClassification}; defaults are scikit-learn's. */
export interface MakeMultilabelClassificationOptions {
  /** Samples (default 100). */
  nSamples?: number;
  /** Features, i.e. vocabulary size (default 20). */
  nFeatures?: number;
  /** Classes (default 5). */
  nClasses?: number;
  /** Average number of labels per sample, a Poisson mean (default 2). */
  nLabels?: number;
  /** Average document length, a Poisson mean (default 50). */
  length?: number;
  /** Allow samples with no label (default true). */
  allowUnlabeled?: boolean;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** The result of {@link makeMultilabelClassification}: word counts in `X`, indicators in `y`. */
export interface MultilabelDataset extends Dataset {
  /** Always `nClasses`: `y` is the `nSamples × nClasses` label indicator matrix. */
  nOutputs: number;
  /** Class probabilities (scikit-learn's `p_c` with `return_distributions=True`). */
  pC: Float64Array;
  /** Word probabilities per class, `nFeatures × nClasses` row-major (`p_w_c`). */
  pWC: Float64Array;
}

/**
 * scikit-learn's `make_multilabel_classification` (dense output, indicator labels): bag-of-words
 * documents whose words come from the classes they belong to. Bit-identical to scikit-learn,
 * including its Poisson draws.
 *
 * @example
 * ```ts
 * import { makeMultilabelClassification } from '@bnkit/datasets';
 * const { X, y, nOutputs } = makeMultilabelClassification({ nSamples: 50, randomState: 0 });
 * ```
 */
export function makeMultilabelClassification(
  options: MakeMultilabelClassificationOptions = {},
): MultilabelDataset {
  checkOptions(options);
  const nSamples = checkInteger('nSamples', options.nSamples ?? 100, 1);
  const nFeatures = checkInteger('nFeatures', options.nFeatures ?? 20, 1);
  const nClasses = checkInteger('nClasses', options.nClasses ?? 5, 1);
  const nLabels = checkNumber('nLabels', options.nLabels ?? 2, { min: 0 });
  const length = checkNumber('length', options.length ?? 50, { min: 1 });
  const allowUnlabeled = checkBoolean('allowUnlabeled', options.allowUnlabeled ?? true);
  const rng = checkRandomState(options.randomState);

  const pC = rng.uniform(0, 1, nClasses);
  const total = pairwiseSum(pC, 0, nClasses);
  for (let i = 0; i < nClasses; i++) pC[i] = pC[i]! / total;
  const cumC = new Float64Array(nClasses);
  let acc = 0;
  for (let i = 0; i < nClasses; i++) cumC[i] = acc += pC[i]!;
  const pWC = rng.uniform(0, 1, [nFeatures, nClasses]);
  const colSum = new Float64Array(nClasses);
  for (let f = 0; f < nFeatures; f++)
    for (let c = 0; c < nClasses; c++) colSum[c] = colSum[c]! + pWC[f * nClasses + c]!;
  for (let f = 0; f < nFeatures; f++)
    for (let c = 0; c < nClasses; c++) pWC[f * nClasses + c] = pWC[f * nClasses + c]! / colSum[c]!;

  const X = new Float64Array(nSamples * nFeatures);
  const y = new Float64Array(nSamples * nClasses);
  const cumW = new Float64Array(nFeatures);
  for (let s = 0; s < nSamples; s++) {
    let ySize = nClasses + 1;
    while ((!allowUnlabeled && ySize === 0) || ySize > nClasses) ySize = rng.poisson(nLabels);
    const labels = new Set<number>();
    while (labels.size !== ySize) {
      const u = rng.uniform(0, 1, ySize - labels.size);
      for (const value of u) labels.add(searchsortedLeft(cumC, value));
    }
    const sorted = [...labels].sort((a, b) => a - b);
    let nWords = 0;
    while (nWords === 0) nWords = rng.poisson(length);
    if (sorted.length === 0) {
      const words = rng.randint(0, nFeatures, nWords);
      for (const w of words) X[s * nFeatures + w] = X[s * nFeatures + w]! + 1;
      continue;
    }
    let running = 0;
    for (let f = 0; f < nFeatures; f++) {
      running += pairwiseRow(pWC, f * nClasses, sorted);
      cumW[f] = running;
    }
    const last = cumW[nFeatures - 1]!;
    for (let f = 0; f < nFeatures; f++) cumW[f] = cumW[f]! / last;
    const u = rng.uniform(0, 1, nWords);
    for (const value of u) {
      const w = searchsortedLeft(cumW, value);
      X[s * nFeatures + w] = X[s * nFeatures + w]! + 1;
    }
    for (const c of sorted) y[s * nClasses + c] = 1;
  }
  return { X, y, nSamples, nFeatures, nOutputs: nClasses, pC, pWC };
}

/** numpy's sum of the selected columns of one row (pairwise; sequential below 8 terms). */
function pairwiseRow(pWC: Float64Array, offset: number, columns: readonly number[]): number {
  const values = columns.map((c) => pWC[offset + c]!);
  return pairwiseSum(values, 0, values.length);
}
