/**
 * @bnkit/datasets: numpy-compatible RandomState and scikit-learn-identical dataset generators and
 * splits, with tfjs tensor and tf.data adapters.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export { RandomState } from './random-state.js';
export type { ChoiceOptions, RandomStateState, Seed, Size } from './random-state.js';
export { glibcLog } from './glibc-log.js';
export { DatasetsParameterError } from './errors.js';
