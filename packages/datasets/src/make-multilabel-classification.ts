import { boolean, integer, number, oneOf } from '@bnkit/core';
import { RANDOM_STATE, checkRandomState } from './check-random-state.js';
import type { RandomStateLike } from './check-random-state.js';
import type { CsrMatrix } from './csr-matrix.js';
import { pairwiseSum } from './numeric.js';
import { PythonIntSet } from './python-int-set.js';
import { searchsortedLeft } from './random-state.js';
import { checkOptionsFor, checkTotalSize } from './validate.js';

/** How {@link makeMultilabelClassification} returns the labels (scikit-learn's `return_indicator`). */
export type MultilabelIndicator = 'dense' | 'sparse' | false;

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
  /** Return `X` as a {@link CsrMatrix} instead of a dense row-major array (default false). */
  sparse?: boolean;
  /**
   * `'dense'` (default): `y` is the `nSamples × nClasses` row-major indicator matrix;
   * `'sparse'`: the same indicator as a {@link CsrMatrix}; `false`: `y` lists each sample's labels.
   */
  returnIndicator?: MultilabelIndicator;
  /** Seed, seed array, `RandomState` (continued), or `null` for the global generator. */
  randomState?: RandomStateLike;
}

/** Every option of {@link makeMultilabelClassification} and what it accepts. */
const OPTIONS = {
  nSamples: integer({ min: 1 }),
  nFeatures: integer({ min: 1 }),
  nClasses: integer({ min: 1 }),
  nLabels: number({ min: 0 }),
  length: number({ min: 1 }),
  allowUnlabeled: boolean(),
  sparse: boolean(),
  returnIndicator: oneOf(['dense', 'sparse', false] as const),
  randomState: RANDOM_STATE,
};

/** The type of `X` for a `sparse` option type: a {@link CsrMatrix} for `true`. */
export type MultilabelX<Sparse> = Sparse extends true ? CsrMatrix : Float64Array;

/** The type of `y` for a `returnIndicator` option type. */
export type MultilabelY<Indicator> = Indicator extends 'sparse'
  ? CsrMatrix
  : Indicator extends false
    ? number[][]
    : Float64Array;

/** The result of {@link makeMultilabelClassification}: word counts in `X`, labels in `y`. */
export interface MultilabelDataset<
  X extends Float64Array | CsrMatrix = Float64Array,
  Y extends Float64Array | CsrMatrix | number[][] = Float64Array,
> {
  /**
   * Word counts per sample: `nSamples × nFeatures`, row-major (default), or a {@link CsrMatrix}
   * with `sparse: true` (rows' column indices ascending, no duplicates, no explicit zeros, as
   * scikit-learn's after `sum_duplicates`).
   */
  X: X;
  /**
   * The labels: the `nSamples × nClasses` 0/1 indicator, row-major (default); a {@link CsrMatrix}
   * of ones with `returnIndicator: 'sparse'`; or, with `false`, one array of class indices per
   * sample. Label lists and the sparse indicator's column indices come in scikit-learn's order,
   * which is CPython's set order: ascending unless two class indices share a hash slot.
   */
  y: Y;
  nSamples: number;
  nFeatures: number;
  /** Always `nClasses`, the indicator's width. */
  nOutputs: number;
  /** Class probabilities (`p_c`; always returned, as with `return_distributions=True`). */
  pC: Float64Array;
  /** Word probabilities per class, `nFeatures × nClasses` row-major (`p_w_c`; always returned). */
  pWC: Float64Array;
}

/** The dataset type {@link makeMultilabelClassification} returns for options of type `O`. */
export type MultilabelDatasetFor<O> = MultilabelDataset<
  MultilabelX<'sparse' extends keyof O ? O['sparse' & keyof O] : undefined>,
  MultilabelY<'returnIndicator' extends keyof O ? O['returnIndicator' & keyof O] : undefined>
>;

/**
 * scikit-learn's `make_multilabel_classification`: bag-of-words documents whose words come from
 * the classes they belong to. Bit-identical to scikit-learn, including its Poisson draws and the
 * order in which it visits each sample's labels. `X` and `y` are dense row-major arrays unless
 * `sparse` / `returnIndicator` ask otherwise; the return type follows the options' literal types.
 * `pC` and `pWC` are always returned.
 *
 * @example
 * ```ts
 * import { makeMultilabelClassification } from '@bnkit/datasets';
 * const { X, y, nOutputs } = makeMultilabelClassification({ nSamples: 50, randomState: 0 });
 * // X: Float64Array (50 × 20), y: Float64Array (50 × 5)
 * const lists = makeMultilabelClassification({ sparse: true, returnIndicator: false });
 * // lists.X: CsrMatrix, lists.y: number[][] (the labels of each sample)
 * ```
 */
export function makeMultilabelClassification<
  O extends MakeMultilabelClassificationOptions = Record<never, never>,
>(options?: O): MultilabelDatasetFor<O> {
  const opts = checkOptionsFor('makeMultilabelClassification', options, OPTIONS);
  const nSamples = opts.nSamples ?? 100;
  const nFeatures = opts.nFeatures ?? 20;
  const nClasses = opts.nClasses ?? 5;
  const nLabels = opts.nLabels ?? 2;
  const length = opts.length ?? 50;
  const allowUnlabeled = opts.allowUnlabeled ?? true;
  const sparse = opts.sparse ?? false;
  const returnIndicator: MultilabelIndicator = opts.returnIndicator ?? 'dense';
  checkTotalSize('nFeatures × nClasses', nFeatures * nClasses);
  if (!sparse) checkTotalSize('nSamples × nFeatures', nSamples * nFeatures);
  if (returnIndicator === 'dense') checkTotalSize('nSamples × nClasses', nSamples * nClasses);
  const rng = checkRandomState(opts.randomState);

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

  const words: ArrayLike<number>[] = [];
  const labels: number[][] = [];
  const cumW = new Float64Array(nFeatures);
  for (let s = 0; s < nSamples; s++) {
    let ySize = nClasses + 1;
    while ((!allowUnlabeled && ySize === 0) || ySize > nClasses) ySize = rng.poisson(nLabels);
    const set = new PythonIntSet();
    while (set.size !== ySize) {
      const u = rng.uniform(0, 1, ySize - set.size);
      for (const value of u) set.add(searchsortedLeft(cumC, value));
    }
    const sampleLabels = set.values();
    labels.push(sampleLabels);
    let nWords = 0;
    while (nWords === 0) nWords = rng.poisson(length);
    if (sampleLabels.length === 0) {
      words.push(rng.randint(0, nFeatures, nWords));
      continue;
    }
    let running = 0;
    for (let f = 0; f < nFeatures; f++) {
      running += pairwiseRow(pWC, f * nClasses, sampleLabels);
      cumW[f] = running;
    }
    const last = cumW[nFeatures - 1]!;
    for (let f = 0; f < nFeatures; f++) cumW[f] = cumW[f]! / last;
    const sampleWords = rng.uniform(0, 1, nWords);
    for (let i = 0; i < nWords; i++) sampleWords[i] = searchsortedLeft(cumW, sampleWords[i]!);
    words.push(sampleWords);
  }

  const X = sparse ? wordCountsCsr(words, nFeatures) : wordCountsDense(words, nFeatures);
  const y =
    returnIndicator === false
      ? labels
      : returnIndicator === 'sparse'
        ? indicatorCsr(labels, nClasses)
        : indicatorDense(labels, nClasses);
  const result: MultilabelDataset<Float64Array | CsrMatrix, Float64Array | CsrMatrix | number[][]> =
    { X, y, nSamples, nFeatures, nOutputs: nClasses, pC, pWC };
  return result as MultilabelDatasetFor<O>;
}

/** numpy's sum of the selected columns of one row (pairwise; sequential below 8 terms). */
function pairwiseRow(pWC: Float64Array, offset: number, columns: readonly number[]): number {
  const values = columns.map((c) => pWC[offset + c]!);
  return pairwiseSum(values, 0, values.length);
}

function wordCountsDense(words: readonly ArrayLike<number>[], nFeatures: number): Float64Array {
  const X = new Float64Array(words.length * nFeatures);
  words.forEach((sampleWords, s) => {
    for (let i = 0; i < sampleWords.length; i++) X[s * nFeatures + sampleWords[i]!]! += 1;
  });
  return X;
}

/** scipy's `csr_matrix((ones, words, indptr)).sum_duplicates()`: sorted, unique column indices. */
function wordCountsCsr(words: readonly ArrayLike<number>[], nFeatures: number): CsrMatrix {
  const indices: number[] = [];
  const data: number[] = [];
  const indptr = new Int32Array(words.length + 1);
  words.forEach((sampleWords, s) => {
    const sorted = Float64Array.from(sampleWords).sort();
    for (let i = 0; i < sorted.length;) {
      let j = i + 1;
      while (j < sorted.length && sorted[j] === sorted[i]) j++;
      indices.push(sorted[i]!);
      data.push(j - i);
      i = j;
    }
    indptr[s + 1] = indices.length;
  });
  return csr(words.length, nFeatures, data, indices, indptr);
}

function indicatorDense(labels: readonly number[][], nClasses: number): Float64Array {
  const y = new Float64Array(labels.length * nClasses);
  labels.forEach((sampleLabels, s) => {
    for (const c of sampleLabels) if (c < nClasses) y[s * nClasses + c] = 1;
  });
  return y;
}

/**
 * `MultiLabelBinarizer(sparse_output=True)`: each row's columns in the order of a fresh CPython
 * set filled from the label list (so not always ascending); classes ≥ `nClasses` are dropped.
 */
function indicatorCsr(labels: readonly number[][], nClasses: number): CsrMatrix {
  const indices: number[] = [];
  const indptr = new Int32Array(labels.length + 1);
  labels.forEach((sampleLabels, s) => {
    const index = new PythonIntSet();
    for (const c of sampleLabels) if (c < nClasses) index.add(c);
    indices.push(...index.values());
    indptr[s + 1] = indices.length;
  });
  return csr(labels.length, nClasses, new Array<number>(indices.length).fill(1), indices, indptr);
}

function csr(
  rows: number,
  columns: number,
  data: readonly number[],
  indices: readonly number[],
  indptr: Int32Array,
): CsrMatrix {
  return {
    format: 'csr',
    shape: [rows, columns],
    data: Float64Array.from(data),
    indices: Int32Array.from(indices),
    indptr,
  };
}
