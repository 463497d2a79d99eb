import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { closestMatch } from '@bnkit/core';
import { LayerArgumentError } from './errors.js';

/** An initializer, regularizer or constraint: an instance, a tfjs identifier or a serialized dict. */
export type Identifier<T> = T | string | { className: string; config?: Record<string, unknown> };

type Initializer = ReturnType<typeof tfl.initializers.zeros>;
type Regularizer = ReturnType<typeof tfl.regularizers.l1l2>;
type Constraint = ReturnType<typeof tfl.constraints.nonNeg>;

export type { Initializer, Regularizer, Constraint };

const SPECIAL_NAMES: Record<string, string> = {
  l1l2: 'L1L2',
  l1_l2: 'L1L2',
  l1: 'L1L2',
  l2: 'L1L2',
};

function toClassName(identifier: string): string {
  const special = SPECIAL_NAMES[identifier];
  if (special !== undefined) return special;
  const camel = identifier.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

function specialConfig(identifier: string): Record<string, unknown> {
  if (identifier === 'l1') return { l1: 0.01, l2: 0 };
  if (identifier === 'l2') return { l1: 0, l2: 0.01 };
  return {};
}

/**
 * Resolves an initializer, regularizer or constraint given as an instance, an identifier
 * (`'zeros'`, `'glorotUniform'`, `'glorot_uniform'`, `'nonNeg'`, `'l1l2'`) or a serialized
 * `{ className, config }` dict, through tfjs's serialization registry (so every class tfjs-layers
 * registers, and every class the user registers, is accepted).
 */
export function resolveIdentifier<T>(
  value: Identifier<T> | null | undefined,
  argName: string,
  kind: 'initializer' | 'regularizer' | 'constraint',
): T | null {
  if (value === null || value === undefined) return null;
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  let className: string;
  let config: Record<string, unknown>;
  if (typeof value === 'string') {
    className = toClassName(value);
    config = specialConfig(value);
  } else if (
    typeof value === 'object' &&
    'className' in value &&
    typeof (value as { className: unknown }).className === 'string' &&
    !(value instanceof tf.serialization.Serializable)
  ) {
    const dict = value as { className: string; config?: Record<string, unknown> };
    className = dict.className;
    config = dict.config ?? {};
  } else if (value instanceof tf.serialization.Serializable) {
    return value as T;
  } else {
    throw new LayerArgumentError(
      argName,
      value,
      `a tfjs ${kind}, an identifier string or a { className, config } dict`,
    );
  }
  const entry = map[className] ?? map[`Custom>${className}`];
  if (entry === undefined) {
    const guess = closestMatch(className, Object.keys(map));
    throw new LayerArgumentError(
      argName,
      value,
      `${kind === 'initializer' ? 'an' : 'a'} ${kind} registered with tf.serialization (for example ${kind === 'initializer' ? "'zeros', 'ones', 'glorotUniform'" : kind === 'regularizer' ? "'l1l2'" : "'nonNeg', 'maxNorm'"})`,
      {
        hint: `Unknown ${kind} class name ${JSON.stringify(className)}.${guess === undefined ? '' : ` Did you mean "${guess}"?`}`,
      },
    );
  }
  const [cls, fromConfig] = entry;
  return fromConfig(cls, config as tf.serialization.ConfigDict) as unknown as T;
}

/** Serializes an initializer, regularizer or constraint the way tfjs-layers does. */
export function serializeObject(
  value: tf.serialization.Serializable | null,
): tf.serialization.ConfigDictValue {
  if (value === null) return null;
  return { className: value.getClassName(), config: value.getConfig() };
}
