import { isBatchNormLayer } from './batch-norm.js';
import { BUILTIN_CONVERTERS } from './builtin-converters.js';
import type { LayerConverter } from './converter-types.js';
import { OnnxOptionError } from './errors.js';
import { MAX_OPSET } from './opset.js';

const registered = new Map<string, LayerConverter>();

/**
 * Registers (or replaces) the converter for layers whose `getClassName()` is `className`.
 * Registered converters take precedence over the built-in ones. Idempotent; nothing is
 * registered on import.
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
  if (typeof className !== 'string' || className.length === 0) {
    throw new OnnxOptionError(
      `registerLayerConverter: className must be a non-empty string (the layer's getClassName()), got ${describe(className)}`,
    );
  }
  if (!converter || typeof converter.convert !== 'function') {
    throw new OnnxOptionError(
      `registerLayerConverter('${className}'): converter must be an object with a convert(ctx) function, got ${describe(converter)}`,
    );
  }
  for (const key of ['minOpset', 'maxOpset'] as const) {
    const value = converter[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_OPSET)) {
      throw new OnnxOptionError(
        `registerLayerConverter('${className}'): ${key} must be an integer from 1 to ${MAX_OPSET}, got ${describe(value)}`,
      );
    }
  }
  registered.set(className, converter);
}

/**
 * Removes a registered converter; returns whether one was registered. Built-in converters stay.
 *
 * @example
 * unregisterLayerConverter('Scale');
 */
export function unregisterLayerConverter(className: string): boolean {
  return registered.delete(className);
}

/** The converter for a layer: registered, built-in, or the BN converter for BN-like layers. */
export function findLayerConverter(
  className: string,
  weights: { name: string }[],
): LayerConverter | undefined {
  const own = registered.get(className) ?? BUILTIN_CONVERTERS.get(className);
  if (own) return own;
  if (isBatchNormLayer(className, weights)) return BUILTIN_CONVERTERS.get('BatchNormalization');
  if (/GroupNormalization$/.test(className)) return BUILTIN_CONVERTERS.get('GroupNormalization');
  return undefined;
}

/** A short description of a received value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'function') return 'a function';
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'an object';
}
