import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { earlyStopping } from './early-stopping.js';
import { normalizeCallbacks } from './normalize-callbacks.js';

beforeAll(useCpu);

describe('normalizeCallbacks', () => {
  it('lets a plain hook object follow a class-based callback (tfjs alone throws)', async () => {
    const { x, y } = tinyData();
    const seen: number[] = [];
    const hooks = { onEpochEnd: async (epoch: number) => void seen.push(epoch) };
    await expect(
      tinyModel().fit(x, y, {
        epochs: 1,
        verbose: 0,
        callbacks: [earlyStopping({ monitor: 'loss' }), hooks] as never,
      }),
    ).rejects.toThrow('callback.setParams is not a function');
    const stopper = earlyStopping({ monitor: 'loss', patience: 5 });
    await tinyModel().fit(x, y, {
      epochs: 3,
      verbose: 0,
      callbacks: normalizeCallbacks([stopper, hooks]),
    });
    expect(seen).toEqual([0, 1, 2]);
    expect(stopper.best).toBeDefined();
  });

  it('rejects something that is neither a callback nor hooks', () => {
    expect(() => normalizeCallbacks([42])).toThrow(
      'normalizeCallbacks: callbacks[0] must be a tf.Callback or an object of hook functions; received 42',
    );
  });
});
