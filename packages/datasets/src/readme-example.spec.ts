import { makeClassification } from './make-classification.js';
import { trainTestSplit } from './train-test-split.js';

// The README / examples/reference-pipeline.mjs numbers, from scikit-learn 1.2.1:
// X, y = make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=42)
// X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
describe('README example', () => {
  it('reproduces the reference pipeline values scikit-learn prints', () => {
    const data = makeClassification({
      nSamples: 1000,
      nFeatures: 20,
      nClasses: 2,
      randomState: 42,
    });
    const { train, test } = trainTestSplit(data, { testSize: 0.2, randomState: 42 });
    expect(data.X[0]).toBe(-0.6693560962502948);
    expect(train.X[0]).toBe(0.5036366361778611);
    expect(Array.from(train.y.subarray(0, 10))).toEqual([1, 0, 1, 1, 0, 0, 1, 0, 0, 1]);
    expect(Array.from(test.y.subarray(0, 10))).toEqual([1, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
    expect([train.nSamples, test.nSamples, train.nFeatures]).toEqual([800, 200, 20]);
    expect(data.y.reduce((a, b) => a + b, 0)).toBe(500);
  });
});
