import * as tf from '@tensorflow/tfjs-core';
import { tinyData, tinyModel, useCpu } from '../test/tiny-model.js';
import { getLearningRate, setLearningRate } from './learning-rate.js';

beforeAll(useCpu);

const optimizers: [string, () => tf.Optimizer][] = [
  ['sgd', () => tf.train.sgd(0.5)],
  ['momentum', () => tf.train.momentum(0.5, 0.9)],
  ['adam', () => tf.train.adam(0.5)],
  ['adamax', () => tf.train.adamax(0.5)],
  ['adagrad', () => tf.train.adagrad(0.5)],
  ['adadelta', () => tf.train.adadelta(0.5)],
  ['rmsprop', () => tf.train.rmsprop(0.5)],
];

describe('setLearningRate', () => {
  it.each(optimizers)(
    'freezes the weights of %s at lr 0, and changes them at lr 0.5',
    async (_name, make) => {
      const { x, y } = tinyData();
      const model = tinyModel(make());
      await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 }); // creates optimizer state
      setLearningRate(model.optimizer, 0);
      expect(getLearningRate(model.optimizer)).toBe(0);
      const before = model.getWeights().map((w) => w.arraySync());
      await model.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
      expect(model.getWeights().map((w) => w.arraySync())).toEqual(before);
      setLearningRate(model.optimizer, 0.5);
      await model.fit(x, y, { epochs: 1, batchSize: 4, verbose: 0 });
      expect(model.getWeights().map((w) => w.arraySync())).not.toEqual(before);
    },
  );

  it('rejects a negative or non-finite rate and a non-optimizer', () => {
    expect(() => setLearningRate(tf.train.adam(0.1), -1)).toThrow(
      'learning rate must be a finite number >= 0; received -1',
    );
    expect(() => getLearningRate({} as tf.Optimizer)).toThrow(
      /the model optimizer must be a tfjs optimizer/,
    );
  });
});
