import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-node';
import { decodeModelProto } from '../src/onnx-proto.js';

// Quiet tfjs's "install tfjs-node" banner in test output.
tf.env().set('IS_TEST', true);

/** Gives every BN-like layer non-trivial statistics and affine parameters (seeded). */
export function randomizeBatchNorms(model: tfl.LayersModel, seed = 7): void {
  let s = seed;
  for (const layer of model.layers) {
    if (!/BatchNormalization$/.test(layer.getClassName())) continue;
    const weights = layer.weights.map((w) => {
      const name = w.originalName;
      const shape = w.shape as number[];
      s += 1;
      if (/variance/.test(name)) return tf.randomUniform(shape, 0.3, 2.5, 'float32', s);
      if (/gamma/.test(name)) return tf.randomUniform(shape, 0.5, 1.5, 'float32', s);
      return tf.randomNormal(shape, 0, 0.7, 'float32', s);
    });
    layer.setWeights(weights);
  }
}

/** Runs ONNX bytes on onnxruntime CPU and returns the outputs in graph order. */
export async function runOnnx(
  bytes: Uint8Array,
  inputs: tf.Tensor[],
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all' = 'all',
): Promise<{ data: Float32Array; dims: number[] }[]> {
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel,
  });
  const feeds: Record<string, ort.Tensor> = {};
  session.inputNames.forEach((name, i) => {
    const t = inputs[i] as tf.Tensor;
    feeds[name] =
      t.dtype === 'int32'
        ? new ort.Tensor('int32', t.dataSync() as Int32Array, t.shape)
        : new ort.Tensor('float32', t.dataSync() as Float32Array, t.shape);
  });
  const out = await session.run(feeds);
  const result = session.outputNames.map((n) => ({
    data: Float32Array.from((out[n] as ort.Tensor).data as Float32Array),
    dims: (out[n] as ort.Tensor).dims.map(Number),
  }));
  await session.release();
  return result;
}

/** tfjs predict as flat arrays, one per output. */
export function predictTfjs(
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
): { data: Float32Array; dims: number[] }[] {
  const y = model.predict(inputs.length === 1 ? (inputs[0] as tf.Tensor) : inputs);
  const list = Array.isArray(y) ? y : [y];
  const result = list.map((t) => ({ data: t.dataSync() as Float32Array, dims: t.shape }));
  tf.dispose(list);
  return result;
}

/** Asserts elementwise |a - b| <= atol + rtol |b| (numpy allclose) and returns max |a - b|. */
export function expectClose(
  actual: { data: Float32Array; dims: number[] },
  expected: { data: Float32Array; dims: number[] },
  rtol = 1e-3,
  atol = 1e-5,
): number {
  expect(actual.dims).toEqual(expected.dims);
  let worst = 0;
  let bad = 0;
  for (let i = 0; i < expected.data.length; i++) {
    const a = actual.data[i] as number;
    const b = expected.data[i] as number;
    const d = Math.abs(a - b);
    if (!(d <= atol + rtol * Math.abs(b))) bad++;
    if (!(d <= worst)) worst = d;
  }
  expect({ mismatched: bad, worst }).toEqual({ mismatched: 0, worst });
  return worst;
}

/** Runs tfjs and onnxruntime on seeded N(0, 1) inputs of each batch size and compares. */
export async function expectParity(
  model: tfl.LayersModel,
  bytes: Uint8Array,
  options: { batchSizes?: number[]; rtol?: number; atol?: number; level?: 'disabled' | 'all' } = {},
): Promise<number> {
  let worst = 0;
  for (const [k, batch] of (options.batchSizes ?? [1, 7]).entries()) {
    const inputs = model.inputs.map((t, i) =>
      tf.randomNormal(
        [batch, ...t.shape.slice(1).map((d) => d as number)],
        0,
        1,
        'float32',
        100 + k * 10 + i,
      ),
    );
    const ours = await runOnnx(bytes, inputs, options.level ?? 'all');
    const ref = predictTfjs(model, inputs);
    ref.forEach((r, j) => {
      worst = Math.max(
        worst,
        expectClose(
          ours[j] as { data: Float32Array; dims: number[] },
          r,
          options.rtol,
          options.atol,
        ),
      );
    });
    tf.dispose(inputs);
  }
  return worst;
}

/** Op types of the graph's nodes, in order. */
export function opTypes(bytes: Uint8Array): string[] {
  return (decodeModelProto(bytes).graph?.node ?? []).map((n) => n.op_type);
}

/** The reference model: Dense64-relu -> BN -> Dense64-relu -> BN -> Dense1-sigmoid. */
export function referenceModel(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 64, activation: 'relu', inputShape: [20] }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 64, activation: 'relu' }),
      tfl.layers.batchNormalization(),
      tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
}
