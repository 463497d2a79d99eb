import { CallbackArgumentError } from './errors.js';
import type { LearningRateSchedule } from './learning-rate-scheduler.js';

function positive(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new CallbackArgumentError(name, value, 'a finite number > 0');
  }
  return value;
}

function inRange(name: string, value: unknown, lo: number, hi: number, text: string): number {
  if (typeof value !== 'number' || !(value >= lo && value <= hi)) {
    throw new CallbackArgumentError(name, value, text);
  }
  return value;
}

function positiveInteger(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new CallbackArgumentError(name, value, 'an integer >= 1');
  }
  return value;
}

/**
 * `initialLr * factor ** floor(epoch / stepSize)`: PyTorch's `StepLR` per epoch.
 *
 * @example
 * learningRateScheduler(stepDecay({ initialLr: 0.1, factor: 0.5, stepSize: 10 }));
 */
export function stepDecay(args: {
  initialLr: number;
  factor?: number;
  stepSize: number;
}): LearningRateSchedule {
  const initialLr = positive('stepDecay: initialLr', args?.initialLr);
  const factor = inRange('stepDecay: factor', args.factor ?? 0.1, 0, 1, 'a number in [0, 1]');
  const stepSize = positiveInteger('stepDecay: stepSize', args.stepSize);
  return (epoch) => initialLr * factor ** Math.floor(epoch / stepSize);
}

/**
 * `initialLr * decayRate ** (epoch / decaySteps)` (floored with `staircase`): Keras's
 * `ExponentialDecay` counted in epochs; with `decaySteps: 1` it is PyTorch's `ExponentialLR`.
 *
 * @example
 * learningRateScheduler(exponentialDecay({ initialLr: 0.01, decayRate: 0.9 }));
 */
export function exponentialDecay(args: {
  initialLr: number;
  decayRate: number;
  decaySteps?: number;
  staircase?: boolean;
}): LearningRateSchedule {
  const initialLr = positive('exponentialDecay: initialLr', args?.initialLr);
  const decayRate = positive('exponentialDecay: decayRate', args.decayRate);
  const decaySteps = positive('exponentialDecay: decaySteps', args.decaySteps ?? 1);
  const staircase = args.staircase ?? false;
  return (epoch) => {
    const p = epoch / decaySteps;
    return initialLr * decayRate ** (staircase ? Math.floor(p) : p);
  };
}

/**
 * Cosine annealing from `initialLr` down to `alpha * initialLr` over `decaySteps` epochs, then
 * flat: Keras's `CosineDecay` counted in epochs, equal to PyTorch's `CosineAnnealingLR` with
 * `T_max = decaySteps` and `eta_min = alpha * initialLr` for epochs up to `decaySteps`.
 *
 * @example
 * learningRateScheduler(cosineDecay({ initialLr: 0.01, decaySteps: 50 }));
 */
export function cosineDecay(args: {
  initialLr: number;
  decaySteps: number;
  alpha?: number;
}): LearningRateSchedule {
  const initialLr = positive('cosineDecay: initialLr', args?.initialLr);
  const decaySteps = positiveInteger('cosineDecay: decaySteps', args.decaySteps);
  const alpha = inRange('cosineDecay: alpha', args.alpha ?? 0, 0, 1, 'a number in [0, 1]');
  return (epoch) => {
    const step = Math.min(epoch, decaySteps);
    const cosine = 0.5 * (1 + Math.cos((Math.PI * step) / decaySteps));
    return initialLr * ((1 - alpha) * cosine + alpha);
  };
}

/**
 * The one-cycle policy (Smith 2018), per epoch, as PyTorch's `OneCycleLR` computes it with
 * cosine annealing: from `maxLr / divFactor` up to `maxLr` over the first `pctStart` of
 * `totalEpochs`, then down to `maxLr / divFactor / finalDivFactor`. Momentum is not cycled.
 *
 * @example
 * learningRateScheduler(oneCycle({ maxLr: 0.01, totalEpochs: 50 }));
 */
export function oneCycle(args: {
  maxLr: number;
  totalEpochs: number;
  pctStart?: number;
  divFactor?: number;
  finalDivFactor?: number;
}): LearningRateSchedule {
  const maxLr = positive('oneCycle: maxLr', args?.maxLr);
  const total = positiveInteger('oneCycle: totalEpochs', args.totalEpochs);
  if (total < 2) throw new CallbackArgumentError('oneCycle: totalEpochs', total, 'an integer >= 2');
  const pctStart = inRange('oneCycle: pctStart', args.pctStart ?? 0.3, 0, 1, 'a number in [0, 1]');
  const divFactor = positive('oneCycle: divFactor', args.divFactor ?? 25);
  const finalDivFactor = positive('oneCycle: finalDivFactor', args.finalDivFactor ?? 1e4);
  const initialLr = maxLr / divFactor;
  const minLr = initialLr / finalDivFactor;
  const peak = pctStart * total - 1;
  const anneal = (start: number, end: number, pct: number) =>
    end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  return (epoch) => {
    if (epoch <= peak) return anneal(initialLr, maxLr, peak <= 0 ? 1 : epoch / peak);
    const pct = Math.min(1, (epoch - peak) / (total - 1 - peak));
    return anneal(maxLr, minLr, pct);
  };
}
