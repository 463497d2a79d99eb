// The README's example: a small CNN with batch normalization trained on wasm.
// Run: node examples/cnn-on-wasm.mjs (after npx nx build @bnkit/wasm-kernels)
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmKernels } from '@bnkit/wasm-kernels';

registerWasmKernels();
await tf.setBackend('wasm');

const model = tfl.sequential({
  layers: [
    tfl.layers.conv2d({ filters: 8, kernelSize: 3, activation: 'relu', inputShape: [12, 12, 1] }),
    tfl.layers.batchNormalization(),
    tfl.layers.maxPooling2d({ poolSize: 2 }),
    tfl.layers.flatten(),
    tfl.layers.dense({ units: 1, activation: 'sigmoid' }),
  ],
});
model.compile({ optimizer: 'adam', loss: 'binaryCrossentropy' });
const x = tf.randomNormal([64, 12, 12, 1]);
const y = tf.reshape(tf.cast(tf.greater(tf.sum(x, [1, 2, 3]), 0), 'float32'), [64, 1]);
const history = await model.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0 });
console.log(history.history.loss);
