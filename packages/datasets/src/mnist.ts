/**
 * @bnkit/datasets/mnist: real MNIST digits from the optional peer dependency `mnist`.
 *
 * A subpath of its own, so that the main entry never names `mnist`: a bundle of
 * `@bnkit/datasets` does not try to resolve a package its user may not have installed. This file
 * lists the subpath's public API by name.
 *
 * @packageDocumentation
 */
export { loadMnist } from './load-mnist.js';
export { OptionalPeerMissingError } from '@bnkit/core';
export type { LoadMnistOptions, MnistData, MnistModuleLike } from './load-mnist.js';
