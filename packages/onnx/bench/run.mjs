// Benchmark of @bnkit/onnx (built package): the reference model exported to ONNX and run on
// onnxruntime-node CPU, against tfjs predict on the wasm and cpu backends, in one run.
// Usage: npm run build && node bench/run.mjs   (from packages/onnx)
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { exportOnnx } from '@bnkit/onnx';
import { createSession } from '@bnkit/onnx/node';
import * as ort from 'onnxruntime-node';
import { recordBenchRow, timeIt } from '../../../tools/bench/report.mjs';
import { tfjsReferenceModel } from '../../../tools/bench/reference-model.mjs';

tf.env().set('IS_TEST', true); // no tfjs-node banner

function referenceModel() {
  const model = tfjsReferenceModel();
  let seed = 1;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    layer.setWeights(
      layer.weights.map((w) =>
        /variance/.test(w.originalName)
          ? tf.randomUniform(w.shape, 0.3, 2.5, 'float32', seed++)
          : tf.randomNormal(w.shape, 0, 0.7, 'float32', seed++),
      ),
    );
  }
  return model;
}

const BATCHES = [1, 32, 1024];
const iterationsFor = (batch) => (batch === 1 ? 200 : batch === 32 ? 100 : 10);

function ortRunner(session, batch) {
  const x = new ort.Tensor(
    'float32',
    Float32Array.from({ length: batch * 20 }, () => Math.random()),
    [batch, 20],
  );
  const feeds = { [session.inputNames[0]]: x };
  return () => session.run(feeds);
}

function tfjsRunner(model, batch) {
  const x = tf.randomNormal([batch, 20], 0, 1, 'float32', 3);
  return () => {
    const y = model.predict(x);
    y.dataSync(); // results on the host, as onnxruntime returns them
    y.dispose();
  };
}

const median = (list) => [...list].sort((p, q) => p - q)[Math.floor(list.length / 2)];

/**
 * Times two functions in alternating rounds so both see the same machine load (the machine is
 * shared), and returns the median ms per call of each.
 */
async function pairedTime(a, b, iterations, rounds = 9) {
  const ta = [];
  const tb = [];
  for (let r = 0; r < rounds; r++) {
    ta.push(await timeIt(a, { iterations, samples: 1, warmup: r === 0 ? 20 : 2 }));
    tb.push(await timeIt(b, { iterations, samples: 1, warmup: r === 0 ? 20 : 2 }));
  }
  return [median(ta), median(tb)];
}

await tf.setBackend('cpu');
const model = referenceModel();

// Export time of the reference model (fold), median of several exports.
const exportMs = await timeIt(() => exportOnnx(model), { iterations: 5, samples: 5, warmup: 2 });
recordBenchRow({
  what: 'export reference model to ONNX (bn: fold)',
  ours: exportMs,
  unit: 'ms',
  target: '< 100 ms',
});

const fold = await exportOnnx(model, { bn: 'fold' });
const op = await exportOnnx(model, { bn: 'op' });
const foldSession = await createSession(fold.bytes, { device: 'cpu' });
const opSession = await createSession(op.bytes, { device: 'cpu' });

// Single requests: one intra-op thread (no thread-pool hand-off for a 20x64x64x1 MLP).
const latencySession = await createSession(fold.bytes, { device: 'cpu', intraOpNumThreads: 1 });

// ORT and tfjs are timed in alternating rounds, so both see the same machine load.
const ortMs = { cpu: {}, wasm: {} };
const tfjsMs = { cpu: {}, wasm: {} };
const weights = model.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() }));
for (const backend of ['wasm', 'cpu']) {
  await tf.setBackend(backend);
  await tf.ready();
  // Same weights on this backend.
  const copy = referenceModel();
  copy.setWeights(weights.map((w) => tf.tensor(w.data, w.shape)));
  for (const batch of BATCHES) {
    const session = batch === 1 ? latencySession.session : foldSession.session;
    [ortMs[backend][batch], tfjsMs[backend][batch]] = await pairedTime(
      ortRunner(session, batch),
      tfjsRunner(copy, batch),
      iterationsFor(batch),
    );
  }
}

for (const backend of ['wasm', 'cpu']) {
  recordBenchRow({
    what: `single request, batch 1: onnxruntime CPU (1 thread) vs tfjs predict (${backend})`,
    ours: ortMs[backend][1] * 1000,
    reference: tfjsMs[backend][1] * 1000,
    referenceName: `tfjs ${backend}`,
    unit: 'µs/request',
    target: backend === 'wasm' ? '>= 6x' : '',
  });
}
for (const batch of [32, 1024]) {
  for (const backend of ['wasm', 'cpu']) {
    recordBenchRow({
      what: `throughput, batch ${batch}: onnxruntime CPU vs tfjs predict (${backend})`,
      ours: batch / (ortMs[backend][batch] / 1000),
      reference: batch / (tfjsMs[backend][batch] / 1000),
      referenceName: `tfjs ${backend}`,
      unit: 'rows/s',
      lowerIsBetter: false,
    });
  }
}
for (const batch of [1, 1024]) {
  const [foldMs, opMs] = await pairedTime(
    ortRunner(foldSession.session, batch),
    ortRunner(opSession.session, batch),
    iterationsFor(batch),
  );
  recordBenchRow({
    what: `onnxruntime CPU, batch ${batch}: bn 'fold' vs bn 'op'`,
    ours: foldMs * 1000,
    reference: opMs * 1000,
    referenceName: "bn 'op'",
    unit: 'µs/call',
    target: '>= 1x',
  });
}
await foldSession.release();
await latencySession.release();
await opSession.release();
