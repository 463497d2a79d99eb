import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

import { PACKAGE_VERSION } from './package-version.js';

/** The version of @bnkit/onnx. */
export function bnkitOnnxVersion(): string {
  return PACKAGE_VERSION;
}

/** The tfjs versions in use: core and layers. */
export function tfjsVersions(): { core: string; layers: string } {
  return { core: tf.version_core, layers: tfl.version_layers };
}
