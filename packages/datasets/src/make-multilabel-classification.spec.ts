import fixture from './__fixtures__/multilabel-classification.json';
import { csrToDense } from './csr-matrix.js';
import type { CsrMatrix } from './csr-matrix.js';
import { DatasetsParameterError } from './errors.js';
import { makeMultilabelClassification } from './make-multilabel-classification.js';
import type { MakeMultilabelClassificationOptions } from './make-multilabel-classification.js';
import { PythonIntSet } from './python-int-set.js';
import { sha256F64 } from '../test/helpers.js';

type FixtureCsr = {
  shape: number[];
  data: number[];
  indices: number[];
  indptr: number[];
  dtype: string;
  hasSortedIndices: boolean;
  explicitZeros: number;
};
type Case = {
  options: MakeMultilabelClassificationOptions;
  pC: number[];
  pWC: number[];
  X?: FixtureCsr;
  xDenseHash: string;
  y: FixtureCsr | number[][] | number[];
};

const cases = fixture.cases as Case[];

function expectCsr(actual: CsrMatrix, expected: FixtureCsr): void {
  expect(actual.format).toBe('csr');
  expect(actual.shape).toEqual(expected.shape);
  expect(actual.data).toBeInstanceOf(Float64Array);
  expect(actual.indices).toBeInstanceOf(Int32Array);
  expect(actual.indptr).toBeInstanceOf(Int32Array);
  expect(Array.from(actual.data)).toEqual(expected.data);
  expect(Array.from(actual.indices)).toEqual(expected.indices);
  expect(Array.from(actual.indptr)).toEqual(expected.indptr);
}

describe('makeMultilabelClassification output choices against scikit-learn 1.2.1', () => {
  it.each(cases.map((c) => [JSON.stringify(c.options), c]))(
    '(%s) is bit-identical: X, y, pC and pWC',
    (_options, c) => {
      const data = makeMultilabelClassification(c.options);
      expect(Array.from(data.pC)).toEqual(c.pC);
      expect(Array.from(data.pWC)).toEqual(c.pWC);
      if (c.options.sparse) {
        expectCsr(data.X as CsrMatrix, c.X!);
        expect(sha256F64(csrToDense(data.X as CsrMatrix))).toBe(c.xDenseHash);
      } else {
        expect(sha256F64(data.X as Float64Array)).toBe(c.xDenseHash);
      }
      if (c.options.returnIndicator === 'sparse') expectCsr(data.y as CsrMatrix, c.y as FixtureCsr);
      else if (c.options.returnIndicator === false) expect(data.y).toEqual(c.y);
      else expect(Array.from(data.y as Float64Array)).toEqual(c.y);
    },
  );

  it('covers label lists and indicator rows that are not ascending, and samples without labels', () => {
    const lists = cases.flatMap((c) =>
      c.options.returnIndicator === false ? [c.y as number[][]] : [],
    );
    const rows = lists.flat();
    expect(rows.some((labels) => labels.length === 0)).toBe(true);
    expect(rows.some((labels) => labels.some((label, i) => i > 0 && label < labels[i - 1]!))).toBe(
      true,
    );
    const sparse = cases.filter((c) => c.options.returnIndicator === 'sparse');
    expect(sparse.some((c) => !(c.y as FixtureCsr).hasSortedIndices)).toBe(true);
  });

  it('returns scipy canonical CSR for X: sorted indices, int32 indices, no explicit zeros', () => {
    for (const c of cases.filter((k) => k.options.sparse)) {
      expect(c.X).toMatchObject({ dtype: 'float64', hasSortedIndices: true, explicitZeros: 0 });
    }
    const { X } = makeMultilabelClassification({ sparse: true, randomState: 0 });
    for (let r = 0; r < X.shape[0]; r++) {
      for (let k = X.indptr[r]! + 1; k < X.indptr[r + 1]!; k++) {
        expect(X.indices[k]!).toBeGreaterThan(X.indices[k - 1]!);
      }
    }
    expect(X.data.every((v) => v > 0)).toBe(true);
  });

  it('draws the same data whatever the output format', () => {
    const dense = makeMultilabelClassification({ nClasses: 20, nLabels: 6, randomState: 7 });
    const sparse = makeMultilabelClassification({
      nClasses: 20,
      nLabels: 6,
      randomState: 7,
      sparse: true,
      returnIndicator: 'sparse',
    });
    const lists = makeMultilabelClassification({
      nClasses: 20,
      nLabels: 6,
      randomState: 7,
      returnIndicator: false,
    });
    expect(csrToDense(sparse.X)).toEqual(dense.X);
    expect(csrToDense(sparse.y)).toEqual(dense.y);
    const fromLists = new Float64Array(dense.y.length);
    lists.y.forEach((labels, s) => labels.forEach((c) => (fromLists[s * 20 + c] = 1)));
    expect(fromLists).toEqual(dense.y);
  });

  it('types X and y from the options, so default options need no casts', () => {
    const dense: { X: Float64Array; y: Float64Array } = makeMultilabelClassification();
    const sparse: { X: CsrMatrix; y: CsrMatrix } = makeMultilabelClassification({
      sparse: true,
      returnIndicator: 'sparse',
    });
    const lists: { y: number[][] } = makeMultilabelClassification({ returnIndicator: false });
    // @ts-expect-error a sparse X is not a Float64Array
    const wrong: Float64Array = makeMultilabelClassification({ sparse: true }).X;
    const options: MakeMultilabelClassificationOptions = { sparse: true };
    // @ts-expect-error options typed as the interface may be either form
    const unknown: Float64Array = makeMultilabelClassification(options).X;
    expect([dense.X, sparse.X.format, lists.y.length, wrong, unknown]).toHaveLength(5);
  });

  it('rejects bad output choices naming the parameter, the value and what is accepted', () => {
    const bad: [() => unknown, RegExp][] = [
      [
        () => makeMultilabelClassification({ returnIndicator: 'foo' as 'dense' }),
        /returnIndicator must be one of "dense", "sparse", false; received "foo"/,
      ],
      [
        () => makeMultilabelClassification({ returnIndicator: true as unknown as false }),
        /returnIndicator must be one of "dense", "sparse", false; received true/,
      ],
      [
        () => makeMultilabelClassification({ sparse: 'yes' as unknown as boolean }),
        /sparse must be true or false; received "yes"/,
      ],
    ];
    for (const [call, message] of bad) {
      expect(call).toThrow(DatasetsParameterError);
      expect(call).toThrow(message);
    }
  });
});

describe('PythonIntSet', () => {
  it.each(fixture.setOrders.map((s) => [s.insert.length, s]))(
    'iterates %i inserted integers in CPython 3.11 set order',
    (_n, s) => {
      const set = new PythonIntSet();
      for (const v of s.insert) set.add(v);
      expect(set.values()).toEqual(s.order);
      expect(set.size).toBe(new Set(s.insert).size);
    },
  );
});

describe('csrToDense', () => {
  it('adds duplicate entries as scipy does and rejects inconsistent arrays', () => {
    const m: CsrMatrix = {
      format: 'csr',
      shape: [2, 3],
      data: Float64Array.of(1, 2, 5),
      indices: Int32Array.of(2, 2, 0),
      indptr: Int32Array.of(0, 2, 3),
    };
    expect(Array.from(csrToDense(m))).toEqual([0, 0, 3, 5, 0, 0]);
    expect(() => csrToDense({ ...m, indptr: Int32Array.of(0, 2) })).toThrow(
      /matrix must be .*; received \[2, 3\]\. Received indptr.length 2/,
    );
    expect(() => csrToDense({ ...m, indices: Int32Array.of(2, 3, 0) })).toThrow(
      /matrix must be column indices in \[0, 2\]; received 3\. The value is indices\[1\]/,
    );
  });
});
