import type * as tfl from '@tensorflow/tfjs-layers';
import {
  foldAffineIntoNextDense,
  foldAffineIntoPrevious,
  isBatchNormLayer,
  planBatchNormFolds,
  readLayerWeights,
  traceModelGraph,
} from '@bnkit/core';
import type { GraphCall } from '@bnkit/core';
import { TRAINING_ONLY_LAYERS } from '../converters/builtin-converters.js';
import type { LayerLike, LayerWeight } from '../converters/converter-types.js';

/** One call of one layer in the model (a layer shared by several calls gives several steps). */
export interface LayerStep {
  call: GraphCall;
  layer: LayerLike;
  name: string;
  className: string;
  /** The layer's config, adjusted by BN folding for this call. */
  config: Record<string, unknown>;
  /** The layer's weights, copied for this call and adjusted by BN folding. */
  weights: LayerWeight[];
  inputKeys: number[];
  outputKeys: number[];
  inputShapes: (number | null)[][];
  outputShapes: (number | null)[][];
  /** Set when the step is removed (training-only layer or folded BN). */
  removed?: string;
}

/** How one BatchNormalization was exported. */
export interface BatchNormDecision {
  layer: string;
  mode: 'folded-into-previous' | 'folded-into-next' | 'op' | 'affine';
  /** The Dense/Conv layer it was folded into. */
  into?: string;
}

/**
 * The calls of a LayersModel in topological order (traced by @bnkit/core, so a layer applied
 * to its own output or shared by several branches is one step per call), with tensor aliases
 * for the steps the export removes.
 */
export class LayerSteps {
  readonly steps: LayerStep[] = [];
  readonly inputKeys: number[];
  readonly outputKeys: number[];
  private readonly alias = new Map<number, number>();
  private readonly byCall = new Map<GraphCall, LayerStep>();
  private readonly graph: ReturnType<typeof traceModelGraph>;

  constructor(model: { inputs: tfl.SymbolicTensor[]; outputs: tfl.SymbolicTensor[] }) {
    this.graph = traceModelGraph(model);
    this.inputKeys = this.graph.inputIds;
    this.outputKeys = this.graph.outputIds;
    const weightsOf = new Map<unknown, LayerWeight[]>();
    for (const call of this.graph.calls) {
      const layer = call.layer;
      let weights = weightsOf.get(layer);
      if (weights === undefined) {
        weights = readLayerWeights(layer);
        weightsOf.set(layer, weights);
      }
      const step: LayerStep = {
        call,
        layer,
        name: layer.name,
        className: layer.getClassName(),
        config: { ...(layer.getConfig() as Record<string, unknown>) },
        weights: weights.map((w) => ({
          ...w,
          shape: [...w.shape],
          values: Float32Array.from(w.values),
        })),
        inputKeys: call.inputs.map((t) => t.id),
        outputKeys: call.outputs.map((t) => t.id),
        inputShapes: call.inputs.map((t) => t.shape),
        outputShapes: call.outputs.map((t) => t.shape),
      };
      this.steps.push(step);
      this.byCall.set(call, step);
    }
  }

  /** The key a tensor stands for after removals. */
  resolve(key: number): number {
    let k = key;
    for (let next = this.alias.get(k); next !== undefined; next = this.alias.get(k)) k = next;
    return k;
  }

  /** Removes a single-input single-output step: its output becomes its input. */
  private bypass(step: LayerStep, why: string): void {
    step.removed = why;
    this.alias.set(step.outputKeys[0] as number, step.inputKeys[0] as number);
  }

  private isTrainingOnly(step: LayerStep): boolean {
    return (
      TRAINING_ONLY_LAYERS.has(step.className) &&
      step.inputKeys.length === 1 &&
      step.outputKeys.length === 1
    );
  }

  /** Drops Dropout and the other training-only layers. */
  removeTrainingOnly(): void {
    for (const step of this.steps) {
      if (this.isTrainingOnly(step)) {
        this.bypass(step, 'training-only layer, identity at inference');
      }
    }
  }

  /**
   * Folds every BN it can (the decisions and the algebra are @bnkit/core's, shared with
   * `foldBatchNorm` of @bnkit/layers): backward into a Dense/Conv with a linear activation,
   * else forward into the Dense that alone consumes it. Shared layers fold per call, as every
   * call gets its own initializers. Returns one decision per BN step; a BN that does not fold
   * is exported as `'affine'` (Mul + Add); in modes 'op' and 'affine' nothing folds.
   */
  foldBatchNorms(mode: 'fold' | 'op' | 'affine'): BatchNormDecision[] {
    if (mode !== 'fold') {
      return this.steps
        .filter((s) => !s.removed && isBatchNormLayer(s.className, s.weights))
        .map((s) => ({ layer: s.name, mode }));
    }
    const stepOf = (call: GraphCall) => this.byCall.get(call) as LayerStep;
    const plan = planBatchNormFolds(this.graph, {
      sharedLayers: 'per-call',
      transparent: (call) => this.isTrainingOnly(stepOf(call)),
      describe: (call) => {
        const s = stepOf(call);
        return { className: s.className, config: s.config, weights: s.weights };
      },
    });
    return plan.map((decision): BatchNormDecision => {
      const bn = stepOf(decision.bn);
      if (decision.fold === 'kept') return { layer: bn.name, mode: 'affine' };
      const target = stepOf(decision.target);
      const { scale, shift } = decision.params;
      const folded =
        decision.fold === 'into-previous'
          ? foldAffineIntoPrevious(
              target.name,
              target.className,
              target.weights,
              target.config,
              scale,
              shift,
            )
          : foldAffineIntoNextDense(target.name, target.weights, target.config, scale, shift);
      target.weights = folded.weights;
      target.config = folded.config;
      this.bypass(bn, `folded into ${target.name}`);
      return {
        layer: bn.name,
        mode: decision.fold === 'into-previous' ? 'folded-into-previous' : 'folded-into-next',
        into: target.name,
      };
    });
  }
}
