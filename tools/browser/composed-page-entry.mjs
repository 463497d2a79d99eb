// Bundled by composed-page.test.mjs with esbuild from the packages' main entries, by package name
// as an application would, and run in headless Chromium: data, a model with bnkit's BN trained on
// the cpu and webgl backends, a plot, and the exported ONNX bytes run in onnxruntime-web.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-web';
import { sha256Hex } from '@bnkit/core';
import { makeClassification } from '@bnkit/datasets';
import { batchNormalization } from '@bnkit/layers';
import { plotHistory } from '@bnkit/callbacks';
import { exportOnnx } from '@bnkit/onnx';
import { createSession, predict } from '@bnkit/onnx/web';
import fixtures from '../../packages/datasets/src/__fixtures__/make-classification.json';

function buildModel(nFeatures) {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ units: 16, activation: 'relu', inputShape: [nFeatures] }));
  model.add(batchNormalization());
  model.add(tfl.layers.dense({ units: 1, activation: 'sigmoid' }));
  model.compile({
    optimizer: tf.train.adam(0.01),
    loss: 'binaryCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

async function trainOn(backend, X, y, nSamples, nFeatures) {
  await tf.setBackend(backend);
  await tf.ready();
  const model = buildModel(nFeatures);
  const xs = tf.tensor2d(Float32Array.from(X), [nSamples, nFeatures]);
  const ys = tf.tensor2d(Float32Array.from(y), [nSamples, 1]);
  const history = await model.fit(xs, ys, { epochs: 4, batchSize: 32, verbose: 0 });
  xs.dispose();
  ys.dispose();
  return { model, history, backend: tf.getBackend() };
}

globalThis.runComposed = async () => {
  const report = {};
  try {
    const fixture = fixtures.cases[0];
    const data = makeClassification(fixture.options);
    const X = data.X;
    report.datasetHashMatches =
      sha256Hex(new Uint8Array(Float64Array.from(X).buffer)) === fixture.xHash;
    report.datasetLabelsMatch = Array.from(data.y).every((v, i) => v === fixture.y[i]);
    const [nSamples, nFeatures] = fixture.shape;

    report.training = {};
    let trained;
    for (const backend of ['cpu', 'webgl']) {
      trained = await trainOn(backend, X, data.y, nSamples, nFeatures);
      const loss = trained.history.history.loss;
      report.training[backend] = { backend: trained.backend, loss };
    }

    const svg = plotHistory(trained.history, { metrics: ['loss', 'acc'], title: 'Training' });
    report.svgStarts = svg.slice(0, 4);
    report.svgHasPath = svg.includes('<path') || svg.includes('<polyline');

    await tf.setBackend('cpu');
    const { bytes } = await exportOnnx(trained.model);
    report.onnxBytes = bytes.length;
    // The page serves onnxruntime-web's wasm files itself; @bnkit/onnx/web loads the same module.
    ort.env.wasm.wasmPaths = '/ort/';
    ort.env.wasm.numThreads = 1;
    const session = await createSession(bytes, { device: 'wasm' });
    report.sessionDevice = session.device;
    const rows = 64;
    const input = Float32Array.from(X.slice(0, rows * nFeatures));
    const { data: output } = await predict(session, { data: input, shape: [rows, nFeatures] });
    const expected = await trained.model.predict(tf.tensor2d(input, [rows, nFeatures])).data();
    let maxError = 0;
    for (let i = 0; i < rows; i++) maxError = Math.max(maxError, Math.abs(output[i] - expected[i]));
    report.onnxMaxAbsError = maxError;
    report.onnxOutputs = output.length;
  } catch (error) {
    report.error = String(error && error.stack ? error.stack : error);
  }
  return JSON.stringify(report);
};
