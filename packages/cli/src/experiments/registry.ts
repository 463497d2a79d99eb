import { batchSizeExperiment } from './batch-size.js';
import { bnVsPlain } from './bn-vs-plain.js';
import { covariateShiftExperiment } from './covariate-shift.js';
import type { Experiment } from './experiment.js';
import { initializationExperiment } from './initialization.js';
import { learningRateExperiment } from './learning-rate.js';

/** Every experiment, in the order `bnkit experiment all` runs them. */
export const EXPERIMENTS: readonly Experiment[] = [
  bnVsPlain,
  learningRateExperiment,
  initializationExperiment,
  batchSizeExperiment,
  covariateShiftExperiment,
];
