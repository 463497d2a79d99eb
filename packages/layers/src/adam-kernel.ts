import * as tf from '@tensorflow/tfjs-core';
import { MEMORY_KERNEL_BACKENDS, memoryAccess } from './kernel-memory.js';

/**
 * One Adam step for any number of variables as a single kernel on the cpu and wasm backends.
 *
 * Inputs: `accBeta1`, `accBeta2` (scalars β₁ᵗ, β₂ᵗ) and, for each variable k, `value{k}`,
 * `gradient{k}`, `m{k}`, `v{k}`. Outputs: the new value, m and v of each variable in turn, then
 * the new `accBeta1` and `accBeta2`.
 *
 * tfjs's AdamOptimizer runs 14 kernels per variable, each rounding to float32. This kernel does
 * the same operations in the same order and rounds after each one (`Math.fround`, or a store to
 * float32 memory), so its results are bit-identical to tfjs's on both backends.
 */
export const ADAM_KERNEL = 'BnkitAdamUpdate';

/** Attributes of {@link ADAM_KERNEL}. */
export interface AdamKernelAttrs {
  /** Number of variables updated. */
  count: number;
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

const f32 = Math.fround;

function adamKernel(backendName: string): tf.KernelFunc {
  return ({ inputs, attrs, backend }) => {
    const { count, learningRate, beta1, beta2, epsilon } = attrs as unknown as AdamKernelAttrs;
    const named = inputs as Record<string, tf.TensorInfo>;
    const input = (name: string): tf.TensorInfo => {
      const t = named[name];
      if (t === undefined) throw new Error(`${ADAM_KERNEL}: missing input ${name}`);
      return t;
    };
    const mem = memoryAccess(backendName, backend);
    const outputs: tf.TensorInfo[] = [];
    for (let k = 0; k < count; k++) {
      const shape = input(`value${k}`).shape;
      outputs.push(mem.alloc(shape), mem.alloc(shape), mem.alloc(shape));
    }
    const accBeta1Out = mem.alloc([]);
    const accBeta2Out = mem.alloc([]);
    outputs.push(accBeta1Out, accBeta2Out);

    // The scalars tfjs's ops see: numbers become float32 scalar tensors, 1 − β is formed in
    // float64 first (`1 - this.beta1`), 1 − β₁ᵗ by a float32 subtraction.
    const b1 = f32(beta1);
    const b2 = f32(beta2);
    const oneMinusB1 = f32(1 - beta1);
    const oneMinusB2 = f32(1 - beta2);
    const eps = f32(epsilon);
    const negLr = f32(-learningRate);
    const accBeta1 = mem.view(input('accBeta1'))[0] as number;
    const accBeta2 = mem.view(input('accBeta2'))[0] as number;
    const oneMinusAcc1 = f32(1 - accBeta1);
    const oneMinusAcc2 = f32(1 - accBeta2);

    for (let k = 0; k < count; k++) {
      const value = mem.view(input(`value${k}`));
      const gradient = mem.view(input(`gradient${k}`));
      const m = mem.view(input(`m${k}`));
      const v = mem.view(input(`v${k}`));
      const newValue = mem.view(outputs[3 * k] as tf.TensorInfo);
      const newM = mem.view(outputs[3 * k + 1] as tf.TensorInfo);
      const newV = mem.view(outputs[3 * k + 2] as tf.TensorInfo);
      for (let i = 0; i < value.length; i++) {
        const g = gradient[i] as number;
        const m1 = f32(f32((m[i] as number) * b1) + f32(g * oneMinusB1));
        const v1 = f32(f32((v[i] as number) * b2) + f32(f32(g * g) * oneMinusB2));
        const mHat = f32(m1 / oneMinusAcc1);
        const vHat = f32(v1 / oneMinusAcc2);
        const step = f32(f32(mHat / f32(f32(Math.sqrt(vHat)) + eps)) * negLr);
        newM[i] = m1;
        newV[i] = v1;
        newValue[i] = step + (value[i] as number);
      }
    }
    mem.view(accBeta1Out)[0] = accBeta1 * b1;
    mem.view(accBeta2Out)[0] = accBeta2 * b2;
    return outputs;
  };
}

/** True when the active backend has (or now gets) {@link ADAM_KERNEL}. */
export function ensureAdamKernel(): boolean {
  const backendName = tf.getBackend();
  if (!MEMORY_KERNEL_BACKENDS.includes(backendName)) return false;
  if (tf.getKernel(ADAM_KERNEL, backendName) === undefined) {
    tf.registerKernel({
      kernelName: ADAM_KERNEL,
      backendName,
      kernelFunc: adamKernel(backendName),
    });
  }
  return true;
}
