import * as tf from '@tensorflow/tfjs-core';
import { ADAM_KERNEL, ensureAdamKernel } from './adam-kernel.js';
import type { AdamKernelAttrs } from './adam-kernel.js';
import { checkValue, number } from '@bnkit/core';
import { LayerArgumentError } from './errors.js';
import { checkLayerOptions } from './validate.js';

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

interface MomentVariable {
  originalName: string;
  variable: tf.Variable;
}

/** AdamOptimizer's private state, which this subclass shares so saved state stays compatible. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: MomentVariable[];
  accumulatedSecondMoment: MomentVariable[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/**
 * tfjs's `AdamOptimizer` with the whole update of every variable in one kernel on the cpu and wasm
 * backends, where tfjs runs 14 kernels per variable and each kernel's fixed cost dominates the
 * small tensors of dense networks. The results are bit-identical to `tf.train.adam`'s (same
 * float32 operations in the same order), and everything else is inherited: the class name
 * `'Adam'`, `getWeights`/`setWeights` (saved optimizer state is interchangeable), `getConfig`,
 * and a `learningRate` field that is read at every step, so learning-rate callbacks work. Other
 * backends run tfjs's own update.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((v) => ({ name: v.name, gradient: v.tensor as tf.Tensor | null }))
      : Object.keys(variableGradients).map((name) => ({
          name,
          gradient: variableGradients[name] as tf.Tensor | null,
        }));
    const registered = tf.engine().registeredVariables;
    const allFloat32 = entries.every(
      ({ name, gradient }) =>
        registered[name]?.dtype === 'float32' && (gradient == null || gradient.dtype === 'float32'),
    );
    if (!allFloat32 || !ensureAdamKernel()) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    tf.tidy(() => {
      const inputs: tf.NamedTensorMap = { accBeta1: state.accBeta1, accBeta2: state.accBeta2 };
      const updated: tf.Variable[] = [];
      entries.forEach(({ name, gradient }, i) => {
        const value = registered[name] as tf.Variable;
        // Moments are created on first sight of each variable, as tfjs does (same names, order).
        const first = (state.accumulatedFirstMoment[i] ??= moment(`${name}/m`, value));
        const second = (state.accumulatedSecondMoment[i] ??= moment(`${name}/v`, value));
        if (gradient == null) return;
        const k = updated.length / 3;
        inputs[`value${k}`] = value;
        inputs[`gradient${k}`] = gradient;
        inputs[`m${k}`] = first.variable;
        inputs[`v${k}`] = second.variable;
        updated.push(value, first.variable, second.variable);
      });
      const attrs: AdamKernelAttrs = {
        count: updated.length / 3,
        learningRate: state.learningRate,
        beta1: state.beta1,
        beta2: state.beta2,
        epsilon: state.epsilon,
      };
      const outputs = tf
        .engine()
        .runKernel(ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      updated.forEach((variable, j) => variable.assign(outputs[j] as tf.Tensor));
      state.accBeta1.assign(outputs[updated.length] as tf.Tensor);
      state.accBeta2.assign(outputs[updated.length + 1] as tf.Tensor);
    });
    this.incrementIterations();
  }
}

function moment(originalName: string, value: tf.Variable): MomentVariable {
  return { originalName, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
}

/** Every argument of {@link fusedAdam} and what it accepts. */
const FUSED_ADAM_OPTIONS = {
  learningRate: number({ min: 0 }),
  beta1: number({ min: 0, max: 1, maxExclusive: true }),
  beta2: number({ min: 0, max: 1, maxExclusive: true }),
  epsilon: number({ min: 0, minExclusive: true }),
};

/** The arguments of {@link fusedAdam} as one object (every key optional, tfjs's defaults). */
export interface FusedAdamOptions {
  /** Finite, ≥ 0 (default 0.001). */
  learningRate?: number;
  /** Decay of the first moment, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second moment, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Finite, > 0; default the backend's epsilon (1e-7 in float32), as tfjs. */
  epsilon?: number;
}

/**
 * Adam, as `tf.train.adam(learningRate, beta1, beta2, epsilon)` with the same defaults and
 * bit-identical results, but one kernel per training step on the cpu and wasm backends (see
 * {@link FusedAdamOptimizer}). Use it in `model.compile({ optimizer: fusedAdam(1e-3), ... })`.
 * The arguments may also be given as one object, `fusedAdam({ learningRate: 1e-3 })`, whose
 * keys are checked (a typo is refused, naming the closest key).
 *
 * @param learningRate finite, ≥ 0 (default 0.001).
 * @param beta1 decay of the first moment, in [0, 1) (default 0.9).
 * @param beta2 decay of the second moment, in [0, 1) (default 0.999).
 * @param epsilon finite, > 0; default the backend's epsilon (1e-7 in float32), as tfjs.
 *
 * @example
 * ```ts
 * import { fusedAdam } from '@bnkit/layers';
 * model.compile({ optimizer: fusedAdam(1e-3), loss: 'binaryCrossentropy' });
 * model.compile({ optimizer: fusedAdam({ learningRate: 1e-3, beta2: 0.99 }), loss: 'mse' });
 * ```
 */
export function fusedAdam(options: FusedAdamOptions): FusedAdamOptimizer;
export function fusedAdam(
  learningRate?: number,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): FusedAdamOptimizer;
export function fusedAdam(
  learningRateOrOptions?: number | FusedAdamOptions,
  beta1?: number,
  beta2?: number,
  epsilon?: number,
): FusedAdamOptimizer {
  let o: FusedAdamOptions;
  if (
    learningRateOrOptions !== null &&
    typeof learningRateOrOptions === 'object' &&
    !Array.isArray(learningRateOrOptions)
  ) {
    o = checkLayerOptions('fusedAdam', learningRateOrOptions, FUSED_ADAM_OPTIONS);
    for (const [name, value] of Object.entries({ beta1, beta2, epsilon })) {
      if (value !== undefined) {
        throw new LayerArgumentError(
          name,
          value,
          'undefined when the first argument is an object',
          {
            hint: `Put ${name} in the options object.`,
          },
        );
      }
    }
  } else {
    o = { learningRate: learningRateOrOptions as number | undefined, beta1, beta2, epsilon };
    for (const [name, rule] of Object.entries(FUSED_ADAM_OPTIONS)) {
      const value = o[name as keyof FusedAdamOptions];
      if (value !== undefined) checkValue(name, value, rule, LayerArgumentError);
    }
  }
  return new FusedAdamOptimizer(
    o.learningRate ?? 0.001,
    o.beta1 ?? 0.9,
    o.beta2 ?? 0.999,
    o.epsilon,
  );
}
