import {
  activation,
  elu,
  leakyRelu,
  prelu,
  relu,
  softmax,
  thresholdedRelu,
} from './activation-layers.js';
import { batchNormalization } from './batch-normalization.js';
import type { LayerConverter } from './converter-types.js';
import { convolution } from './convolution.js';
import { dense } from './dense.js';
import { embedding } from './embedding.js';
import { average, concatenate, elementwise } from './merge.js';
import { groupNormalization, layerNormalization } from './normalization.js';
import { globalPooling, pooling } from './pooling.js';
import { flatten, identity, permute, reshape } from './reshaping.js';
import { cropping2d, repeatVector, upSampling2d, zeroPadding2d } from './resizing.js';

/**
 * Layers the exporter converts without any registration, by class name: one or more
 * converters each, versioned by the opset they start at (`minOpset`, default 13), as tf2onnx's
 * `version_N` handlers. Registered converters win over these.
 */
export const BUILTIN_CONVERTERS: ReadonlyMap<string, readonly LayerConverter[]> = new Map<
  string,
  readonly LayerConverter[]
>(
  (
    [
      ['Dense', dense],
      ['Activation', activation],
      ['ReLU', relu],
      ['LeakyReLU', leakyRelu],
      ['ELU', elu],
      ['ThresholdedReLU', thresholdedRelu],
      ['Softmax', softmax],
      ['PReLU', prelu],
      ['Dropout', identity],
      ['SpatialDropout1D', identity],
      ['AlphaDropout', identity],
      ['GaussianDropout', identity],
      ['GaussianNoise', identity],
      ['Flatten', flatten],
      ['Reshape', reshape],
      ['Permute', permute],
      ['RepeatVector', repeatVector],
      ['Add', elementwise('Add')],
      ['Multiply', elementwise('Mul')],
      ['Maximum', elementwise('Max')],
      ['Minimum', elementwise('Min')],
      ['Average', average],
      ['Concatenate', concatenate],
      ['BatchNormalization', batchNormalization],
      ['LayerNormalization', layerNormalization],
      ['GroupNormalization', groupNormalization],
      ['Conv1D', convolution('conv', 1)],
      ['Conv2D', convolution('conv', 2)],
      ['DepthwiseConv2D', convolution('depthwise', 2)],
      ['SeparableConv2D', convolution('separable', 2)],
      ['MaxPooling1D', pooling('MaxPool', 1)],
      ['MaxPooling2D', pooling('MaxPool', 2)],
      ['AveragePooling1D', pooling('AveragePool', 1)],
      ['AveragePooling2D', pooling('AveragePool', 2)],
      ['GlobalMaxPooling1D', globalPooling('GlobalMaxPool')],
      ['GlobalMaxPooling2D', globalPooling('GlobalMaxPool')],
      ['GlobalAveragePooling1D', globalPooling('GlobalAveragePool')],
      ['GlobalAveragePooling2D', globalPooling('GlobalAveragePool')],
      ['ZeroPadding2D', zeroPadding2d],
      ['UpSampling2D', upSampling2d],
      ['Cropping2D', cropping2d],
      ['Embedding', embedding],
    ] as [string, LayerConverter][]
  ).map(([name, converter]) => [name, [converter]]),
);

/** Class names whose layers are removed at inference (training-only). */
export const TRAINING_ONLY_LAYERS: ReadonlySet<string> = new Set([
  'Dropout',
  'SpatialDropout1D',
  'AlphaDropout',
  'GaussianDropout',
  'GaussianNoise',
]);
