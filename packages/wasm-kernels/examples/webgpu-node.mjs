// Training on tfjs's webgpu backend in Node, through the `webgpu` npm package (Dawn for Node).
// Not part of the package's API (investigated for issue 13; see the README): it checks that a
// Dense/BN model and a CNN/BN model fit to the same loss history on webgpu as on cpu.
// Run without a GPU, on SwiftShader (Debian's chromium package ships it):
//   VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json XDG_RUNTIME_DIR=$(mktemp -d) \
//     node examples/webgpu-node.mjs
import { create, globals } from 'webgpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';

// What tfjs-backend-webgpu looks for: the WebGPU globals (GPUBufferUsage, ...) and navigator.gpu.
Object.assign(globalThis, globals);
if (globalThis.navigator === undefined) globalThis.navigator = {};
Object.defineProperty(globalThis.navigator, 'gpu', { value: create([]), configurable: true });
// The backend registers itself on import only where navigator.gpu exists: import it after.
await import('@tensorflow/tfjs-backend-webgpu');

const adapter = await globalThis.navigator.gpu.requestAdapter();
console.log('adapter:', adapter?.info?.description ?? 'none');

const init = (seed) => tfl.initializers.glorotUniform({ seed });
function model(conv) {
  const layers = conv
    ? [
        tfl.layers.conv2d({
          filters: 4,
          kernelSize: 3,
          activation: 'relu',
          inputShape: [10, 10, 1],
          kernelInitializer: init(4),
        }),
        tfl.layers.batchNormalization(),
        tfl.layers.maxPooling2d({ poolSize: 2 }),
        tfl.layers.flatten(),
        tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(8) }),
      ]
    : [
        tfl.layers.dense({
          units: 64,
          activation: 'relu',
          inputShape: [20],
          kernelInitializer: init(1),
        }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: 64, activation: 'relu', kernelInitializer: init(2) }),
        tfl.layers.batchNormalization(),
        tfl.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: init(3) }),
      ];
  const m = tfl.sequential({ layers });
  m.compile({ optimizer: tf.train.adam(0.01), loss: 'binaryCrossentropy' });
  return m;
}

async function fit(backend, conv) {
  await tf.setBackend(backend);
  const shape = conv ? [32, 10, 10, 1] : [96, 20];
  const x = tf.randomNormal(shape, 0, 1, 'float32', 42);
  const y = tf.cast(tf.greater(tf.sum(tf.reshape(x, [shape[0], -1]), 1, true), 0), 'float32');
  const m = model(conv);
  const start = Date.now();
  const history = await m.fit(x, y, { epochs: 4, batchSize: 16, shuffle: false, verbose: 0 });
  const ms = Date.now() - start;
  m.dispose();
  tf.dispose([x, y]);
  return { loss: history.history.loss, ms };
}

for (const conv of [false, true]) {
  const cpu = await fit('cpu', conv);
  const gpu = await fit('webgpu', conv);
  const worst = Math.max(
    ...gpu.loss.map((l, i) => Math.abs(l - cpu.loss[i]) / Math.abs(cpu.loss[i])),
  );
  console.log(
    `${conv ? 'CNN/BN  ' : 'Dense/BN'}: webgpu ${gpu.ms} ms, cpu ${cpu.ms} ms, ` +
      `largest relative loss difference ${worst.toExponential(2)}`,
  );
}
process.exit(0); // Dawn keeps the event loop alive
