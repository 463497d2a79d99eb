import * as tf from '@tensorflow/tfjs-core';
import { BatchNormalization } from './batch-normalization.js';
import type { BatchNormalizationArgs } from './batch-normalization.js';

type Shape = (number | null)[];

/**
 * This package's BatchNormalization under the class name `BatchNormalization`, reading configs
 * written by tfjs-layers, tf.keras 2.x and Keras 3 (renorm keys and weights, `virtual_batch_size`
 * with tf.keras's `(1, …, C)` weight shape, list axes, `fused`).
 */
export class KerasBatchNormalization extends BatchNormalization {
  static override className = 'BatchNormalization';

  constructor(args: BatchNormalizationArgs = {}) {
    const a = { ...args } as BatchNormalizationArgs & Record<string, unknown>;
    // Keras keys this layer has no use for: accepted and dropped (documented in the README).
    delete a['adjustment'];
    if (a.renormClipping === null) delete a.renormClipping;
    // Keras 3 saves dtype as a DTypePolicy object ({ className, config: { name } }).
    const dtype = a['dtype'] as unknown;
    if (dtype !== null && typeof dtype === 'object') {
      const name = (dtype as { config?: { name?: unknown } }).config?.name;
      (a as Record<string, unknown>)['dtype'] = typeof name === 'string' ? name : 'float32';
    }
    super(a);
  }

  protected override weightShape(shape: Shape, axes: number[]): number[] {
    if (this.virtualBatchSize === null) return super.weightShape(shape, axes);
    // tf.keras ghost BN: the broadcast shape with an extra leading 1, e.g. (1, 1, C) for 2-D input.
    return [1, ...shape.map((d, i) => (axes.includes(i) ? (d as number) : 1))];
  }
}

/**
 * Opt-in: makes `tf.loadLayersModel` build this package's BatchNormalization for layers saved
 * with the class name `BatchNormalization` (by tfjs-layers, or converted from tf.keras / Keras 3,
 * including renorm weights and `virtual_batch_size`). This replaces tfjs-layers' own class for
 * every later load in the process (tfjs has no way to unregister). Idempotent.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * import { registerKerasCompat } from '@bnkit/layers';
 *
 * registerKerasCompat();
 * const model = await tfl.loadLayersModel('https://example.com/keras-model/model.json');
 * ```
 */
export function registerKerasCompat(): void {
  tf.serialization.registerClass(KerasBatchNormalization);
}
