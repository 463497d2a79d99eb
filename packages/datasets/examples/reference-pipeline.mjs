// The README example: the reference pipeline's data and split, checked against scikit-learn's
// numbers. Run after building: node packages/datasets/examples/reference-pipeline.mjs
import { makeClassification, trainTestSplit } from '@bnkit/datasets';
import assert from 'node:assert/strict';

// X, y = make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=42)
const data = makeClassification({ nSamples: 1000, nFeatures: 20, nClasses: 2, randomState: 42 });
// X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
const { train, test } = trainTestSplit(data, { testSize: 0.2, randomState: 42 });

// The same values scikit-learn 1.2.1 prints for X[0, 0], X_train[0, 0], y_train[:10], y_test[:10]:
assert.equal(data.X[0], -0.6693560962502948);
assert.equal(train.X[0], 0.5036366361778611);
assert.deepEqual(Array.from(train.y.subarray(0, 10)), [1, 0, 1, 1, 0, 0, 1, 0, 0, 1]);
assert.deepEqual(Array.from(test.y.subarray(0, 10)), [1, 1, 1, 1, 1, 0, 0, 1, 0, 0]);
console.log(
  `train ${train.nSamples}×${train.nFeatures}, test ${test.nSamples}×${test.nFeatures}: identical to scikit-learn`,
);
