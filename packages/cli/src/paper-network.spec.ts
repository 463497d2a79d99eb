import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CliArgumentError } from './cli-error.js';
import { buildPaperNetwork } from './paper-network.js';

describe('buildPaperNetwork', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('builds three hidden layers of 100 and a softmax over the classes', () => {
    const { model, lastSigmoidInput } = buildPaperNetwork({ nFeatures: 64, seed: 1 });
    expect(model.outputs[0]!.shape).toEqual([null, 10]);
    expect(lastSigmoidInput.outputs[0]!.shape).toEqual([null, 100]);
    model.dispose();
  });

  it.each([
    [{ nFeatures: 64, nClasses: 1 }, /nClasses must be an integer >= 2; received 1/],
    [{ nFeatures: 64, units: 0 }, /units must be an integer >= 1; received 0/],
    [{ nFeatures: 64, initscale: 2 }, /received "initscale"\. Did you mean "initScale"\?/],
    [{ units: 100 }, /nFeatures must be an integer >= 1 \(it is required\)/],
  ])('rejects %j with a clear error', (options, message) => {
    expect(() => buildPaperNetwork(options as never)).toThrow(CliArgumentError);
    expect(() => buildPaperNetwork(options as never)).toThrow(message);
  });
});
