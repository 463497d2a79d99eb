import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { expectParity } from '../../test/helpers.js';
import { registerLayerConverter, unregisterLayerConverter } from '../converters/registry.js';
import type { LayerConverter } from '../converters/converter-types.js';
import { exportOnnx } from '../export-onnx.js';
import { decodeModelProto } from '../onnx-proto.js';
import { OnnxAttributeError, typeAttribute } from './attributes.js';

/** Mean over the last axis, keeping it: a layer only a registered converter knows. */
class RowMean extends tfl.layers.Layer {
  static className = 'AttributesTestRowMean';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.mean(Array.isArray(inputs) ? inputs[0]! : inputs, -1, true);
  }
  override computeOutputShape(shape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const s = shape as tfl.Shape;
    return [...s.slice(0, -1), 1];
  }
}
tf.serialization.registerClass(RowMean);

const model = () =>
  tfl.sequential({ layers: [tfl.layers.dense({ units: 4, inputShape: [3] }), new RowMean({})] });

/** A converter that writes ReduceMean's `axes` as the plain array `axes` (opset 17: an attribute). */
const rowMean = (axes: number[]): LayerConverter => ({
  maxOpset: 17,
  convert: (ctx) =>
    ctx.graph.addNode('ReduceMean', [ctx.inputs[0]!], {
      name: `${ctx.name}/ReduceMean`,
      attributes: { axes, keepdims: 1 },
    }),
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterEach(() => {
  unregisterLayerConverter('AttributesTestRowMean');
});

describe('converter attributes', () => {
  it('writes an integral plain array for an INTS attribute as INTS (onnxruntime accepts it)', async () => {
    registerLayerConverter('AttributesTestRowMean', rowMean([1]));
    const m = model();
    const { bytes } = await exportOnnx(m);
    const node = decodeModelProto(bytes).graph!.node.find((n) => n.op_type === 'ReduceMean')!;
    const attrs = Object.fromEntries(node.attribute.map((a) => [a.name, a]));
    expect(attrs['axes']).toMatchObject({ type: 7, ints: [1] });
    expect(attrs['keepdims']).toMatchObject({ type: 2, i: 1 });
    await expectParity(m, bytes, { batchSizes: [3] });
  });

  it('refuses a non-integral array for an INTS attribute at export, naming layer, op and attribute', async () => {
    registerLayerConverter('AttributesTestRowMean', rowMean([1.5]));
    const promise = exportOnnx(model());
    await expect(promise).rejects.toThrow(OnnxAttributeError);
    await expect(exportOnnx(model())).rejects.toThrow(
      /AttributesTestRowMean\): attribute "axes" of ReduceMean must be an array of integers \(ONNX declares it INTS\); received \[1\.5\]\..*README\.md#converter-attributes/,
    );
  });

  it('types every form and refuses one that contradicts the operator', () => {
    expect(typeAttribute('Gemm', '', 'alpha', 2)).toEqual({ kind: 'FLOAT', value: 2 });
    expect(typeAttribute('Concat', '', 'axis', 1)).toEqual({ kind: 'INT', value: 1 });
    expect(typeAttribute('My', 'com.example', 'axes', [1])).toEqual({ kind: 'FLOATS', value: [1] });
    expect(typeAttribute('My', 'com.example', 'axes', { ints: [1] })).toEqual({
      kind: 'INTS',
      value: [1],
    });
    expect(typeAttribute('Gelu', '', 'approximate', { string: 'tanh' })).toEqual({
      kind: 'STRING',
      value: 'tanh',
    });
    expect(() => typeAttribute('Concat', '', 'axis', 0.5)).toThrow(
      /attribute "axis" of Concat must be an integer \(ONNX declares it INT\); received 0\.5/,
    );
    expect(() => typeAttribute('ReduceMean', '', 'axes', { floats: [1] })).toThrow(
      /must be of ONNX type INTS; received \{"floats":\[1\]\}\. The typed form says FLOATS/,
    );
    expect(() => typeAttribute('X', 'custom', 'k', { int: 1, ints: [1] } as never)).toThrow(
      OnnxAttributeError,
    );
    expect(() =>
      typeAttribute('Constant', '', 'value', { tensor: { dims: [2], values: [1] } }),
    ).toThrow(/attribute "value" of Constant must be \{ tensor:/);
  });

  it('writes a TENSOR attribute onnxruntime reads (Constant)', async () => {
    registerLayerConverter('AttributesTestRowMean', {
      convert(ctx) {
        const [c] = ctx.graph.addNode('Constant', [], {
          name: `${ctx.name}/half`,
          attributes: { value: { tensor: { dims: [], values: [0.25] } } },
        });
        const [sum] = ctx.graph.addNode(
          'ReduceSum',
          [ctx.inputs[0]!, ctx.graph.addInt64Initializer(`${ctx.name}/axes`, [1], [-1])],
          {
            name: `${ctx.name}/ReduceSum`,
            attributes: { keepdims: { int: 1 } },
          },
        );
        return ctx.graph.addNode('Mul', [sum!, c!], { name: `${ctx.name}/Mul` });
      },
    });
    const m = model();
    const { bytes } = await exportOnnx(m);
    await expectParity(m, bytes, { batchSizes: [2] });
  });
});
