import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { tinyData, useCpu } from '../test/tiny-model.js';
import { batchNormMonitor, inputShifts } from './batch-norm-monitor.js';

beforeAll(useCpu);

/** The reference pipeline's architecture, narrowed: Dense-BN-Dense-BN-Dense. */
function bnModel(lr: number): tfl.Sequential {
  const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 6,
        activation: 'relu',
        inputShape: [2],
        kernelInitializer: init(1),
        name: 'd0',
      }),
      tfl.layers.batchNormalization({ name: 'bn0' }),
      tfl.layers.dense({ units: 4, activation: 'relu', kernelInitializer: init(2), name: 'd1' }),
      tfl.layers.batchNormalization({ name: 'bn1' }),
      tfl.layers.dense({
        units: 1,
        activation: 'sigmoid',
        kernelInitializer: init(3),
        name: 'out',
      }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(lr), loss: 'binaryCrossentropy' });
  return model;
}

/** numpy-style per-column mean and population std. */
function columnStats(rows: number[][]): { mean: number[]; std: number[] } {
  const n = rows.length;
  const c = rows[0]!.length;
  const mean = Array.from({ length: c }, (_, j) => rows.reduce((a, r) => a + r[j]!, 0) / n);
  const std = mean.map((m, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j]! - m) ** 2, 0) / n));
  return { mean, std };
}

describe('batchNormMonitor', () => {
  it('watches each BN layer and the layers with no BN after them', async () => {
    const { x, y } = tinyData();
    const monitor = batchNormMonitor({ probe: x });
    await bnModel(0.1).fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [monitor] });
    expect(monitor.layers.map((l) => [l.name, l.kind])).toEqual([
      ['bn0', 'normalization'],
      ['bn1', 'normalization'],
      ['out', 'unnormalized'],
    ]);
    expect(monitor.epochs).toEqual([0, 1, 2]);
  });

  it('records the input statistics, moving statistics, gamma and beta of the final weights', async () => {
    const { x, y } = tinyData();
    const model = bnModel(0.1);
    const monitor = batchNormMonitor({ probe: x });
    await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [monitor] });
    // bn0's input is relu(x W + b) of layer d0: computed here by hand from the final weights
    const [kernel, bias] = model.getLayer('d0').getWeights();
    const hidden = tf.relu(tf.add(tf.matMul(x, kernel!), bias!)).arraySync() as number[][];
    const expected = columnStats(hidden);
    const bn0 = monitor.layers[0]!;
    bn0.inputMean[3]!.forEach((v, j) => expect(v).toBeCloseTo(expected.mean[j]!, 5));
    bn0.inputStd[3]!.forEach((v, j) => expect(v).toBeCloseTo(expected.std[j]!, 5));
    const [gamma, beta, movingMean, movingVariance] = model
      .getLayer('bn0')
      .getWeights()
      .map((w) => Array.from(w.dataSync()));
    expect(bn0.gamma![3]).toEqual(gamma);
    expect(bn0.beta![3]).toEqual(beta);
    expect(bn0.movingMean![3]).toEqual(movingMean);
    expect(bn0.movingVariance![3]).toEqual(movingVariance);
    // before training: gamma 1, beta 0, moving mean 0, moving variance 1 (the initializers)
    expect(bn0.gamma![0]).toEqual([1, 1, 1, 1, 1, 1]);
    expect(bn0.movingVariance![0]).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('measures the input shift between records by its definition, and 0 when nothing trains', async () => {
    const { x, y } = tinyData();
    const monitor = batchNormMonitor({ probe: x });
    await bnModel(0.5).fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [monitor] });
    const bn1 = monitor.layers[1]!;
    expect(bn1.meanShift[0]).toBeNaN();
    const [m0, m1] = [bn1.inputMean[0]!, bn1.inputMean[1]!];
    const s0 = bn1.inputStd[0]!;
    const pooled0 = Math.sqrt(s0.reduce((a, v) => a + v * v, 0) / s0.length);
    const byHand = m0.reduce((a, _, c) => a + Math.abs(m1[c]! - m0[c]!), 0) / pooled0 / m0.length;
    expect(bn1.meanShift[1]).toBeCloseTo(byHand, 10);
    expect(bn1.meanShift[1]).toBeGreaterThan(0);

    const frozen = batchNormMonitor({ probe: x });
    // bn0's input depends on d0 only; with lr 0 d0 never changes
    await bnModel(0).fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [frozen] });
    expect(frozen.layers[0]!.meanShift.slice(1)).toEqual([0, 0]);
  });

  it('measures shift against the pooled spread, so a near-dead channel cannot dominate', () => {
    // channel 1 is a ReLU unit that barely fires (std 1e-9) while its mean moves by 0.1
    const [meanShift, scaleShift] = inputShifts([0, 1], [1, 1e-9], [0.5, 1.1], [2, 1e-9]);
    const pooled = Math.sqrt((1 + 1e-18) / 2);
    expect(meanShift).toBeCloseTo((0.5 + 0.1) / pooled / 2, 12);
    // only channel 0 is alive in both records: |log(2 / 1)|
    expect(scaleShift).toBeCloseTo(Math.log(2), 12);
  });

  it('plots shift, spread, gamma and beta with one line per layer', async () => {
    const { x, y } = tinyData();
    const monitor = batchNormMonitor({ probe: x });
    await bnModel(0.1).fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [monitor] });
    const { shift, spread, affine } = monitor.plots();
    expect(shift.match(/<polyline data-key="(bn0|bn1|out)"/g)).toHaveLength(3);
    expect(spread).toContain('>Layer input spread</text>');
    expect(affine.match(/<polyline data-key="bn\d\/(gamma|beta)"/g)).toHaveLength(4);
  });

  it('rejects a missing probe', () => {
    expect(() => batchNormMonitor({} as never)).toThrow(
      'batchNormMonitor: probe must be a tensor holding a fixed batch of model inputs (e.g. 256 validation rows); received undefined',
    );
  });

  it('keeps per-channel rows for the last channelRecords records only, with the same plots', async () => {
    const { x, y } = tinyData();
    const bounded = batchNormMonitor({ probe: x, channelRecords: 2 });
    const full = batchNormMonitor({ probe: x, channelRecords: Infinity });
    await bnModel(0.1).fit(x, y, {
      epochs: 12,
      batchSize: 8,
      verbose: 0,
      callbacks: [bounded, full],
    });
    expect(bounded.epochs).toEqual(full.epochs);
    expect(bounded.epochs).toHaveLength(13);
    bounded.layers.forEach((layer, i) => {
      const whole = full.layers[i]!;
      // every summary kept, equal to the full monitor's
      expect(layer.meanShift).toEqual(whole.meanShift);
      expect(layer.inputSpread).toHaveLength(13);
      expect(layer.inputSpread).toEqual(whole.inputSpread);
      whole.inputStd.forEach((row, r) =>
        expect(layer.inputSpread[r]).toBeCloseTo(row.reduce((a, v) => a + v, 0) / row.length, 12),
      );
      // per-channel rows: the last two records only; older rows are empty
      expect(layer.inputMean.map((row) => row.length > 0)).toEqual([
        ...Array(11).fill(false),
        true,
        true,
      ]);
      expect(layer.inputMean.slice(11)).toEqual(whole.inputMean.slice(11));
      if (layer.kind === 'normalization') {
        expect(layer.gamma!.slice(0, 11).every((row) => row.length === 0)).toBe(true);
        expect(layer.gammaMean).toEqual(whole.gammaMean);
      }
    });
    expect(bounded.plots()).toEqual(full.plots());
  });
});
