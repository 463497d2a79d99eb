import { batchSizeExperiment } from './batch-size.js';
import { bnVsPlain } from './bn-vs-plain.js';
import { covariateShiftExperiment } from './covariate-shift.js';
import type { Experiment } from './experiment.js';
import { initializationExperiment } from './initialization.js';
import { learningRateExperiment } from './learning-rate.js';
import { paperMnist } from './paper-mnist.js';

/** Every experiment, in the order `bnkit experiment all` runs them (standalone ones excepted). */
export const EXPERIMENTS: readonly Experiment[] = [
  bnVsPlain,
  learningRateExperiment,
  initializationExperiment,
  batchSizeExperiment,
  covariateShiftExperiment,
  paperMnist,
];
