import * as tf from '@tensorflow/tfjs-core';
import { BatchNormalization } from './batch-normalization.js';
import { GroupNormalization } from './group-normalization.js';

/**
 * Registers every layer class of this package with tfjs's serialization registry, so that
 * `tf.loadLayersModel` can rebuild models that contain them. Idempotent; nothing registers
 * itself on import.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { registerLayers } from '@bnkit/layers';
 *
 * registerLayers();
 * const model = await tfl.loadLayersModel('file://model/model.json');
 * ```
 */
export function registerLayers(): void {
  for (const cls of [BatchNormalization, GroupNormalization]) {
    tf.serialization.registerClass(cls);
  }
}
