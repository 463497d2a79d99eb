// What a consumer of the published packages does, written once and run twice: from consumer.mjs
// (every module loaded with `import`) and from consumer.cjs (every module loaded with `require`).
// For each package installed it lists the exports and calls a real function where it knows one;
// it prints one JSON line: { "<package>": { exports: [...], checks: { "<what>": "<result>" } } }.
'use strict';

const LOADER_KEYS = new Set(['default', 'module.exports', '__esModule']);

/** `import()` of a CommonJS module puts its exports on `default` when Node cannot list them. */
function unwrap(namespace, key) {
  return key in namespace ? namespace : (namespace.default ?? namespace);
}

async function runChecks(load, names) {
  const results = {};
  const modules = {};
  for (const name of names) {
    const loaded = await load(name);
    modules[name] = loaded;
    results[name] = {
      exports: Object.keys(loaded)
        .filter((key) => !LOADER_KEYS.has(key))
        .sort(),
      checks: {},
    };
    if (results[name].exports.length === 0) throw new Error(`${name} exports nothing`);
  }
  const check = (name, what, value) => {
    results[name].checks[what] = value;
  };

  const datasets = modules['@bnkit/datasets'];
  if (datasets) {
    // X[0, 0] of make_classification(n_samples=1000, n_features=20, random_state=42), scikit-learn 1.2.1.
    const data = datasets.makeClassification({
      nSamples: 1000,
      nFeatures: 20,
      nClasses: 2,
      randomState: 42,
    });
    if (data.X[0] !== -0.6693560962502948)
      throw new Error(`makeClassification X[0] = ${data.X[0]}`);
    check('@bnkit/datasets', 'makeClassification X[0]', data.X[0]);
  }

  let model;
  const layers = modules['@bnkit/layers'];
  const onnx = modules['@bnkit/onnx'];
  if (layers || onnx) {
    const tf = unwrap(await load('@tensorflow/tfjs-core'), 'tensor');
    await load('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const tfl = unwrap(await load('@tensorflow/tfjs-layers'), 'sequential');
    const hidden = [tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [3] })];
    if (layers) hidden.push(layers.batchNormalization({}));
    model = tfl.sequential({ layers: [...hidden, tfl.layers.dense({ units: 1 })] });
    const out = model.predict(tf.ones([2, 3])).dataSync();
    if (!Array.from(out).every(Number.isFinite)) throw new Error(`predict gave ${out}`);
    if (layers) check('@bnkit/layers', 'sequential with batchNormalization predicts', out.length);
  }
  if (onnx) {
    const { bytes, report } = await onnx.exportOnnx(model);
    if (!(bytes instanceof Uint8Array) || bytes.length < 100)
      throw new Error(`exportOnnx returned ${bytes && bytes.length} bytes`);
    check('@bnkit/onnx', 'exportOnnx bytes', bytes.length);
    check('@bnkit/onnx', 'exportOnnx ops', JSON.stringify(report.opCounts));
  }

  const callbacks = modules['@bnkit/callbacks'];
  if (callbacks) {
    const svg = callbacks.plotHistory(
      { history: { loss: [0.9, 0.5, 0.3], val_loss: [1, 0.6, 0.45] } },
      { metrics: ['loss', 'val_loss'], labels: ['train', 'test'], title: 'Model loss' },
    );
    if (typeof svg !== 'string' || !svg.startsWith('<svg')) throw new Error('plotHistory: no SVG');
    check('@bnkit/callbacks', 'plotHistory SVG chars', svg.length);
  }

  const cli = modules['@bnkit/cli'];
  if (cli && typeof cli.runCli === 'function') {
    let printed = '';
    const status = await cli.runCli(['--version'], {
      stdout: (text) => {
        printed += text;
      },
      stderr: () => {},
    });
    check('@bnkit/cli', 'runCli --version', `${status} ${printed.trim()}`);
  }
  return results;
}

module.exports = { runChecks };
