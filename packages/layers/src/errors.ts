import { BnkitArgumentError, checkValue, number } from '@bnkit/core';
import type { ArgumentErrorDetail } from '@bnkit/core';

/**
 * A layer argument is outside what the layer accepts: `<argument> must be <accepted>; received
 * <value>.` and an optional hint, the one message shape of every bnkit package (a
 * {@link BnkitArgumentError}, so `argument`, `received` and `accepted` are fields).
 */
export class LayerArgumentError extends BnkitArgumentError {}

/**
 * A tensor given to a layer (or a model or data given to a utility) that it cannot process: wrong
 * rank, a channel count other than the one the layer was built for, a batch that does not split
 * into ghost batches, a batch with one value per channel in training. Same message shape as
 * {@link LayerArgumentError}, naming the input (`BatchNormalization "bn" input axis 1`).
 */
export class LayerInputError extends BnkitArgumentError {
  /**
   * @deprecated the one-string form, kept for callers that build their own sentence; pass
   * `(argument, received, accepted, detail?)` for the house message shape.
   */
  constructor(message: string);
  constructor(argument: string, received: unknown, accepted: string, detail?: ArgumentErrorDetail);
  constructor(
    argumentOrMessage: string,
    received?: unknown,
    accepted?: string,
    detail?: ArgumentErrorDetail,
  ) {
    if (accepted === undefined) {
      super('input', undefined, 'an input the layer can process');
      this.message = argumentOrMessage;
    } else {
      super(argumentOrMessage, received, accepted, detail);
    }
  }
}

/** Returns `value ?? 1e-3` (Keras's default) after checking it is a finite number ≥ 0. */
export function checkEpsilon(value: unknown): number {
  return checkValue('epsilon', value ?? 1e-3, number({ min: 0 }), LayerArgumentError);
}
