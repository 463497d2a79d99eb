import { makeClassification, trainTestSplit } from '@bnkit/datasets';
import type { Dataset } from '@bnkit/datasets';

/** The reference pipeline's data and split for one random_state. */
export interface ReferenceData {
  nFeatures: number;
  train: Dataset;
  test: Dataset;
}

const cache = new Map<number, ReferenceData>();

/**
 * `make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=seed)` split by
 * `train_test_split(test_size=0.2, random_state=seed)`, computed once per seed.
 *
 * @example
 * const { train, test } = referenceData(42); // 800 and 200 rows, as scikit-learn gives
 */
export function referenceData(seed = 42): ReferenceData {
  let data = cache.get(seed);
  if (!data) {
    const all = makeClassification({
      nSamples: 1000,
      nFeatures: 20,
      nClasses: 2,
      randomState: seed,
    });
    const split = trainTestSplit(all, { testSize: 0.2, randomState: seed });
    data = { nFeatures: all.nFeatures, train: split.train, test: split.test };
    cache.set(seed, data);
  }
  return data;
}
