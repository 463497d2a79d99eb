import {
  checkOptions,
  checkValue,
  custom,
  func,
  integer,
  isBatchNormLayer,
  oneOf,
  sharedRegistry,
  string,
} from '@bnkit/core';
import { argumentErrorsIn } from '../session/session-argument-error.js';
import { MAX_OPSET, MIN_OPSET } from '../opset.js';
import { BUILTIN_CONVERTERS } from './builtin-converters.js';
import type { LayerConverter } from './converter-types.js';

/**
 * Version of the registry's entry shape: `LayerConverter[]` per class name, each converter with
 * `convert`, optional `minOpset`/`maxOpset`/`layout`. A copy of @bnkit/onnx that stores another
 * shape must use another number (core's sharedRegistry then refuses to mix them).
 */
const REGISTRY_FORMAT = 1;

/**
 * Registered converters live on globalThis (core's sharedRegistry), so every installed copy of
 * @bnkit/onnx, and its ESM and CommonJS builds, see the same ones: a plugin built against one
 * copy registers, the application's copy exports.
 */
function registered(): Map<string, LayerConverter[]> {
  return sharedRegistry<LayerConverter[]>('onnx.layer-converters', REGISTRY_FORMAT);
}

const CONVERTER_RULES = {
  convert: func(),
  minOpset: integer({ min: 1, max: MAX_OPSET }),
  maxOpset: integer({ min: 1, max: MAX_OPSET }),
  layout: oneOf(['native', 'channels-first', 'preserve'] as const),
};

/**
 * Registers the converter for layers whose `getClassName()` is `className`. Converters are
 * versioned by the opset they start at, as tf2onnx's `version_N` handlers: `minOpset`
 * (default 13) is the converter's version. Registering another converter with the same
 * `minOpset` replaces it; one with another `minOpset` is added beside it, and the export picks,
 * for its opset, the converter with the highest `minOpset` not above it. Registered converters
 * take precedence over the built-in ones. Idempotent; nothing is registered on import. The
 * registry is shared by every installed copy of @bnkit/onnx.
 *
 * @example
 * registerLayerConverter('Scale', {
 *   minOpset: 13,
 *   convert(ctx) {
 *     const k = ctx.graph.addFloatInitializer(`${ctx.name}/k`, [], [Number(ctx.config.k)]);
 *     return ctx.graph.addNode('Mul', [ctx.inputs[0]!, k], { name: `${ctx.name}/Mul` });
 *   },
 * });
 */
export function registerLayerConverter(className: string, converter: LayerConverter): void {
  const errors = argumentErrorsIn('registerLayerConverter');
  checkValue('className', className, string(), errors);
  checkValue(
    'converter',
    converter,
    custom('an object with a convert(ctx) function', (v) => v !== null && typeof v === 'object'),
    errors,
  );
  checkOptions(converter, CONVERTER_RULES, {
    where: 'registerLayerConverter',
    argument: 'converter',
    errorClass: errors,
  });
  if (typeof converter.convert !== 'function') {
    throw new errors('convert', converter.convert, 'a function convert(ctx)', {
      hint: 'See README.md#custom-layers.',
    });
  }
  if (
    converter.minOpset !== undefined &&
    converter.maxOpset !== undefined &&
    converter.maxOpset < converter.minOpset
  ) {
    throw new errors(
      'maxOpset',
      converter.maxOpset,
      `an integer >= minOpset (${converter.minOpset})`,
    );
  }
  const since = sinceOpset(converter);
  const list = (registered().get(className) ?? []).filter((c) => sinceOpset(c) !== since);
  list.push(converter);
  list.sort((a, b) => sinceOpset(a) - sinceOpset(b));
  registered().set(className, list);
}

/**
 * Removes the registered converters of a class (all versions); returns whether one was
 * registered. Built-in converters stay.
 *
 * @example
 * unregisterLayerConverter('Scale');
 */
export function unregisterLayerConverter(className: string): boolean {
  checkValue('className', className, string(), argumentErrorsIn('unregisterLayerConverter'));
  return registered().delete(className);
}

/** The opset a converter starts at: its version. */
export function sinceOpset(converter: LayerConverter): number {
  return converter.minOpset ?? MIN_OPSET;
}

/** Where a layer's converters come from, and all their versions. */
export interface ConverterCandidates {
  source: 'registered' | 'builtin';
  versions: readonly LayerConverter[];
}

/** The converters of a layer: registered, built-in, or the BN/GroupNorm ones for look-alikes. */
export function findLayerConverters(
  className: string,
  weights: readonly { name: string }[],
): ConverterCandidates | undefined {
  const own = registered().get(className);
  if (own && own.length > 0) return { source: 'registered', versions: own };
  const builtin = BUILTIN_CONVERTERS.get(className);
  if (builtin) return { source: 'builtin', versions: builtin };
  if (isBatchNormLayer(className, weights)) {
    return { source: 'builtin', versions: BUILTIN_CONVERTERS.get('BatchNormalization') ?? [] };
  }
  if (/GroupNormalization$/.test(className)) {
    return { source: 'builtin', versions: BUILTIN_CONVERTERS.get('GroupNormalization') ?? [] };
  }
  return undefined;
}

/**
 * The version to use at `opset`: the highest `minOpset` not above it whose `maxOpset` (if any)
 * is not below it; otherwise why none fits.
 */
export function pickConverterVersion(
  versions: readonly LayerConverter[],
  opset: number,
): { converter: LayerConverter } | { problem: string } {
  let best: LayerConverter | undefined;
  for (const c of versions) {
    if (sinceOpset(c) <= opset && (c.maxOpset === undefined || opset <= c.maxOpset)) {
      if (best === undefined || sinceOpset(c) >= sinceOpset(best)) best = c;
    }
  }
  if (best) return { converter: best };
  const lowest = Math.min(...versions.map(sinceOpset));
  if (versions.length > 0 && opset < lowest) {
    return { problem: `its converter needs opset >= ${lowest}, exporting opset ${opset}` };
  }
  const highest = Math.max(...versions.map((c) => c.maxOpset ?? MAX_OPSET));
  return { problem: `its converter supports opset <= ${highest}, exporting opset ${opset}` };
}
