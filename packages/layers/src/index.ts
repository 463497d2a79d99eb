/**
 * @bnkit/layers: A correct, complete and fast BatchNormalization for TensorFlow.js, with Batch Renormalization, Ghost BN, GroupNormalization, BN folding and precise-BN statistics.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {};
