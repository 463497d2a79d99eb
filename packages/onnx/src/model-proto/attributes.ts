import { describeValue } from '@bnkit/core';
import { OnnxExportError } from '../errors.js';

/** A constant tensor written as a TENSOR attribute (e.g. Constant's `value`). */
export interface TensorAttribute {
  dims: number[];
  values: ArrayLike<number>;
  /** Default 'float32'. */
  dataType?: 'float32' | 'int32' | 'int64';
}

/**
 * A node attribute as a converter writes it. The typed forms say the ONNX type:
 * `{ int }`, `{ ints }`, `{ float }`, `{ floats }`, `{ string }`, `{ tensor }`. The plain forms
 * take the type the ONNX operator declares for that attribute (an integral `axes: [1]` of
 * ReduceMean becomes INTS, `alpha: 0.2` of LeakyRelu a FLOAT); for attributes the exporter does
 * not know (custom domains), a plain number is a FLOAT, a number array FLOATS and a string a
 * STRING. See README.md#converter-attributes.
 */
export type AttributeValue =
  | number
  | number[]
  | string
  | { int: number }
  | { ints: number[] }
  | { float: number }
  | { floats: number[] }
  | { string: string }
  | { tensor: TensorAttribute };

/** ONNX AttributeProto types this exporter writes. */
export type AttributeKind = 'INT' | 'INTS' | 'FLOAT' | 'FLOATS' | 'STRING' | 'TENSOR';

/** An attribute with its ONNX type settled. */
export type TypedAttribute =
  | { kind: 'INT'; value: number }
  | { kind: 'INTS'; value: number[] }
  | { kind: 'FLOAT'; value: number }
  | { kind: 'FLOATS'; value: number[] }
  | { kind: 'STRING'; value: string }
  | { kind: 'TENSOR'; value: TensorAttribute };

const KINDS: Record<AttributeKind, readonly string[]> = {
  INTS: [
    'axes',
    'perm',
    'kernel_shape',
    'strides',
    'pads',
    'dilations',
    'output_padding',
    'output_shape',
    'split',
    'starts',
    'ends',
    'value_ints',
  ],
  INT: [
    'axis',
    'group',
    'keepdims',
    'training_mode',
    'transA',
    'transB',
    'ceil_mode',
    'count_include_pad',
    'storage_order',
    'allowzero',
    'to',
    'select_last_index',
    'noop_with_empty_axes',
    'exclusive',
    'reverse',
    'largest',
    'sorted',
    'p',
    'num_outputs',
    'blocksize',
    'stash_type',
    'center_point_box',
    'detect_negative',
    'detect_positive',
    'batch_dims',
    'upper',
    'hidden_size',
    'layout',
    'input_forget',
    'linear_before_reset',
    'fmod',
    'dtype',
    'start',
    'end',
    'value_int',
  ],
  FLOAT: [
    'alpha',
    'beta',
    'gamma',
    'epsilon',
    'momentum',
    'bias',
    'lambd',
    'ratio',
    'scale',
    'seed',
    'mean',
    'high',
    'low',
    'min',
    'max',
    'spatial_scale',
    'extrapolation_value',
    'cubic_coeff_a',
    'clip',
    'value_float',
  ],
  FLOATS: ['scales', 'activation_alpha', 'activation_beta', 'value_floats'],
  STRING: [
    'auto_pad',
    'mode',
    'approximate',
    'direction',
    'coordinate_transformation_mode',
    'nearest_mode',
    'reduction',
    'equation',
    'keep_aspect_ratio_policy',
    'value_string',
  ],
  TENSOR: ['value'],
};

const KIND_OF = new Map<string, AttributeKind>(
  (Object.entries(KINDS) as [AttributeKind, readonly string[]][]).flatMap(([kind, names]) =>
    names.map((n) => [n, kind] as const),
  ),
);

/**
 * The type a standard ONNX operator (domain '' or 'ai.onnx') declares for an attribute name,
 * from the operator docs; undefined for custom domains and names the exporter does not know.
 */
export function declaredAttributeKind(
  domain: string | undefined,
  name: string,
): AttributeKind | undefined {
  if (domain !== undefined && domain !== '' && domain !== 'ai.onnx') return undefined;
  return KIND_OF.get(name);
}

/** A converter wrote an attribute whose value does not fit its ONNX type. */
export class OnnxAttributeError extends OnnxExportError {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxAttributeError';
  }
}

const isNumberArray = (v: unknown): v is number[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'number');

/**
 * Settles the ONNX type of an attribute written by a converter, or throws
 * {@link OnnxAttributeError}: a plain number (array) for an INT(S) attribute must be integral,
 * a typed value must agree with the type the operator declares.
 */
export function typeAttribute(
  opType: string,
  domain: string | undefined,
  name: string,
  value: AttributeValue,
): TypedAttribute {
  const declared = declaredAttributeKind(domain, name);
  const where = `attribute "${name}" of ${opType}`;
  const fail = (accepted: string, hint = ''): never => {
    throw new OnnxAttributeError(
      `${where} must be ${accepted}; received ${describeValue(value)}.${hint} ` +
        `See the @bnkit/onnx README.md#converter-attributes.`,
    );
  };
  const integral = (v: number[]) => v.every((x) => Number.isSafeInteger(x));
  let typed: TypedAttribute;
  if (typeof value === 'number') {
    if (declared === 'INT') {
      if (!Number.isSafeInteger(value)) fail('an integer (ONNX declares it INT)');
      typed = { kind: 'INT', value };
    } else typed = { kind: 'FLOAT', value };
  } else if (typeof value === 'string') {
    typed = { kind: 'STRING', value };
  } else if (Array.isArray(value)) {
    if (!isNumberArray(value)) fail('an array of numbers');
    if (declared === 'INTS') {
      if (!integral(value)) {
        fail(
          'an array of integers (ONNX declares it INTS)',
          ' Non-integral values cannot be written as INTS; round them or write { ints: [...] }.',
        );
      }
      typed = { kind: 'INTS', value: [...value] };
    } else typed = { kind: 'FLOATS', value: [...value] };
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const key = keys[0];
    if (keys.length !== 1) {
      fail(
        'a number, number[], string or one of { int }, { ints }, { float }, { floats }, { string }, { tensor }',
      );
    }
    const inner = (value as Record<string, unknown>)[key as string];
    if (key === 'int') {
      if (typeof inner !== 'number' || !Number.isSafeInteger(inner)) fail('{ int: <integer> }');
      typed = { kind: 'INT', value: inner as number };
    } else if (key === 'ints') {
      if (!isNumberArray(inner) || !integral(inner)) fail('{ ints: <array of integers> }');
      typed = { kind: 'INTS', value: [...(inner as number[])] };
    } else if (key === 'float') {
      if (typeof inner !== 'number') fail('{ float: <number> }');
      typed = { kind: 'FLOAT', value: inner as number };
    } else if (key === 'floats') {
      if (!isNumberArray(inner)) fail('{ floats: <array of numbers> }');
      typed = { kind: 'FLOATS', value: [...(inner as number[])] };
    } else if (key === 'string') {
      if (typeof inner !== 'string') fail('{ string: <string> }');
      typed = { kind: 'STRING', value: inner as string };
    } else if (key === 'tensor') {
      const t = inner as Partial<TensorAttribute> | null;
      const count = Array.isArray(t?.dims) ? t.dims.reduce((a, b) => a * b, 1) : -1;
      if (
        !t ||
        !isNumberArray(t.dims) ||
        !integral(t.dims) ||
        typeof t.values !== 'object' ||
        t.values === null ||
        t.values.length !== count ||
        (t.dataType !== undefined && !['float32', 'int32', 'int64'].includes(t.dataType))
      ) {
        fail(
          "{ tensor: { dims: number[], values: (product of dims) numbers, dataType?: 'float32' | 'int32' | 'int64' } }",
        );
      }
      typed = { kind: 'TENSOR', value: t as TensorAttribute };
    } else {
      return fail('one of { int }, { ints }, { float }, { floats }, { string }, { tensor }');
    }
  } else {
    return fail('a number, number[], string or a typed attribute');
  }
  if (declared !== undefined && typed.kind !== declared) {
    fail(`of ONNX type ${declared}`, ` The typed form says ${typed.kind}.`);
  }
  return typed;
}
