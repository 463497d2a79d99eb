#!/usr/bin/env node
// Pick-and-mix install check: build, `npm pack` every publishable package, then for a few
// combinations create a fresh project outside the workspace, install only those tarballs and their
// public peers from the registry, and load each package through both require() and import.
// A combination that pulls in a bnkit package it did not ask for fails.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { WORKSPACE_ROOT, readJson } from './workspace-copy.mjs';
import { checkTwoCopiesShareConverters } from './smoke/two-copies.mjs';

const COMBINATIONS = [
  ['@bnkit/datasets'],
  ['@bnkit/layers', '@bnkit/onnx'],
  ['@bnkit/datasets', '@bnkit/layers', '@bnkit/callbacks', '@bnkit/onnx', '@bnkit/cli'],
];

function sh(command, args, cwd, extraEnv = {}) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', ...extraEnv },
  });
}

function publishablePackages() {
  const dir = path.join(WORKSPACE_ROOT, 'packages');
  return fs
    .readdirSync(dir)
    .map((folder) => path.join(dir, folder))
    .filter((folder) => fs.existsSync(path.join(folder, 'package.json')))
    .map((folder) => ({ dir: folder, manifest: readJson(path.join(folder, 'package.json')) }))
    .filter(({ manifest }) => !manifest.private);
}

/**
 * The chosen packages plus the bnkit packages they depend on (not yet on a registry here, so
 * their tarballs go in too): @bnkit/core comes with every library package.
 */
function bnkitClosure(names, tarballs) {
  const result = new Set();
  const visit = (name) => {
    if (result.has(name)) return;
    result.add(name);
    const manifest = tarballs.get(name)?.manifest;
    for (const dependency of Object.keys(manifest?.dependencies ?? {})) {
      if (dependency.startsWith('@bnkit/')) visit(dependency);
    }
  };
  names.forEach(visit);
  return [...result];
}

/** Public peers a user installs alongside (optional peers are left out, as npm does). */
function publicPeers(manifests) {
  const peers = new Map();
  for (const manifest of manifests) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (manifest.peerDependenciesMeta?.[name]?.optional || name.startsWith('@bnkit/')) continue;
      peers.set(name, range);
    }
  }
  return [...peers].map(([name, range]) => `${name}@${range}`);
}

// require() loads the CommonJS build and import the ESM build: two module instances with the
// same API, so the check compares names and kinds, not identity.
const LOAD_SCRIPT = `
const names = JSON.parse(process.argv[1]);
(async () => {
  for (const name of names) {
    const cjs = require(name);
    const esm = await import(name);
    const cjsKeys = Object.keys(cjs).filter((k) => k !== '__esModule').sort();
    const esmKeys = Object.keys(esm).filter((k) => k !== 'default' && k !== 'module.exports').sort();
    if (cjsKeys.length === 0) throw new Error(name + ' exports nothing through require()');
    if (JSON.stringify(cjsKeys) !== JSON.stringify(esmKeys)) {
      throw new Error(name + ': require() gives [' + cjsKeys + '] but import gives [' + esmKeys + ']');
    }
    for (const key of cjsKeys) {
      if (cjs[key] === undefined || typeof esm[key] !== typeof cjs[key]) throw new Error(name + ': export ' + key + ' differs or is undefined');
    }
    if (esm.default !== undefined) throw new Error(name + ': import gives a default export, so it loaded the CommonJS build');
    console.log(name + ': ' + cjsKeys.length + ' exports through require() and import');
  }
})().catch((error) => { console.error(error.message); process.exit(1); });
`;

function main() {
  console.log('smoke:pack: building every package');
  sh('npx', ['nx', 'run-many', '-t', 'build', '--output-style=static'], WORKSPACE_ROOT);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-smoke-'));
  try {
    const tarballs = new Map();
    for (const { dir, manifest } of publishablePackages()) {
      const [packed] = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], dir));
      tarballs.set(manifest.name, { file: path.join(work, packed.filename), manifest });
    }
    for (const combination of COMBINATIONS) {
      const label = combination.join(' + ');
      const project = fs.mkdtempSync(path.join(work, 'project-'));
      fs.writeFileSync(
        path.join(project, 'package.json'),
        JSON.stringify({ name: 'smoke', private: true }),
      );
      fs.writeFileSync(path.join(project, '.npmrc'), 'onnxruntime-node-install=skip\n');
      const withDependencies = bnkitClosure(combination, tarballs);
      const chosen = withDependencies.map((name) => {
        const entry = tarballs.get(name);
        assert.ok(entry, `smoke:pack: no tarball for ${name}`);
        return entry;
      });
      const peers = publicPeers(chosen.map((entry) => entry.manifest));
      sh(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefer-offline',
          ...chosen.map((c) => c.file),
          ...peers,
          // The demo's onnxruntime, an optional peer of @bnkit/cli and @bnkit/onnx, installed as
          // their READMEs say (.npmrc above skips its CUDA download).
          ...(combination.includes('@bnkit/cli') ? ['onnxruntime-node@^1.30.0'] : []),
        ],
        project,
      );
      const scope = path.join(project, 'node_modules', '@bnkit');
      const installed = fs.existsSync(scope)
        ? fs
            .readdirSync(scope)
            .map((folder) => `@bnkit/${folder}`)
            .sort()
        : [];
      assert.deepEqual(
        installed,
        [...withDependencies].sort(),
        `${label}: installed bnkit packages ${installed.join(', ')}`,
      );
      process.stdout.write(sh('node', ['-e', LOAD_SCRIPT, JSON.stringify(combination)], project));
      if (combination.includes('@bnkit/cli')) {
        const version = sh(
          path.join(project, 'node_modules', '.bin', 'bnkit'),
          ['--version'],
          project,
        ).trim();
        assert.equal(version, tarballs.get('@bnkit/cli').manifest.version);
        console.log(`bnkit --version: ${version}`);
        // The whole pipeline from the installed tarballs: data, BN layer, callbacks, ONNX export.
        const demo = sh(
          path.join(project, 'node_modules', '.bin', 'bnkit'),
          [
            'demo',
            '--epochs',
            '1',
            '--backend',
            'cpu',
            '--device',
            'cpu',
            '--quiet',
            '--out',
            'demo-out',
          ],
          project,
        );
        assert.match(demo, /ONNX vs tfjs max abs error\s+\d/);
        for (const file of ['model.onnx', 'accuracy.png', 'report.html']) {
          assert.ok(
            fs.existsSync(path.join(project, 'demo-out', file)),
            `bnkit demo did not write ${file}`,
          );
        }
        console.log('bnkit demo --epochs 1: ok');
      }
      if (combination.includes('@bnkit/datasets')) {
        const sample = sh(
          'node',
          [
            '-e',
            "const d = require('@bnkit/datasets'); const r = d.makeClassification({ nSamples: 10, randomState: 0 }); console.log(r.X.length, r.y.length)",
          ],
          project,
        ).trim();
        assert.equal(sample, '200 10', `makeClassification from the tarball gave ${sample}`);
      }
      console.log(`smoke:pack: ok for ${label} (with ${peers.join(', ') || 'no peers'})`);
    }
    checkTwoCopiesShareConverters(work, tarballs, [
      ...publicPeers([tarballs.get('@bnkit/onnx').manifest]),
      '@tensorflow/tfjs-backend-cpu@^4.22.0',
    ]);
    console.log('smoke:pack: ok for two copies of @bnkit/onnx sharing converters');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  const detail = error.stderr ? `\n${error.stderr}` : '';
  console.error(`smoke:pack: FAILED: ${error.message.split('\n')[0]}${detail}`);
  process.exit(1);
}
