/**
 * @bnkit/callbacks: Keras-3 training callbacks for TensorFlow.js: progress logger, history plots (SVG/PNG), BN statistics monitor and HTML report.
 *
 * This file is the package's public API: list every export by name.
 *
 * @packageDocumentation
 */
export {};
