import { BnkitArgumentError } from '@bnkit/core';
import type { ArgumentErrorDetail } from '@bnkit/core';

/**
 * A parameter outside what the function accepts, in the one message shape of every bnkit package
 * (`<parameter> must be <accepted>; received <value>.` and an optional hint), as scikit-learn's
 * `InvalidParameterError`. A {@link BnkitArgumentError}, so `argument`, `received` and `accepted`
 * are fields.
 */
export class DatasetsParameterError extends BnkitArgumentError {
  /**
   * @param parameter the parameter as named in the API (camelCase), e.g. `nSamples`.
   * @param detail a hint (one more sentence: why, or what was probably meant).
   */
  constructor(
    parameter: string,
    received: unknown,
    accepted: string,
    detail?: string | ArgumentErrorDetail,
  ) {
    super(parameter, received, accepted, typeof detail === 'string' ? { hint: detail } : detail);
  }

  /** The parameter that was wrong, as named in the API: the same as `argument`. */
  get parameter(): string {
    return this.argument;
  }
}
