// Two installed copies of @bnkit/onnx share one converter registry: the application installs
// @bnkit/onnx 0.2.0, a plugin depends on 0.1.0 (npm nests that copy inside the plugin), the
// plugin registers its layer's converter through its copy, and the application's copy exports a
// model with that layer — from ESM and from CommonJS. Used by tools/smoke-pack.mjs.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

function sh(command, args, cwd) {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Repacks `tarball` with another version; returns the new tarball's path. */
function repackWithVersion(tarball, version, work) {
  const dir = fs.mkdtempSync(path.join(work, 'repack-'));
  sh('tar', ['-xzf', tarball, '-C', dir], work);
  const packageDir = path.join(dir, 'package');
  const manifestFile = path.join(packageDir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  manifest.version = version;
  fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
  const [packed] = JSON.parse(
    sh('npm', ['pack', '--json', '--pack-destination', work], packageDir),
  );
  return path.join(work, packed.filename);
}

const PLUGIN_INDEX = `
const tfl = require('@tensorflow/tfjs-layers');
const { registerLayerConverter } = require('@bnkit/onnx');

class Doubler extends tfl.layers.Layer {
  static className = 'Doubler';
  call(inputs) {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    return require('@tensorflow/tfjs-core').mul(x, 2);
  }
}

function registerDoubler() {
  require('@tensorflow/tfjs-core').serialization.registerClass(Doubler);
  registerLayerConverter('Doubler', {
    convert(ctx) {
      const two = ctx.graph.addFloatInitializer(ctx.name + '/two', [], [2]);
      return ctx.graph.addNode('Mul', [ctx.inputs[0], two], { name: ctx.name + '/Mul' });
    },
  });
}

module.exports = { Doubler, registerDoubler, onnxVersion: require('@bnkit/onnx/package.json').version };
`;

const APP_SCRIPT = (format) => `
${format === 'esm' ? "import * as tf from '@tensorflow/tfjs-core'; import '@tensorflow/tfjs-backend-cpu'; import * as tfl from '@tensorflow/tfjs-layers'; import { exportOnnx } from '@bnkit/onnx'; import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); import onnxManifest from '@bnkit/onnx/package.json' with { type: 'json' };" : "const tf = require('@tensorflow/tfjs-core'); require('@tensorflow/tfjs-backend-cpu'); const tfl = require('@tensorflow/tfjs-layers'); const { exportOnnx } = require('@bnkit/onnx'); const onnxManifest = require('@bnkit/onnx/package.json');"}
const plugin = require('bn-plugin');
(async () => {
  await tf.setBackend('cpu');
  plugin.registerDoubler();
  const input = tfl.input({ shape: [3] });
  const output = new plugin.Doubler({}).apply(tfl.layers.dense({ units: 2 }).apply(input));
  const model = tfl.model({ inputs: input, outputs: output });
  const { bytes, report } = await exportOnnx(model);
  const layer = report.layers.find((entry) => entry.className === 'Doubler');
  console.log(JSON.stringify({ app: onnxManifest.version, plugin: plugin.onnxVersion, bytes: bytes.length, converter: layer && layer.converter }));
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

/**
 * Installs two versions of @bnkit/onnx into one project (the application's and a plugin's)
 * and checks that a converter registered through one is used by the other.
 * @param {string} work a temporary folder
 * @param {Map<string, { file: string }>} tarballs the packed packages by name
 * @param {string[]} peers the public peers to install (tfjs)
 */
export function checkTwoCopiesShareConverters(work, tarballs, peers) {
  const onnx = tarballs.get('@bnkit/onnx').file;
  const appOnnx = repackWithVersion(onnx, '0.2.0', work);
  const pluginOnnx = repackWithVersion(onnx, '0.1.0', work);

  const pluginDir = fs.mkdtempSync(path.join(work, 'plugin-'));
  fs.writeFileSync(
    path.join(pluginDir, 'package.json'),
    JSON.stringify({
      name: 'bn-plugin',
      version: '1.0.0',
      main: 'index.js',
      dependencies: { '@bnkit/onnx': `file:${pluginOnnx}` },
      peerDependencies: {
        '@tensorflow/tfjs-core': '^4.22.0',
        '@tensorflow/tfjs-layers': '^4.22.0',
      },
    }),
  );
  fs.writeFileSync(path.join(pluginDir, 'index.js'), PLUGIN_INDEX);
  const [packedPlugin] = JSON.parse(
    sh('npm', ['pack', '--json', '--pack-destination', work], pluginDir),
  );

  const project = fs.mkdtempSync(path.join(work, 'two-copies-'));
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'app', private: true }),
  );
  sh(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      appOnnx,
      tarballs.get('@bnkit/core').file,
      path.join(work, packedPlugin.filename),
      ...peers,
    ],
    project,
  );
  const nested = path.join(project, 'node_modules', 'bn-plugin', 'node_modules', '@bnkit', 'onnx');
  assert.ok(fs.existsSync(nested), "npm did not nest the plugin's copy of @bnkit/onnx");
  for (const format of ['esm', 'cjs']) {
    const script = path.join(project, `export.${format === 'esm' ? 'mjs' : 'cjs'}`);
    fs.writeFileSync(script, APP_SCRIPT(format));
    const result = JSON.parse(sh('node', [script], project).trim().split('\n').pop());
    assert.equal(result.app, '0.2.0');
    assert.equal(result.plugin, '0.1.0');
    assert.deepEqual(result.converter, { source: 'registered', minOpset: 13 });
    console.log(
      `two copies (${format}): app @bnkit/onnx ${result.app}, plugin's ${result.plugin}; the plugin's converter exported ${result.bytes} bytes`,
    );
  }
}
