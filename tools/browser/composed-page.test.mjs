// The packages composed as a browser application uses them: one page bundled by esbuild from
// the built main entries of @bnkit/core, datasets, layers, callbacks and onnx (by package name,
// browser conditions), served from 127.0.0.1 and run in headless Chromium. Needs a build
// (`npm test` builds first) and /usr/bin/chromium (CI installs it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const { CHROMIUM, inspectPage } = require('../testing/chromium.cjs');
const here = path.dirname(fileURLToPath(import.meta.url));
const ortDist = path.join(path.dirname(require.resolve('onnxruntime-web')), '..', 'dist');

const TYPES = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
};

function serve(dir) {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = url.pathname.startsWith('/ort/')
      ? path.join(ortDist, path.basename(url.pathname))
      : path.join(dir, path.basename(url.pathname === '/' ? 'index.html' : url.pathname));
    if (!fs.existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    });
    fs.createReadStream(file).pipe(response);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

test(
  'datasets, layers, callbacks and onnx compose in one browser page',
  { skip: CHROMIUM === undefined && 'no chromium' },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-composed-'));
    const server = await serve(dir);
    try {
      await build({
        entryPoints: [path.join(here, 'composed-page-entry.mjs')],
        bundle: true,
        format: 'esm',
        platform: 'browser',
        conditions: ['onnxruntime-web-use-extern-wasm'],
        outfile: path.join(dir, 'bundle.js'),
        logLevel: 'silent',
      });
      fs.writeFileSync(
        path.join(dir, 'index.html'),
        '<!doctype html><link rel="icon" href="data:,"><script type="module" src="bundle.js"></script>',
      );
      const { port } = server.address();
      const page = await inspectPage(
        `http://127.0.0.1:${port}/index.html`,
        'globalThis.runComposed()',
        path.join(dir, 'page.png'),
      );
      const report = JSON.parse(page.value);
      assert.equal(report.error, undefined, report.error);
      assert.deepEqual(page.consoleErrors, []);
      assert.equal(
        report.datasetHashMatches,
        true,
        'makeClassification differs from its scikit-learn fixture',
      );
      assert.equal(report.datasetLabelsMatch, true);
      for (const backend of ['cpu', 'webgl']) {
        const { backend: used, loss } = report.training[backend];
        assert.equal(used, backend);
        assert.ok(loss.every(Number.isFinite), `${backend}: loss ${loss}`);
        assert.ok(loss[loss.length - 1] < loss[0], `${backend}: loss did not fall: ${loss}`);
      }
      assert.equal(report.svgStarts, '<svg');
      assert.equal(report.svgHasPath, true);
      assert.equal(report.sessionDevice, 'wasm');
      assert.equal(report.onnxOutputs, 64);
      assert.ok(
        report.onnxMaxAbsError < 1e-5,
        `onnxruntime-web vs tfjs: ${report.onnxMaxAbsError}`,
      );
      console.log(
        `composed page: loss cpu ${report.training.cpu.loss.at(-1).toFixed(4)}, webgl ${report.training.webgl.loss.at(-1).toFixed(4)}; ONNX ${report.onnxBytes} bytes, onnxruntime-web max abs error ${report.onnxMaxAbsError.toExponential(2)}`,
      );
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
