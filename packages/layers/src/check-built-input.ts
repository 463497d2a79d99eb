import { describeValue } from '@bnkit/core';
import { LayerInputError } from './errors.js';

/** What a normalization layer was built for, as {@link checkBuiltInput} compares it. */
export interface BuiltInput {
  /** How messages name the layer: `BatchNormalization "bn"`. */
  layer: string;
  /** The input shape the layer was built for. */
  shape: readonly (number | null)[];
  /** The axes whose sizes the weights depend on. */
  axes: readonly number[];
  /** What those sizes are, in the message: `'size'` or `'channels'`. */
  noun: string;
}

/**
 * Refuses, before any computation, an input whose rank or normalized-axis sizes differ from
 * those the layer was built for (tfjs-layers' input spec, with a message naming the axis, the
 * size built for and the size received). Unknown (null) sizes pass.
 */
export function checkBuiltInput(built: BuiltInput, shape: readonly (number | null)[]): void {
  const builtFor = describeValue([...built.shape]);
  if (shape.length !== built.shape.length) {
    throw new LayerInputError(
      `${built.layer}: input shape`,
      [...shape],
      `a shape of rank ${built.shape.length}, as the layer was built for ${builtFor}`,
    );
  }
  for (const axis of built.axes) {
    const got = shape[axis];
    const expected = built.shape[axis];
    if (got !== null && got !== undefined && got !== expected) {
      throw new LayerInputError(
        `${built.layer}: size of input axis ${axis}`,
        got,
        `${expected} (the ${built.noun} the layer was built for)`,
        { hint: `Input shape ${describeValue([...shape])}; the layer was built for ${builtFor}.` },
      );
    }
  }
}
