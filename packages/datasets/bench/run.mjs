// Benchmarks of @bnkit/datasets against numpy / scikit-learn, measured in the same run.
// Run after building: npm run bench -w @bnkit/datasets (or node bench/run.mjs in the package).
// The Python side runs with /usr/bin/python3 (Debian's numpy/scikit-learn) when it is installed;
// otherwise only our figures are printed. BNKIT_BENCH_QUICK=1 shrinks the large cases tenfold.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { RandomState, makeClassification, trainTestSplit } from '@bnkit/datasets';
import { recordBenchRow, timeIt } from '../../../tools/bench/report.mjs';

const PYTHON = '/usr/bin/python3';
const quick = process.env.BNKIT_BENCH_QUICK === '1';
const BIG_SAMPLES = quick ? 100_000 : 1_000_000;
const NORMALS = quick ? 1_000_000 : 10_000_000;
const SPLIT_ROWS = quick ? 100_000 : 1_000_000;

function python(code) {
  if (!fs.existsSync(PYTHON)) return null;
  const result = spawnSync(PYTHON, ['-c', code], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) {
    console.error(`python side failed: ${result.stderr.trim().split('\n').pop()}`);
    return null;
  }
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

/** Milliseconds of one call, best of `repeat` (for calls too slow for timeIt's batches). */
function once(fn, repeat = 1) {
  let best = Infinity;
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    fn();
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

const reference = python(`
import json, time, timeit
import numpy as np
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split
def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter(); fn(); times.append((time.perf_counter() - start) * 1e3)
    return min(times)
out = {}
t = timeit.repeat(lambda: make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=42), number=20, repeat=7)
out['clfSmall'] = sorted(t)[3] / 20 * 1e3
out['clfBig'] = best(lambda: make_classification(n_samples=${BIG_SAMPLES}, n_features=100, n_informative=10, random_state=0), 1)
out['normals'] = best(lambda: np.random.RandomState(0).standard_normal(${NORMALS}), 3)
X = np.random.RandomState(1).standard_normal((${SPLIT_ROWS}, 20)); y = (X[:, 0] > 0).astype(int)
out['split'] = best(lambda: train_test_split(X, y, test_size=0.2, random_state=42), 3)
print(json.dumps(out))
`);
const ref = (key) => (reference ? reference[key] : null);
const referenceName = 'scikit-learn 1.2.1 / numpy 1.24.2';

const clfSmall = await timeIt(
  () => makeClassification({ nSamples: 1000, nFeatures: 20, nClasses: 2, randomState: 42 }),
  { iterations: 20, samples: 7, warmup: 10 },
);
recordBenchRow({
  what: 'makeClassification 1000×20, random_state=42',
  ours: clfSmall,
  reference: ref('clfSmall'),
  referenceName,
  unit: 'ms',
  // The issue sets a target for the 1,000,000×100 case only; this one is reported.
  target: 'report',
});

makeClassification({ nSamples: 20_000, nFeatures: 100, nInformative: 10, randomState: 1 }); // warm-up
const clfBig = once(() =>
  makeClassification({ nSamples: BIG_SAMPLES, nFeatures: 100, nInformative: 10, randomState: 0 }),
);
recordBenchRow({
  what: `makeClassification ${BIG_SAMPLES.toLocaleString('en')}×100, 10 informative`,
  ours: clfBig,
  reference: ref('clfBig'),
  referenceName,
  unit: 'ms',
  target: 'ratio ≥ 1.0 (no slower than scikit-learn)',
});

new RandomState(5).standardNormal(1_000_000); // warm-up
const normals = once(() => new RandomState(0).standardNormal(NORMALS), 3);
recordBenchRow({
  what: `standardNormal(${NORMALS.toLocaleString('en')}), bit-exact`,
  ours: normals,
  reference: ref('normals'),
  referenceName,
  unit: 'ms',
  target: 'report',
});

const rng = new RandomState(1);
const X = rng.standardNormal(SPLIT_ROWS * 20);
const y = new Float64Array(SPLIT_ROWS).map((_, i) => (X[i * 20] > 0 ? 1 : 0));
const dataset = { X, y, nSamples: SPLIT_ROWS, nFeatures: 20 };
trainTestSplit(dataset, { testSize: 0.2, randomState: 42 }); // warm-up
const split = once(() => trainTestSplit(dataset, { testSize: 0.2, randomState: 42 }), 3);
recordBenchRow({
  what: `trainTestSplit ${SPLIT_ROWS.toLocaleString('en')}×20 rows, test_size=0.2`,
  ours: split,
  reference: ref('split'),
  referenceName,
  unit: 'ms',
  target: 'report',
});
if (!reference) console.log(`(${PYTHON} with scikit-learn not found: our figures only)`);
