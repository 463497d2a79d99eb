import type * as tf from '@tensorflow/tfjs-core';
import { activationName } from './activations.js';
import { batchNormParams, isBatchNormLayer } from './batch-norm.js';
import { TRAINING_ONLY_LAYERS } from './builtin-converters.js';
import type { LayerLike, LayerWeight } from './converter-types.js';

/** One call of one layer in the model (a layer shared by several calls gives several steps). */
export interface LayerStep {
  layer: LayerLike;
  name: string;
  className: string;
  config: Record<string, unknown>;
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

interface SymbolicLike {
  id: number;
  name: string;
  shape: (number | null)[];
}

interface NodeLike {
  inputTensors: SymbolicLike[];
  outputTensors: SymbolicLike[];
}

interface LayerInternals extends LayerLike {
  inboundNodes: NodeLike[];
  weights: { originalName?: string; name: string; shape: number[] }[];
  getWeights(): tf.Tensor[];
}

/** The layer graph of a LayersModel, in topological order, with tensor aliases. */
export class LayerGraph {
  readonly steps: LayerStep[] = [];
  readonly inputKeys: number[];
  readonly inputShapes: (number | null)[][];
  readonly outputKeys: number[];
  readonly outputShapes: (number | null)[][];
  private readonly alias = new Map<number, number>();

  constructor(model: { inputs: SymbolicLike[]; outputs: SymbolicLike[]; layers: unknown[] }) {
    this.inputKeys = model.inputs.map((t) => t.id);
    this.inputShapes = model.inputs.map((t) => t.shape);
    this.outputKeys = model.outputs.map((t) => t.id);
    this.outputShapes = model.outputs.map((t) => t.shape);
    const known = new Set(this.inputKeys);
    for (const raw of model.layers) {
      const layer = raw as LayerInternals;
      const className = layer.getClassName();
      if (className === 'InputLayer') continue;
      const nodes = (layer.inboundNodes ?? []).filter(
        (n) => n.inputTensors.length > 0 && n.inputTensors.every((t) => known.has(t.id)),
      );
      if (nodes.length === 0) continue;
      const values = layer.getWeights();
      const weights = layer.weights.map((w, i) => ({
        name: w.originalName ?? w.name,
        shape: [...w.shape],
        values: Float32Array.from((values[i] as tf.Tensor).dataSync()),
      }));
      for (const node of nodes) {
        for (const t of node.outputTensors) known.add(t.id);
        this.steps.push({
          layer,
          name: layer.name,
          className,
          config: { ...(layer.getConfig() as Record<string, unknown>) },
          weights: weights.map((w) => ({ ...w, values: Float32Array.from(w.values) })),
          inputKeys: node.inputTensors.map((t) => t.id),
          outputKeys: node.outputTensors.map((t) => t.id),
          inputShapes: node.inputTensors.map((t) => t.shape),
          outputShapes: node.outputTensors.map((t) => t.shape),
        });
      }
    }
  }

  /** The key a tensor stands for after removals. */
  resolve(key: number): number {
    let k = key;
    for (let next = this.alias.get(k); next !== undefined; next = this.alias.get(k)) k = next;
    return k;
  }

  /** Removes a single-input single-output step: its output becomes its input. */
  bypass(step: LayerStep, why: string): void {
    step.removed = why;
    const out = step.outputKeys[0] as number;
    this.alias.set(out, step.inputKeys[0] as number);
  }

  private consumers(key: number): LayerStep[] {
    const k = this.resolve(key);
    return this.steps.filter((s) => !s.removed && s.inputKeys.some((i) => this.resolve(i) === k));
  }

  private producer(key: number): LayerStep | undefined {
    const k = this.resolve(key);
    return this.steps.find((s) => !s.removed && s.outputKeys.some((o) => o === k));
  }

  private isModelOutput(key: number): boolean {
    const k = this.resolve(key);
    return this.outputKeys.some((o) => this.resolve(o) === k);
  }

  /** Drops Dropout and the other training-only layers. */
  removeTrainingOnly(): void {
    for (const step of this.steps) {
      if (TRAINING_ONLY_LAYERS.has(step.className) && step.inputKeys.length === 1) {
        this.bypass(step, 'training-only layer, identity at inference');
      }
    }
  }

  /**
   * Folds every BN it can into a neighbouring Dense (backward into a Dense with no activation,
   * else forward into the Dense that alone consumes it). Returns one decision per BN step;
   * BN steps that cannot be folded get `fallback`.
   */
  foldBatchNorms(mode: 'fold' | 'op' | 'affine'): BatchNormDecision[] {
    const decisions: BatchNormDecision[] = [];
    for (const step of this.steps) {
      if (step.removed || !isBatchNormLayer(step.className, step.weights)) continue;
      if (mode !== 'fold') {
        decisions.push({ layer: step.name, mode });
        continue;
      }
      let p: ReturnType<typeof batchNormParams>;
      try {
        p = batchNormParams(step);
      } catch {
        decisions.push({ layer: step.name, mode: 'affine' }); // the converter reports the problem
        continue;
      }
      const input = step.inputKeys[0] as number;
      const output = step.outputKeys[0] as number;
      const lastAxis = p.axis === p.rank - 1;
      const prev = this.producer(input);
      if (
        lastAxis &&
        prev &&
        prev.className in FOLD_TARGETS &&
        activationName(prev.config['activation']) === 'linear' &&
        this.consumers(input).length === 1 &&
        !this.isModelOutput(input)
      ) {
        foldIntoPrevious(prev, p.scale, p.shift);
        this.bypass(step, `folded into ${prev.name}`);
        decisions.push({ layer: step.name, mode: 'folded-into-previous', into: prev.name });
        continue;
      }
      const next = this.consumers(output);
      const only = next[0];
      if (
        lastAxis &&
        next.length === 1 &&
        only &&
        only.className === 'Dense' &&
        only.inputKeys.length === 1 &&
        !this.isModelOutput(output)
      ) {
        foldIntoNext(only, p.scale, p.shift);
        this.bypass(step, `folded into ${only.name}`);
        decisions.push({ layer: step.name, mode: 'folded-into-next', into: only.name });
        continue;
      }
      decisions.push({ layer: step.name, mode: 'affine' });
    }
    return decisions;
  }
}

function weightBySuffix(step: LayerStep, suffix: string): LayerWeight | undefined {
  return step.weights.find((w) => w.name === suffix || w.name.endsWith(`/${suffix}`));
}

/** Layers a following BN folds into, and the weight whose output channels it scales. */
const FOLD_TARGETS: Record<string, string> = {
  Dense: 'kernel',
  Conv1D: 'kernel',
  Conv2D: 'kernel',
  DepthwiseConv2D: 'depthwise_kernel',
  SeparableConv2D: 'pointwise_kernel',
};

function biasOf(step: LayerStep, channels: number): LayerWeight {
  let bias = step.config['useBias'] === false ? undefined : weightBySuffix(step, 'bias');
  if (!bias) {
    bias = { name: `${step.name}/bias`, shape: [channels], values: new Float32Array(channels) };
    step.weights = step.weights.filter((w) => !w.name.endsWith('/bias'));
    step.weights.push(bias);
    step.config = { ...step.config, useBias: true };
  }
  return bias;
}

/**
 * Dense/Conv then BN: the output channel c (the fastest-varying index of the kernel, over the
 * last one or, for depthwise kernels [k.., in, mult], the last two dims) is scaled by s[c], and
 * b' = b s + t.
 */
function foldIntoPrevious(step: LayerStep, scale: Float64Array, shift: Float64Array): void {
  const kernel = weightBySuffix(step, FOLD_TARGETS[step.className] as string);
  if (!kernel) throw new Error(`${step.name} has no ${FOLD_TARGETS[step.className]} weight`);
  const channels = scale.length;
  const w = Float64Array.from(kernel.values);
  for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * (scale[i % channels] as number);
  kernel.values = Float32Array.from(w);
  const bias = biasOf(step, channels);
  bias.values = Float32Array.from(
    bias.values,
    (b, j) => b * (scale[j] as number) + (shift[j] as number),
  );
}

/** BN then Dense: W' = diag(s) W, b' = b + t W. */
function foldIntoNext(step: LayerStep, scale: Float64Array, shift: Float64Array): void {
  const kernel = weightBySuffix(step, 'kernel');
  if (!kernel) throw new Error(`Dense layer ${step.name} has no kernel weight`);
  const [rows, cols] = kernel.shape as [number, number];
  const bias = biasOf(step, cols);
  const w = Float64Array.from(kernel.values);
  const b = Float64Array.from(bias.values);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const wij = w[i * cols + j] as number;
      b[j] = (b[j] as number) + (shift[i] as number) * wij;
      w[i * cols + j] = wij * (scale[i] as number);
    }
  }
  kernel.values = Float32Array.from(w);
  bias.values = Float32Array.from(b);
}
