import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectParity, randomizeBatchNorms } from '../../test/helpers.js';
import { exportOnnx } from '../export-onnx.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `d(d(x))`, then BN: a layer applied to its own output (issue 12, item 4). */
function selfApplied(): tfl.LayersModel {
  const input = tfl.input({ shape: [3] });
  const d = tfl.layers.dense({ units: 3, name: 'twice' });
  const y = d.apply(d.apply(input)) as tfl.SymbolicTensor;
  const out = tfl.layers.batchNormalization({ name: 'bn' }).apply(y) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

/** `d(BN(d(x)))`: a BN between two calls of one layer. */
function bnBetweenCalls(): tfl.LayersModel {
  const input = tfl.input({ shape: [3] });
  const d = tfl.layers.dense({ units: 3, name: 'shared' });
  const h = tfl.layers.batchNormalization({ name: 'bn' }).apply(d.apply(input));
  return tfl.model({ inputs: input, outputs: d.apply(h) as tfl.SymbolicTensor });
}

describe('export of a layer called on its own output', () => {
  for (const bn of ['fold', 'op', 'affine'] as const) {
    it(`exports d(d(x)) → BN with bn: '${bn}' and matches tfjs`, async () => {
      const model = selfApplied();
      randomizeBatchNorms(model);
      const { bytes, report } = await exportOnnx(model, { bn });
      expect(report.layers.map((l) => [l.name, l.action])).toEqual([
        ['twice', 'converted'],
        ['twice', 'converted'],
        ['bn', bn === 'fold' ? 'folded' : 'converted'],
      ]);
      expect(report.opCounts['Gemm']).toBe(2);
      await expectParity(model, bytes, { batchSizes: [1, 4] });
    });

    it(`exports d(BN(d(x))) with bn: '${bn}', folding per call`, async () => {
      const model = bnBetweenCalls();
      randomizeBatchNorms(model);
      const { bytes, report } = await exportOnnx(model, { bn });
      if (bn === 'fold') {
        expect(report.batchNorm).toEqual([
          { layer: 'bn', mode: 'folded-into-previous', into: 'shared' },
        ]);
      }
      await expectParity(model, bytes, { batchSizes: [2] });
    });
  }
});
