import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { traceModelGraph, weightBySuffix } from '@bnkit/core';

type Layer = tfl.layers.Layer;

/** A layer tfjs-layers itself computes wrongly, found by verifyOnnx. */
export interface TfjsKnownBug {
  /** The layer's name. */
  layer: string;
  className: string;
  /** The layer's axis, as configured. */
  axis: number;
  /** What tfjs gets wrong, and what verifyOnnx compares against instead. */
  note: string;
}

const NON_LAST_AXIS_BN =
  "tfjs-layers' own BatchNormalization over a non-last axis computes wrong outputs on the cpu and wasm backends " +
  '(see @bnkit/layers, whose BatchNormalization is correct for any axis); verifyOnnx compares the export ' +
  'against a correct evaluation of this layer instead of tfjs predict';

let tfjsBatchNormClass: (abstract new (...args: never[]) => Layer) | undefined;

/** tfjs-layers' own BatchNormalization class (not bnkit's, nor another subclass of Layer). */
function isTfjsLayersBatchNorm(layer: Layer): boolean {
  tfjsBatchNormClass ??= tfl.layers.batchNormalization({}).constructor as abstract new (
    ...args: never[]
  ) => Layer;
  return layer instanceof tfjsBatchNormClass && layer.getClassName() === 'BatchNormalization';
}

/** The channel axis (non-negative) of a BN layer for its input rank, or undefined. */
function channelAxis(layer: Layer, rank: number): number | undefined {
  const axis = (layer.getConfig() as { axis?: unknown }).axis;
  const value = Array.isArray(axis) && axis.length === 1 ? axis[0] : axis;
  if (typeof value !== 'number' || !Number.isInteger(value)) return undefined;
  return value < 0 ? value + rank : value;
}

/**
 * The layers of a model that tfjs-layers computes wrongly (today: tfjs-layers' own
 * BatchNormalization whose axis is not the last), each once.
 */
export function findTfjsKnownBugs(model: tfl.LayersModel): { layer: Layer; bug: TfjsKnownBug }[] {
  const found: { layer: Layer; bug: TfjsKnownBug }[] = [];
  for (const layer of model.layers) {
    if (!isTfjsLayersBatchNorm(layer)) continue;
    const rank = (layer.inboundNodes[0]?.inputShapes as (number | null)[] | undefined)?.length;
    if (rank === undefined) continue;
    const axis = channelAxis(layer, rank);
    if (axis === undefined || axis === rank - 1) continue;
    found.push({
      layer,
      bug: {
        layer: layer.name,
        className: layer.getClassName(),
        axis: (layer.getConfig() as { axis: number }).axis,
        note: NON_LAST_AXIS_BN,
      },
    });
  }
  return found;
}

/** Inference BN along `axis` with broadcasting ops: correct for any axis, on any backend. */
function correctBatchNorm(layer: Layer, x: tf.Tensor): tf.Tensor {
  const config = layer.getConfig() as { epsilon?: number };
  const axis = channelAxis(layer, x.rank) as number;
  // originalName is the weight's name before tfjs makes it unique (`bn/gamma`, not `bn/gamma_1`).
  const named = layer.weights.map((w) => ({ name: w.originalName, variable: w }));
  const read = (suffix: string) => weightBySuffix(named, suffix)?.variable.read();
  const mean = read('moving_mean');
  const variance = read('moving_variance');
  if (!mean || !variance) throw new Error(`${layer.name} has no moving statistics`);
  const gamma = read('gamma');
  const beta = read('beta');
  const shape = x.shape.map((d, i) => (i === axis ? d : 1));
  let scale = tf.rsqrt(tf.add(variance, config.epsilon ?? 1e-3));
  if (gamma) scale = tf.mul(scale, gamma);
  let y = tf.mul(tf.sub(x, tf.reshape(mean, shape)), tf.reshape(scale, shape));
  if (beta) y = tf.add(y, tf.reshape(beta, shape));
  return y;
}

/**
 * Evaluates a model call by call as tfjs predict does (inference), but with the layers of
 * `fixed` computed correctly. Returns the model outputs and the output of every layer called
 * once, by layer name. The caller disposes them.
 *
 * @example
 * const { outputs } = correctedPredict(model, [x], new Set(findTfjsKnownBugs(model).map((b) => b.layer)));
 */
export function correctedPredict(
  model: tfl.LayersModel,
  inputs: tf.Tensor[],
  fixed: ReadonlySet<Layer>,
): { outputs: tf.Tensor[]; layers: Record<string, tf.Tensor> } {
  return tf.tidy(() => {
    const graph = traceModelGraph(model);
    const values = new Map<number, tf.Tensor>();
    model.inputs.forEach((t, i) => values.set(t.id, inputs[i] as tf.Tensor));
    const layers: Record<string, tf.Tensor> = {};
    for (const call of graph.calls) {
      const xs = call.inputs.map((t) => {
        const v = values.get(t.id);
        if (v === undefined) throw new Error(`no value for ${t.name}`);
        return v;
      });
      const ys = fixed.has(call.layer)
        ? [correctBatchNorm(call.layer, xs[0] as tf.Tensor)]
        : [call.layer.apply(xs.length === 1 ? (xs[0] as tf.Tensor) : xs, { training: false })]
            .flat()
            .map((y) => y as tf.Tensor);
      call.outputs.forEach((t, k) => {
        if (t !== undefined && ys[k] !== undefined) values.set(t.id, ys[k]);
      });
      if (graph.callCount.get(call.layer) === 1 && ys.length === 1) {
        layers[call.layer.name] = ys[0] as tf.Tensor;
      }
    }
    const outputs = model.outputs.map((t) => {
      const v = values.get(t.id);
      if (v === undefined) throw new Error(`no value for output ${t.name}`);
      return v;
    });
    return { outputs, layers };
  });
}
