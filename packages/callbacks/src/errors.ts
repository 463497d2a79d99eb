import { BnkitArgumentError } from '@bnkit/core';

/**
 * A callback, plot or report was given an argument it cannot use. It extends
 * `BnkitArgumentError` from `@bnkit/core`, so every message has the bnkit shape:
 * `<argument> must be <accepted>; received <value>.`, with `argument`, `received` and `accepted`
 * kept as fields.
 *
 * @example
 * try {
 *   earlyStopping({ patiance: 3 });
 * } catch (error) {
 *   if (error instanceof CallbackArgumentError) console.error(error.message);
 *   // earlyStopping: option name must be one of "monitor", ...; received "patiance". Did you mean "patience"?
 * }
 */
export class CallbackArgumentError extends BnkitArgumentError {}
