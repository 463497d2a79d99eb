import { custom } from '@bnkit/core';
import { DatasetsParameterError } from './errors.js';
import { check, checkTotalSize } from './validate.js';

/**
 * A compressed sparse row matrix in scipy's layout (`scipy.sparse.csr_matrix`): row `r` holds the
 * values `data[indptr[r] .. indptr[r + 1])` in the columns `indices[indptr[r] .. indptr[r + 1])`.
 * The arrays are the same as scipy's, with `indices`/`indptr` as int32 (scipy's dtype for these
 * sizes) and `data` as float64.
 */
export interface CsrMatrix {
  format: 'csr';
  /** `[rows, columns]`. */
  shape: [number, number];
  /** The stored values, `indptr[rows]` of them. */
  data: Float64Array;
  /** The column of each stored value. */
  indices: Int32Array;
  /** Where each row starts in `data`/`indices`; `rows + 1` offsets, from 0. */
  indptr: Int32Array;
}

const isCount = (v: unknown): boolean => Number.isSafeInteger(v) && (v as number) >= 0;

/** The fields of a {@link CsrMatrix}, with their types (lengths are checked apart). */
const CSR_MATRIX = custom(
  "a CsrMatrix { format: 'csr', shape: [rows, columns], data: Float64Array, indices: Int32Array, indptr: Int32Array }",
  (v): v is CsrMatrix => {
    if (v === null || typeof v !== 'object') return false;
    const m = v as Partial<CsrMatrix>;
    return (
      (m.format === undefined || m.format === 'csr') &&
      Array.isArray(m.shape) &&
      m.shape.length === 2 &&
      isCount(m.shape[0]) &&
      isCount(m.shape[1]) &&
      m.data instanceof Float64Array &&
      m.indices instanceof Int32Array &&
      m.indptr instanceof Int32Array
    );
  },
);

/**
 * The dense row-major `rows × columns` matrix of a {@link CsrMatrix} (scipy's `toarray()`):
 * duplicate entries are added, as scipy does.
 *
 * @example
 * ```ts
 * import { csrToDense, makeMultilabelClassification } from '@bnkit/datasets';
 * const { X } = makeMultilabelClassification({ sparse: true, randomState: 0 });
 * const dense = csrToDense(X); // Float64Array of 100 × 20 word counts
 * ```
 */
export function csrToDense(matrix: CsrMatrix): Float64Array {
  check('matrix', matrix, CSR_MATRIX);
  const [rows, columns] = matrix.shape;
  checkTotalSize('matrix.shape[0] × matrix.shape[1]', rows * columns);
  const { data, indices, indptr } = matrix;
  if (
    indptr.length !== rows + 1 ||
    indptr[rows] !== data.length ||
    indices.length !== data.length
  ) {
    throw new DatasetsParameterError(
      'matrix',
      matrix.shape,
      `indptr of length rows + 1 ending at data.length, and one index per value`,
      `Received indptr.length ${indptr.length}, data.length ${data.length}, indices.length ${indices.length}.`,
    );
  }
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let k = indptr[r]!; k < indptr[r + 1]!; k++) {
      const c = indices[k]!;
      if (c < 0 || c >= columns) {
        throw new DatasetsParameterError(
          'matrix',
          c,
          `column indices in [0, ${columns - 1}]`,
          `The value is indices[${k}].`,
        );
      }
      out[r * columns + c] = out[r * columns + c]! + data[k]!;
    }
  }
  return out;
}
