import { boolean, integer, number, type CheckedOptions, type OptionRules } from '@bnkit/core';
import { checkCallbackOptions } from './check-callback-options.js';
import { CallbackArgumentError } from './errors.js';
import type { LearningRateSchedule } from './learning-rate-scheduler.js';

const POSITIVE = number({ min: 0, minExclusive: true });
const FRACTION = number({ min: 0, max: 1 });
const COUNT = integer({ min: 1 });

/** Checks a schedule's options and that every `required` key is given. */
function scheduleOptions<S extends OptionRules>(
  where: string,
  args: unknown,
  rules: S,
  required: readonly (keyof S & string)[],
): CheckedOptions<S> {
  if (args === undefined || args === null) {
    throw new CallbackArgumentError(
      `${where}: options`,
      args,
      `an options object with ${required.join(' and ')}`,
    );
  }
  const checked = checkCallbackOptions(where, args, rules);
  for (const key of required) {
    const rule = rules[key];
    if (checked[key] === undefined && rule !== undefined) {
      throw new CallbackArgumentError(`${where}: ${key}`, undefined, rule.accepted);
    }
  }
  return checked;
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
  const checked = scheduleOptions(
    'stepDecay',
    args,
    { initialLr: POSITIVE, factor: FRACTION, stepSize: COUNT },
    ['initialLr', 'stepSize'],
  );
  const initialLr = checked.initialLr as number;
  const factor = checked.factor ?? 0.1;
  const stepSize = checked.stepSize as number;
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
  const checked = scheduleOptions(
    'exponentialDecay',
    args,
    { initialLr: POSITIVE, decayRate: POSITIVE, decaySteps: POSITIVE, staircase: boolean() },
    ['initialLr', 'decayRate'],
  );
  const initialLr = checked.initialLr as number;
  const decayRate = checked.decayRate as number;
  const decaySteps = checked.decaySteps ?? 1;
  const staircase = checked.staircase ?? false;
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
  const checked = scheduleOptions(
    'cosineDecay',
    args,
    { initialLr: POSITIVE, decaySteps: COUNT, alpha: FRACTION },
    ['initialLr', 'decaySteps'],
  );
  const initialLr = checked.initialLr as number;
  const decaySteps = checked.decaySteps as number;
  const alpha = checked.alpha ?? 0;
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
  const checked = scheduleOptions(
    'oneCycle',
    args,
    {
      maxLr: POSITIVE,
      totalEpochs: integer({ min: 2 }),
      pctStart: FRACTION,
      divFactor: POSITIVE,
      finalDivFactor: POSITIVE,
    },
    ['maxLr', 'totalEpochs'],
  );
  const maxLr = checked.maxLr as number;
  const total = checked.totalEpochs as number;
  const pctStart = checked.pctStart ?? 0.3;
  const divFactor = checked.divFactor ?? 25;
  const finalDivFactor = checked.finalDivFactor ?? 1e4;
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
