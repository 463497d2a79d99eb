import torch from './__fixtures__/lr-schedules.json';
import { cosineDecay, exponentialDecay, oneCycle, stepDecay } from './schedules.js';

function run(schedule: (epoch: number, lr: number) => number, epochs: number): number[] {
  return Array.from({ length: epochs }, (_, epoch) => schedule(epoch, NaN));
}

function expectClose(actual: number[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) =>
    expect(Math.abs(v - expected[i]!)).toBeLessThan(1e-12 + 1e-9 * Math.abs(expected[i]!)),
  );
}

describe('schedules (against PyTorch 1.13 schedulers stepped per epoch)', () => {
  it('stepDecay equals StepLR', () => {
    expectClose(run(stepDecay(torch.stepLR.args), 10), torch.stepLR.lr);
  });

  it('exponentialDecay equals ExponentialLR', () => {
    expectClose(run(exponentialDecay(torch.exponentialLR.args), 10), torch.exponentialLR.lr);
  });

  it('cosineDecay equals CosineAnnealingLR with eta_min = alpha * initialLr', () => {
    expectClose(run(cosineDecay(torch.cosineAnnealingLR.args), 9), torch.cosineAnnealingLR.lr);
  });

  it('oneCycle equals OneCycleLR (cos annealing)', () => {
    expectClose(run(oneCycle(torch.oneCycleLR.args), 20), torch.oneCycleLR.lr);
  });

  it('exponentialDecay with staircase holds the rate within each decay period', () => {
    const s = exponentialDecay({ initialLr: 1, decayRate: 0.5, decaySteps: 2, staircase: true });
    expect(run(s, 5)).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('rejects bad arguments with the value received', () => {
    expect(() => stepDecay({ initialLr: 0.1, stepSize: 0 })).toThrow(
      'stepDecay: stepSize must be an integer >= 1; received 0',
    );
    expect(() => cosineDecay({ initialLr: -1, decaySteps: 5 })).toThrow(
      'cosineDecay: initialLr must be a finite number > 0; received -1',
    );
    expect(() => oneCycle({ maxLr: 0.1, totalEpochs: 10, pctStart: 2 })).toThrow(
      'oneCycle: pctStart must be a finite number in [0, 1]; received 2.',
    );
  });
});
