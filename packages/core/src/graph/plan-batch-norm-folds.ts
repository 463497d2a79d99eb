import type * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormParams } from './batch-norm-params.js';
import { isBatchNormLayer, readBatchNormParams } from './batch-norm-params.js';
import { foldTargetChannelAxis } from './fold-batch-norm-algebra.js';
import { readLayerWeights } from './layer-weights.js';
import type { LayerWeightValues } from './layer-weights.js';
import type { GraphCall, ModelGraph } from './trace-model-graph.js';

/** One BN call and what folding decided for it. */
export type BatchNormFoldDecision =
  | {
      bn: GraphCall;
      /** Folded backward into the Dense/Conv call that produces its input. */
      fold: 'into-previous';
      target: GraphCall;
      params: BatchNormParams;
    }
  | {
      bn: GraphCall;
      /** Folded forward into the Dense call that alone consumes its output. */
      fold: 'into-next';
      target: GraphCall;
      params: BatchNormParams;
    }
  | {
      bn: GraphCall;
      fold: 'kept';
      /** Why it stays a BN. */
      reason: string;
      /** Absent when the parameters could not be read. */
      params?: BatchNormParams;
    };

/** Options of {@link planBatchNormFolds}. */
export interface PlanBatchNormFoldsOptions {
  /**
   * `'per-call'`: a BN or target layer called several times (a shared layer) folds call by
   * call, for consumers that give every call its own weights (the ONNX exporter).
   * `'never'` (default): shared layers never fold, as a rebuilt model shares weights per layer.
   */
  sharedLayers?: 'per-call' | 'never';
  /**
   * Calls that are the identity at inference (Dropout and other training-only layers) and are
   * seen through: `Dense → Dropout → BN` folds. Default: none.
   */
  transparent?: (call: GraphCall) => boolean;
  /** A call's class name, config and weights. Default: read from the layer. */
  describe?: (call: GraphCall) => {
    className: string;
    config: Record<string, unknown>;
    weights: readonly LayerWeightValues[];
  };
}

/**
 * Decides which BatchNormalization calls of a traced model fold, one decision per BN call in
 * graph order: backward into the producing Dense/Conv1D/Conv2D/DepthwiseConv2D/
 * SeparableConv2D when its activation is linear and its channel axis is the BN axis, else
 * forward into a following Dense when the BN normalizes the last axis. A fold needs the tensor
 * between the two calls to have no other use (not even as a model output). The caller applies
 * the folds in order with {@link foldAffineIntoPrevious} / {@link foldAffineIntoNextDense}
 * (a later fold into the same target composes with an earlier one).
 *
 * @example
 * const plan = planBatchNormFolds(traceModelGraph(model));
 * plan.filter((d) => d.fold !== 'kept').length; // how many BNs fold
 */
export function planBatchNormFolds(
  graph: ModelGraph,
  options: PlanBatchNormFoldsOptions = {},
): BatchNormFoldDecision[] {
  const perCall = options.sharedLayers === 'per-call';
  const transparent = options.transparent ?? (() => false);
  const describe =
    options.describe ??
    ((call: GraphCall) => ({
      className: call.layer.getClassName(),
      config: call.layer.getConfig() as Record<string, unknown>,
      weights: readLayerWeights(call.layer),
    }));
  const removed = new Set<GraphCall>();
  const alias = new Map<number, number>();
  const resolve = (id: number): number => {
    let k = id;
    for (let next = alias.get(k); next !== undefined; next = alias.get(k)) k = next;
    return k;
  };
  for (const call of graph.calls) {
    if (transparent(call) && call.inputs.length === 1 && call.outputs.length === 1) {
      removed.add(call);
      alias.set(
        (call.outputs[0] as tfl.SymbolicTensor).id,
        (call.inputs[0] as tfl.SymbolicTensor).id,
      );
    }
  }
  const outputIds = () => graph.outputIds.map(resolve);
  const consumersOf = (id: number): GraphCall[] => {
    const k = resolve(id);
    const found: GraphCall[] = [];
    for (const call of graph.calls) {
      if (removed.has(call)) continue;
      for (const input of call.inputs) if (resolve(input.id) === k) found.push(call);
    }
    return found;
  };
  const usedOnce = (id: number): boolean => {
    const k = resolve(id);
    return consumersOf(k).length === 1 && !outputIds().includes(k);
  };
  const producerOf = (id: number): GraphCall | undefined => {
    const call = graph.producer.get(resolve(id));
    return call !== undefined && !removed.has(call) ? call : undefined;
  };
  const single = (call: GraphCall) => perCall || graph.callCount.get(call.layer) === 1;

  const decisions: BatchNormFoldDecision[] = [];
  for (const call of graph.calls) {
    if (removed.has(call)) continue;
    const info = describe(call);
    if (!isBatchNormLayer(info.className, info.weights)) continue;
    const input = call.inputs[0];
    const output = call.outputs[0];
    if (call.inputs.length !== 1 || call.outputs.length !== 1 || !input || !output) {
      decisions.push({ bn: call, fold: 'kept', reason: 'it is called on several tensors' });
      continue;
    }
    let params: BatchNormParams;
    try {
      params = readBatchNormParams({
        name: call.layer.name,
        config: info.config,
        weights: info.weights,
        inputShape: input.shape,
      });
    } catch (error) {
      decisions.push({ bn: call, fold: 'kept', reason: (error as Error).message });
      continue;
    }
    if (!single(call)) {
      decisions.push({ bn: call, fold: 'kept', reason: 'the layer is shared', params });
      continue;
    }
    const prev = producerOf(input.id);
    if (prev !== undefined && prev.outputs.length === 1 && single(prev) && usedOnce(input.id)) {
      const p = describe(prev);
      if (foldTargetChannelAxis(p.className, p.config, params.rank) === params.axis) {
        removed.add(call);
        alias.set(output.id, resolve(input.id));
        decisions.push({ bn: call, fold: 'into-previous', target: prev, params });
        continue;
      }
    }
    const next = usedOnce(output.id) ? consumersOf(output.id)[0] : undefined;
    if (
      next !== undefined &&
      next.inputs.length === 1 &&
      single(next) &&
      next.layer.getClassName() === 'Dense' &&
      params.axis === params.rank - 1
    ) {
      removed.add(call);
      alias.set(output.id, resolve(input.id));
      decisions.push({ bn: call, fold: 'into-next', target: next, params });
      continue;
    }
    decisions.push({
      bn: call,
      fold: 'kept',
      reason: 'no linear Dense/Conv before it and no Dense alone after it',
      params,
    });
  }
  return decisions;
}
