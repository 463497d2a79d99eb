import * as tf from '@tensorflow/tfjs-core';
import { checkOptions, custom } from '@bnkit/core';
import type { CheckedOptions, OptionRules, Rule } from '@bnkit/core';
import { LayerArgumentError } from './errors.js';

// The package's one validation helper: @bnkit/core's rules and checks, raising
// LayerArgumentError. Layers and functions declare their arguments as a rules object.

/**
 * tfjs-layers' base `LayerArgs`, accepted by every layer and checked by tfjs-layers itself: they
 * pass through (and appear in the list of valid keys when a key is unknown).
 */
export const LAYER_ARGS_KEYS = [
  'name',
  'trainable',
  'inputShape',
  'batchInputShape',
  'batchSize',
  'dtype',
  'weights',
  'inputDType',
  // Not a LayerArgs key: tfjs-layers' deserialization adds it to every config it rebuilds.
  'customObjects',
] as const;

/**
 * Checks a layer's constructor arguments against `rules` (plus tfjs-layers' base `LayerArgs`,
 * passed through): refuses a non-object, an unknown key (naming the closest valid one) and a
 * value its rule refuses. Returns `args` for `super(...)`.
 */
export function checkLayerArgs<A, S extends OptionRules>(where: string, args: A, rules: S): A {
  checkOptions(args, rules, {
    where,
    argument: 'args',
    errorClass: LayerArgumentError,
    passThrough: LAYER_ARGS_KEYS,
  });
  return args;
}

/** Checks an options object (of a function, or nested in layer args) against `rules`. */
export function checkLayerOptions<S extends OptionRules>(
  where: string,
  options: unknown,
  rules: S,
  argument = 'options',
): CheckedOptions<S> {
  return checkOptions(options, rules, { where, argument, errorClass: LayerArgumentError });
}

/** `null` or `rule`. */
export function orNull<T>(rule: Rule<T>): Rule<T | null> {
  return custom(`null or ${rule.accepted}`, (v): v is T | null => v === null || rule.test(v));
}

/** A plain object (for nested option objects, checked key by key afterwards). */
export const PLAIN_OBJECT = custom(
  'an object',
  (v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v),
);

/**
 * An initializer, regularizer or constraint as tfjs-layers takes them: an instance, an identifier
 * string or a `{ className, config }` dict (whether tfjs knows the class is checked when it is
 * resolved).
 */
export function identifier(kind: 'initializer' | 'regularizer' | 'constraint'): Rule<unknown> {
  return custom(
    `a tfjs ${kind}, an identifier string or a { className, config } dict`,
    (v) =>
      (typeof v === 'string' && v.length > 0) ||
      v instanceof tf.serialization.Serializable ||
      (v !== null &&
        typeof v === 'object' &&
        typeof (v as { className?: unknown }).className === 'string'),
  );
}
