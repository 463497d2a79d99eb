// The quick tier of the export fuzz (issue 12): 150 random models, fixed seed, each exported in
// all three BN modes and run on onnxruntime-node's CPU session, must give no crash and no
// mismatch above 1e-4 against tfjs (or, where tfjs itself is wrong, against the corrected
// reference). The long tier is `npm run fuzz:export -- --models 3000`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerLayerConverter, unregisterLayerConverter } from '@bnkit/onnx';
import { buildRandomModel, createRng } from './random-model.mjs';
import { describeFailure, fuzzOneModel, outputError, runExportFuzz } from './run-export-fuzz.mjs';

const QUICK = { models: 150, seed: 20261129 };

const quick = await runExportFuzz(QUICK);
const report = (list) => list.slice(0, 3).map(describeFailure).join('\n\n');

test(`quick tier: ${QUICK.models} models, ${quick.counts.exports} exports, no crash`, () => {
  const crashes = quick.failures.filter((f) => f.exports.some((e) => e.status === 'crash'));
  assert.equal(quick.counts.crashes, 0, report(crashes));
  assert.equal(quick.counts.generatorErrors, 0, report(quick.failures));
  assert.equal(quick.counts.nonFinite, 0);
  assert.equal(quick.counts.exports, 3 * QUICK.models);
});

test('quick tier: no mismatch above 1e-4 where tfjs is right (else against the reference)', () => {
  const mismatches = quick.failures.filter((f) => f.exports.some((e) => e.status === 'mismatch'));
  assert.equal(quick.counts.mismatches, 0, report(mismatches));
});

test('quick tier: covers what issue 12 asks for', () => {
  const tags = quick.tagCounts;
  for (const tag of [
    'Dense',
    'Conv2D',
    'DepthwiseConv2D',
    'MaxPooling2D',
    'AveragePooling2D',
    'GlobalAveragePooling2D',
    'GlobalMaxPooling2D',
    'Flatten',
    'Dropout',
    'tfjs.BatchNormalization',
    'tfjs.BatchNormalization(non-last axis)',
    'bnkit.BatchNormalization',
    'GroupNormalization',
    'Add',
    'Concatenate',
    'shared layer',
    'self-applied layer',
    'layer reapplied downstream',
    'two inputs',
    'two outputs',
    'activation:logSoftmax',
  ]) {
    assert.ok(tags[tag] > 0, `no model with ${tag}`);
  }
  // Where tfjs-layers is wrong (BN over a non-last axis) the reference replaced it.
  assert.ok(quick.counts.skippedAsTfjsWrong > 0);
});

test('the generator is a pure function of the seed', () => {
  const a = createRng(7);
  const b = createRng(7);
  assert.deepEqual(
    Array.from({ length: 5 }, () => a.next()),
    Array.from({ length: 5 }, () => b.next()),
  );
  const m1 = buildRandomModel(123);
  const m2 = buildRandomModel(123);
  try {
    assert.equal(m1.summary, m2.summary);
    assert.deepEqual(m1.inputs, m2.inputs);
    const w1 = m1.model.getWeights().map((w) => Array.from(w.dataSync()));
    const w2 = m2.model.getWeights().map((w) => Array.from(w.dataSync()));
    assert.deepEqual(w1, w2);
    assert.notEqual(buildRandomModel(124).summary, m1.summary);
  } finally {
    m1.model.dispose();
    m2.model.dispose();
  }
});

test('the error metric: absolute up to magnitude 1, relative beyond', () => {
  const close = (a, b) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);
  close(outputError([1, 2.00005], [1, 2]), 0.00005 / 2);
  close(outputError([0.5], [0.50002]), 0.00002);
  close(outputError([1000.05], [1000]), 0.05 / 1000);
  assert.equal(outputError([NaN], [1]), Infinity);
  assert.equal(outputError([1, 2], [1]), Infinity);
});

test('the fuzz notices a wrong export (a Dense converter that drops the bias)', async () => {
  registerLayerConverter('Dense', {
    convert(ctx) {
      const kernel = ctx.weight('kernel');
      const w = ctx.graph.addFloatInitializer(`${ctx.name}/kernel`, kernel.shape, kernel.values);
      return ctx.graph.addNode('MatMul', [ctx.inputs[0], w], { name: `${ctx.name}/MatMul` });
    },
  });
  try {
    // The first quick-tier model with a biased Dense and no activation argument.
    let seen = 0;
    for (let seed = 1; seed < 200 && seen < 3; seed++) {
      const { summary, model } = buildRandomModel(seed);
      model.dispose();
      if (!/Dense\{"units":\d+,"useBias":true\}/.test(summary)) continue;
      const r = await fuzzOneModel(seed, { modes: ['op'] });
      assert.equal(r.exports[0].status, 'mismatch', describeFailure(r));
      seen++;
    }
    assert.equal(seen, 3);
  } finally {
    unregisterLayerConverter('Dense');
  }
});
