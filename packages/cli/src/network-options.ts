import type * as tfl from '@tensorflow/tfjs-layers';
import { checkOptions, integer, number, oneOf } from '@bnkit/core';
import type { CheckedOptions, OptionRules } from '@bnkit/core';
import { batchNormalization, groupNormalization } from '@bnkit/layers';
import { CliArgumentError } from './cli-error.js';

/**
 * Which normalization sits after each hidden layer's linear part: bnkit's BatchNormalization,
 * Batch Renormalization (rmax 3, dmax 5, as the paper), Ghost BN (ghost batches of a quarter of
 * the batch, at least 2), GroupNormalization, or none.
 */
export type Normalization = 'batch' | 'renorm' | 'ghost' | 'group' | 'none';

export const NORMALIZATIONS: readonly Normalization[] = [
  'batch',
  'renorm',
  'ghost',
  'group',
  'none',
];

/** The options the reference model and the paper network share, and what each accepts. */
export const NETWORK_OPTION_RULES = {
  nFeatures: integer({ min: 1 }),
  normalization: oneOf(NORMALIZATIONS),
  seed: integer({ min: 0 }),
  learningRate: number({ min: 0, minExclusive: true }),
  initScale: number({ min: 0, minExclusive: true }),
  batchSize: integer({ min: 1 }),
};

/**
 * Checks a network builder's options with core's checkOptions (unknown keys named with the
 * closest one) and requires `nFeatures`.
 */
export function checkNetworkOptions<S extends OptionRules>(
  where: string,
  options: unknown,
  rules: S,
): CheckedOptions<S> {
  const checked = checkOptions(options, rules, { where, errorClass: CliArgumentError });
  if ((checked as { nFeatures?: unknown }).nFeatures === undefined) {
    throw new CliArgumentError('nFeatures', undefined, 'an integer >= 1 (it is required)');
  }
  return checked;
}

/** Ghost batches of a quarter of the batch (at least 2), when that divides the batch. */
export function ghostBatchSize(batchSize: number): number | undefined {
  const size = Math.max(2, Math.floor(batchSize / 4));
  return batchSize % size === 0 && size < batchSize ? size : undefined;
}

/** The layer of a normalization; `groups` is GroupNormalization's group count. */
export function normalizationLayer(
  kind: Exclude<Normalization, 'none'>,
  batchSize: number,
  groups: number,
): tfl.layers.Layer {
  switch (kind) {
    case 'batch':
      return batchNormalization();
    case 'renorm':
      return batchNormalization({
        renorm: true,
        renormClipping: { rmax: 3, rmin: 1 / 3, dmax: 5 },
      });
    case 'ghost':
      return batchNormalization({ virtualBatchSize: ghostBatchSize(batchSize) ?? null });
    case 'group':
      return groupNormalization({ groups });
  }
}
