import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { captureWrites, steppingClock, tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { formatLogValue, installProgbarLogger, progbarLogger } from './progbar-logger.js';

beforeAll(useCpu);

const ESC = String.fromCharCode(27);

describe('progbarLogger', () => {
  it('prints Epoch i/N and one summary line per epoch when output is not a terminal', async () => {
    const out = captureWrites();
    const { x, y, xVal, yVal } = tinyData();
    const model = tinyModel();
    const history = await model.fit(x, y, {
      epochs: 2,
      batchSize: 4,
      shuffle: false,
      validationData: [xVal, yVal],
      verbose: 0,
      callbacks: [progbarLogger({ write: out.write, isTTY: false, now: steppingClock(10) })],
    });
    const lines = out.text().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[2]).toBe('Epoch 2/2');
    expect(lines[4]).toBe('');
    for (const [i, line] of [lines[1], lines[3]].entries()) {
      const h = history.history as Record<string, number[]>;
      const metrics = ['acc', 'loss', 'val_acc', 'val_loss']
        .map((k) => ` - ${k}: ${formatLogValue(h[k]![i]!)}`)
        .join('');
      // 4 steps; the clock advances 10 ms per read and is read once per batch
      expect(line).toMatch(
        new RegExp(`^4/4 - 0s - \\d+ms/step${metrics.replace(/[.+]/g, '\\$&')}$`),
      );
    }
    expect(out.text()).not.toContain('\r');
    expect(out.text()).not.toContain(ESC);
  });

  it('redraws a live bar with ETA and running averages on a terminal', async () => {
    const out = captureWrites();
    const { x, y } = tinyData();
    const model = tinyModel();
    const batchLosses: number[] = [];
    const history = await model.fit(x, y, {
      epochs: 1,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      callbacks: [
        progbarLogger({
          write: out.write,
          isTTY: true,
          color: false,
          now: steppingClock(100),
          interval: 0,
        }),
        new tfl.CustomCallback({
          onBatchEnd: async (_b, logs) => void batchLosses.push(logs!['loss'] as number),
        }),
      ],
    });
    const frames = out.text().split('\r');
    expect(frames[0]).toBe('Epoch 1/1\n');
    // one frame per batch, then the final frame
    expect(frames).toHaveLength(1 + 4 + 1);
    // after batch 1: 100 ms for 1 step, 3 steps left -> ETA 0s; running mean of one loss
    expect(frames[1]).toMatch(/^1\/4 \[====>\.{15}\] 0s 100ms\/step - acc: [\d.]+ - loss: /);
    expect(frames[1]).toContain(`loss: ${formatLogValue(batchLosses[0]!)}`);
    // after batch 2 the bar shows the mean of the first two batch losses (equal batch sizes)
    expect(frames[2]).toContain(`loss: ${formatLogValue((batchLosses[0]! + batchLosses[1]!) / 2)}`);
    expect(frames[2]).toMatch(/^2\/4 \[=========>\.{10}\]/);
    const last = frames[5]!;
    expect(last).toMatch(/^4\/4 \[====================\] 1s \d+ms\/step - acc: /);
    expect(last).toContain(`loss: ${formatLogValue(history.history['loss']![0] as number)}`);
    expect(last.endsWith('\n')).toBe(true);
  });

  it('colours the bar green and grey when colour is on', async () => {
    const out = captureWrites();
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 1,
      batchSize: 8,
      verbose: 0,
      callbacks: [
        progbarLogger({ write: out.write, isTTY: true, color: true, now: steppingClock(1) }),
      ],
    });
    expect(out.text()).toContain(`${ESC}[32m${'━'.repeat(20)}${ESC}[0m`);
  });

  it('prints one line per epoch for verbose: 2 even on a terminal', async () => {
    const out = captureWrites();
    installProgbarLogger({ write: out.write, isTTY: true, now: steppingClock(1) });
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, { epochs: 2, batchSize: 8, verbose: 2 });
    expect(out.text()).not.toContain('\r');
    expect(out.text().split('\n')).toHaveLength(5);
  });

  it('drops trailing metrics rather than wrap a narrow terminal', async () => {
    const out = captureWrites();
    const { x, y, xVal, yVal } = tinyData();
    await tinyModel().fit(x, y, {
      epochs: 1,
      batchSize: 8,
      validationData: [xVal, yVal],
      verbose: 0,
      callbacks: [
        progbarLogger({
          write: out.write,
          isTTY: true,
          color: false,
          columns: 60,
          now: steppingClock(1),
        }),
      ],
    });
    const frames = out.text().split('\r').slice(1);
    for (const frame of frames)
      expect(frame.replace(/\n$/, '').trimEnd().length).toBeLessThanOrEqual(59);
    expect(frames[frames.length - 1]).toMatch(/^2\/2 \[=+\] 0s \d+ms\/step - acc: [\d.]+/);
  });

  it('formats values as Keras does: 4 decimals, scientific below 1e-3', () => {
    expect(formatLogValue(0.61234)).toBe('0.6123');
    expect(formatLogValue(1.2)).toBe('1.2000');
    expect(formatLogValue(0.00012345)).toBe('1.2345e-04');
    expect(formatLogValue(0)).toBe('0.0000');
    expect(formatLogValue(NaN)).toBe('NaN');
  });

  it('rejects bad options before training', () => {
    expect(() => progbarLogger({ interval: -1 })).toThrow(
      'progbarLogger: interval must be a finite number >= 0; received -1.',
    );
    expect(() => progbarLogger({ width: 0 })).toThrow(
      'progbarLogger: width must be an integer in [1, 200]; received 0.',
    );
  });
});

describe('installProgbarLogger', () => {
  it('makes verbose: 1 print the logger, once, however often it is called; verbose: 0 prints nothing', async () => {
    const out = captureWrites();
    const options = { write: out.write, isTTY: false, now: steppingClock(1) };
    installProgbarLogger(options);
    expect(installProgbarLogger(options)).toBe(false);
    const { x, y } = tinyData();
    await tinyModel().fit(x, y, { epochs: 3, batchSize: 8 });
    expect(out.text().match(/^Epoch \d\/3$/gm)).toEqual(['Epoch 1/3', 'Epoch 2/3', 'Epoch 3/3']);
    expect(out.text().match(/^2\/2 - /gm)).toHaveLength(3);
    const before = out.text().length;
    await tinyModel().fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
    expect(out.text().length).toBe(before);
  });
});

describe('progbarLogger with fitDataset', () => {
  it('shows n/Unknown while the number of batches is unknown', async () => {
    const { x, y } = tinyData();
    const out = captureWrites();
    // a minimal tf.data-like dataset of 4 batches with no declared size
    const dataset = {
      size: null,
      iterator: async () => {
        let i = 0;
        return {
          next: async () =>
            i < 4
              ? {
                  value: { xs: tf.slice(x, i++ * 4, 4), ys: tf.slice(y, (i - 1) * 4, 4) },
                  done: false,
                }
              : { value: null, done: true },
        };
      },
    };
    await tinyModel().fitDataset(dataset as never, {
      epochs: 1,
      verbose: 0,
      callbacks: [
        progbarLogger({
          write: out.write,
          isTTY: true,
          color: false,
          interval: 0,
          now: steppingClock(10),
        }),
      ],
    });
    const frames = out.text().split('\r');
    expect(frames[1]).toMatch(/^1\/Unknown 0s 10ms\/step - acc: /);
    expect(frames[frames.length - 1]).toMatch(
      /^4\/4 \[====================\] 0s \d+ms\/step - acc: /,
    );
  });
});
