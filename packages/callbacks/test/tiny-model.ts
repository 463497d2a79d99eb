// A tiny, deterministic training setup shared by the callback tests (cpu backend).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
}

/** 16 points on a line, labels from a fixed rule: a logistic regression learns them. */
export function tinyData(n = 16): {
  x: tf.Tensor2D;
  y: tf.Tensor2D;
  xVal: tf.Tensor2D;
  yVal: tf.Tensor2D;
} {
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let i = 0; i < n; i++) {
    const a = (i / (n - 1)) * 2 - 1;
    const b = Math.sin(i * 1.7);
    xs.push([a, b]);
    ys.push([a + 0.3 * b > 0 ? 1 : 0]);
  }
  const x = tf.tensor2d(xs);
  const y = tf.tensor2d(ys);
  return { x, y, xVal: tf.tensor2d(xs.slice(0, 8)), yVal: tf.tensor2d(ys.slice(0, 8)) };
}

/** Dense(1, sigmoid) with fixed initial weights, compiled with the given optimizer. */
export function tinyModel(optimizer: tf.Optimizer | string = 'adam'): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({
        units: 1,
        activation: 'sigmoid',
        inputShape: [2],
        kernelInitializer: tfl.initializers.constant({ value: 0.1 }),
        biasInitializer: 'zeros',
      }),
    ],
  });
  model.compile({ optimizer, loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** Collects everything written, for progress-logger tests. */
export function captureWrites(): { text: () => string; write: (s: string) => void } {
  const parts: string[] = [];
  return { text: () => parts.join(''), write: (s: string) => void parts.push(s) };
}

/** A clock that advances a fixed step on every read. */
export function steppingClock(stepMs: number): () => number {
  let t = 0;
  return () => (t += stepMs);
}
