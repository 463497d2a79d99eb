// The package contract's dependency rules: bnkit packages and tfjs as peers are accepted where
// allowed; a plugin that takes a bnkit package as a plain dependency, or a peer also listed as a
// dependency, is refused with a message naming the package.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { checkPackageContract } = require('./package-contract.cjs');

const TFJS = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers'];

function problemsOf(manifest, expected) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-contract-'));
  try {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
    fs.writeFileSync(path.join(dir, 'tsconfig.lib.json'), '{}');
    const report = checkPackageContract(dir, expected);
    return report.checks
      .filter((c) => /peer|bnkit package/.test(c.name))
      .flatMap((c) => c.problems);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const tfjsPeers = Object.fromEntries(TFJS.map((n) => [n, '^4.22.0']));

test('a plugin with bnkit packages as peers (and devDependencies) passes', () => {
  const problems = problemsOf(
    {
      name: '@acme/bn-plugin',
      peerDependencies: { ...tfjsPeers, '@bnkit/onnx': '^0.1.0', '@bnkit/core': '^0.1.0' },
      devDependencies: { ...tfjsPeers, '@bnkit/onnx': '^0.1.0', '@bnkit/core': '^0.1.0' },
    },
    {
      peers: [...TFJS, '@bnkit/onnx', '@bnkit/core'],
      bnkitDependencies: ['@bnkit/core', '@bnkit/onnx'],
    },
  );
  assert.deepEqual(problems, []);
});

test('an optional peer needs no devDependency', () => {
  const problems = problemsOf(
    {
      name: '@bnkit/onnx',
      peerDependencies: { ...tfjsPeers, 'onnxruntime-node': '^1.30.0' },
      peerDependenciesMeta: { 'onnxruntime-node': { optional: true } },
      devDependencies: tfjsPeers,
    },
    { peers: TFJS, bnkitDependencies: [] },
  );
  assert.deepEqual(problems, []);
});

test('a plugin that takes a bnkit package as a dependency is refused', () => {
  const problems = problemsOf(
    {
      name: '@acme/bn-plugin',
      dependencies: { '@bnkit/onnx': '^0.1.0' },
      peerDependencies: tfjsPeers,
      devDependencies: tfjsPeers,
    },
    { peers: TFJS, bnkitDependencies: ['@bnkit/onnx'] },
  );
  assert.deepEqual(problems, [
    'dependencies names @bnkit/onnx; a plugin takes bnkit packages as peerDependencies (and devDependencies for its tests)',
  ]);
});

test('a bnkit package may still depend on an allowed bnkit package directly', () => {
  const problems = problemsOf(
    {
      name: '@bnkit/cli',
      dependencies: { '@bnkit/datasets': '^0.1.0' },
      peerDependencies: tfjsPeers,
      devDependencies: tfjsPeers,
    },
    { peers: TFJS, bnkitDependencies: ['@bnkit/datasets'] },
  );
  assert.deepEqual(problems, []);
});

test('a bnkit peer that is not allowed, a peer also a dependency, a peer without devDependency', () => {
  const problems = problemsOf(
    {
      name: '@bnkit/layers',
      dependencies: { 'some-lib': '^1.0.0' },
      peerDependencies: { ...tfjsPeers, '@bnkit/onnx': '^0.1.0', 'some-lib': '^1.0.0', other: '1' },
      devDependencies: { ...tfjsPeers, '@bnkit/onnx': '^0.1.0', 'some-lib': '^1.0.0' },
    },
    { peers: TFJS, bnkitDependencies: ['@bnkit/core'] },
  );
  assert.deepEqual(
    problems.sort(),
    [
      'other must also be a devDependency, for the tests',
      'devDependencies names @bnkit/onnx; this package may depend on: @bnkit/core',
      'peerDependencies names @bnkit/onnx; this package may depend on: @bnkit/core',
      'some-lib is both a peerDependency and in dependencies; keep it a peer only',
    ].sort(),
  );
});
