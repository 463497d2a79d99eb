import * as tf from '@tensorflow/tfjs-core';
import type { OrtTensorConstructor, OrtTensorLike, OrtTypedArray } from './ort-like.js';
import { argumentError } from './session-argument-error.js';

/** A tensor as plain data: a typed array and its shape. */
export interface TypedTensor {
  data: Float32Array | Int32Array | BigInt64Array;
  shape: number[];
}

/** One model input: a tfjs tensor (float32 or int32) or a {@link TypedTensor}. */
export type PredictInput = tf.Tensor | TypedTensor;

/** The inputs of `predict`: one value, values in the session's input order, or values by name. */
export type PredictInputs = PredictInput | PredictInput[] | Record<string, PredictInput>;

/** What `predict` returns for each output: the same form as the inputs were given in. */
export type PredictOutput = tf.Tensor | TypedTensor;

/** Whether `value` is a {@link TypedTensor}. */
export function isTypedTensor(value: unknown): value is TypedTensor {
  const v = value as TypedTensor | null;
  return (
    v !== null &&
    typeof v === 'object' &&
    Array.isArray(v.shape) &&
    (v.data instanceof Float32Array ||
      v.data instanceof Int32Array ||
      v.data instanceof BigInt64Array)
  );
}

const ACCEPTED_INPUT =
  'a tf.Tensor (float32 or int32) or { data: Float32Array | Int32Array | BigInt64Array, shape }';

/** Converts one input to the runtime's tensor class. */
export function toOrtTensor(
  Tensor: OrtTensorConstructor,
  value: PredictInput,
  name: string,
): OrtTensorLike {
  const argument = `inputs[${JSON.stringify(name)}]`;
  if (value instanceof tf.Tensor) {
    if (value.dtype === 'float32') {
      return new Tensor('float32', value.dataSync() as Float32Array, value.shape);
    }
    if (value.dtype === 'int32') {
      return new Tensor('int32', value.dataSync() as Int32Array, value.shape);
    }
    throw argumentError('predict', `${argument}.dtype`, value.dtype, '"float32" or "int32"');
  }
  if (isTypedTensor(value)) {
    const count = value.shape.reduce((a, b) => a * b, 1);
    if (count !== value.data.length) {
      throw argumentError(
        'predict',
        `${argument}.data`,
        value.data,
        `${count} values for shape [${value.shape.join(', ')}]`,
        `It has ${value.data.length}.`,
      );
    }
    const type =
      value.data instanceof Float32Array
        ? 'float32'
        : value.data instanceof Int32Array
          ? 'int32'
          : 'int64';
    return new Tensor(type, value.data as OrtTypedArray, value.shape);
  }
  throw argumentError('predict', argument, value, ACCEPTED_INPUT);
}

/** Converts one runtime output back to a tfjs tensor or a {@link TypedTensor}. */
export function fromOrtTensor(
  value: OrtTensorLike,
  name: string,
  asTfTensor: boolean,
): PredictOutput {
  const shape = value.dims.map(Number);
  const data = value.data;
  if (!asTfTensor) {
    if (
      data instanceof Float32Array ||
      data instanceof Int32Array ||
      data instanceof BigInt64Array
    ) {
      return { data, shape };
    }
    return { data: Float32Array.from(data as ArrayLike<number>), shape };
  }
  if (data instanceof Int32Array) return tf.tensor(data, shape, 'int32');
  if (data instanceof BigInt64Array) {
    return tf.tensor(
      Int32Array.from(data, (v) => Number(v)),
      shape,
      'int32',
    );
  }
  if (data instanceof Float32Array) return tf.tensor(data, shape, 'float32');
  throw argumentError(
    'predict',
    `outputs[${JSON.stringify(name)}].type`,
    value.type,
    '"float32", "int32" or "int64"',
    'Run session.session.run yourself for other output types.',
  );
}

/**
 * Pairs the inputs with the session's input names: a single value goes to the only input, an
 * array follows the session's order, an object is taken by name. Every input must be given once.
 */
export function nameInputs(
  inputNames: readonly string[],
  inputs: PredictInputs,
): [string, PredictInput][] {
  let list: [string, PredictInput][];
  if (inputs instanceof tf.Tensor || isTypedTensor(inputs)) {
    list = [[inputNames[0] ?? '#0', inputs]];
  } else if (Array.isArray(inputs)) {
    list = inputs.map((v, i) => [inputNames[i] ?? `#${i}`, v]);
  } else if (inputs !== null && typeof inputs === 'object') {
    list = Object.entries(inputs);
  } else {
    throw argumentError(
      'predict',
      'inputs',
      inputs,
      'a tensor, an array of tensors or an object of tensors by input name',
    );
  }
  const given = list.map(([n]) => n);
  if ([...given].sort().join('\n') !== [...inputNames].sort().join('\n')) {
    throw argumentError(
      'predict',
      'inputs',
      given,
      `the model's inputs [${inputNames.join(', ')}]`,
      'Give one value per input, in this order or by name.',
    );
  }
  return list;
}
