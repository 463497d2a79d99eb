// Generates a package into a temporary copy of the workspace and builds and tests it there; bad
// names are refused with a clear error and leave the copy untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { copyWorkspace, listFiles, readJson } from './workspace-copy.mjs';

const root = copyWorkspace('bnkit-new-package-');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const run = (command, args) =>
  spawnSync(command, args, {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false' },
  });

test.after(() => fs.rmSync(root, { recursive: true, force: true }));

test('a generated plugin package builds, passes its own tests and is wired into the workspace', () => {
  const created = run('node', [
    'tools/new-package.mjs',
    '@acme/bn-plugin',
    '--no-install',
    '--description',
    'A third-party BN plugin.',
    '--peer',
    'onnx',
    '--peer=@bnkit/datasets',
  ]);
  assert.equal(created.status, 0, created.stderr);
  const dir = path.join(root, 'packages', 'bn-plugin');
  const manifest = readJson(path.join(dir, 'package.json'));
  assert.equal(manifest.name, '@acme/bn-plugin');
  assert.equal(manifest.repository.directory, 'packages/bn-plugin');
  // bnkit packages and tfjs are peers (one copy shared with the application), and devDependencies
  // for the package's own tests; nothing bnkit is a plain dependency.
  const peers = [
    '@bnkit/datasets',
    '@bnkit/onnx',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-layers',
  ];
  assert.deepEqual(Object.keys(manifest.peerDependencies), peers);
  for (const peer of peers) assert.ok(manifest.devDependencies[peer], `${peer} devDependency`);
  assert.equal(manifest.dependencies, undefined);
  const onnxVersion = readJson(path.join(root, 'packages', 'onnx', 'package.json')).version;
  assert.equal(manifest.peerDependencies['@bnkit/onnx'], `^${onnxVersion}`);
  assert.match(
    fs.readFileSync(path.join(dir, 'README.md'), 'utf8'),
    /npm install @acme\/bn-plugin @bnkit\/datasets @bnkit\/onnx @tensorflow\/tfjs-core/,
  );
  assert.ok(
    readJson(path.join(root, 'tsconfig.json')).references.some(
      (r) => r.path === './packages/bn-plugin',
    ),
  );
  assert.match(
    fs.readFileSync(path.join(root, '.changeset', 'bn-plugin-initial-release.md'), 'utf8'),
    /'@acme\/bn-plugin': minor/,
  );

  const build = spawnSync(
    process.execPath,
    [path.join(root, 'tools', 'build', 'build-package.mjs')],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  assert.equal(build.status, 0, build.stdout + build.stderr);
  for (const format of ['cjs', 'esm']) {
    assert.ok(
      fs.existsSync(path.join(dir, 'dist', format, 'index.js')),
      `no dist/${format}/index.js`,
    );
    assert.ok(fs.existsSync(path.join(dir, 'dist', format, 'index.d.ts')));
  }

  const tests = run(bin('jest'), ['-c', 'packages/bn-plugin/jest.config.cjs', '--ci']);
  assert.equal(tests.status, 0, tests.stdout + tests.stderr);
  assert.match(tests.stderr, /Tests:\s+5 passed, 5 total/);

  const projects = run(bin('nx'), ['show', 'projects']);
  assert.equal(projects.status, 0, projects.stderr);
  assert.ok(projects.stdout.split('\n').includes('@acme/bn-plugin'), projects.stdout);
});

const refusals = [
  [
    'a name with capitals',
    'MyPlugin',
    /Invalid package name "MyPlugin": .*capital letters.*Accepted:/,
  ],
  ['a name with a space', 'my plugin', /Invalid package name "my plugin".*Accepted:/],
  ['a path', '../escape', /Invalid package name "\.\.\/escape".*Accepted:/],
  ['a name that exists', 'datasets', /packages\/datasets already exists/],
  ['a full name that exists in another folder', '@bnkit/layers', /packages\/layers already exists/],
];

for (const [what, name, message] of refusals) {
  test(`refuses ${what} with a clear error and writes nothing`, () => {
    const before = listFiles(root).sort();
    const result = run('node', ['tools/new-package.mjs', name, '--no-install']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.deepEqual(listFiles(root).sort(), before);
  });
}

test('refuses a name already used by a package in another folder', () => {
  const manifestFile = path.join(root, 'packages', 'onnx', 'package.json');
  const manifest = readJson(manifestFile);
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, name: '@bnkit/exporter' }));
  try {
    const result = run('node', ['tools/new-package.mjs', 'exporter', '--no-install']);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /already has a package named @bnkit\/exporter \(packages\/onnx\)/);
    assert.ok(!fs.existsSync(path.join(root, 'packages', 'exporter')));
  } finally {
    fs.writeFileSync(manifestFile, JSON.stringify(manifest, null, 2) + '\n');
  }
});

test('without --peer a plugin peers on @bnkit/core when the workspace has it; --no-peers on none', () => {
  const hasCore = fs.existsSync(path.join(root, 'packages', 'core', 'package.json'));
  for (const [name, extra, expected] of [
    ['default-peers', [], hasCore ? ['@bnkit/core'] : []],
    ['no-peers', ['--no-peers'], []],
  ]) {
    const result = run('node', [
      'tools/new-package.mjs',
      `@acme/${name}`,
      '--no-install',
      ...extra,
    ]);
    assert.equal(result.status, 0, result.stderr);
    const manifest = readJson(path.join(root, 'packages', name, 'package.json'));
    const bnkit = Object.keys(manifest.peerDependencies).filter((n) => n.startsWith('@bnkit/'));
    assert.deepEqual(bnkit, expected, name);
    assert.match(
      fs.readFileSync(path.join(root, 'packages', name, 'src', 'package-metadata.spec.ts'), 'utf8'),
      new RegExp(
        `const bnkitPeers: string\\[\\] = \\[${expected.map((n) => `'${n}'`).join(', ')}\\];`,
      ),
    );
    fs.rmSync(path.join(root, 'packages', name), { recursive: true });
  }
});

test('refuses a --peer that is not a bnkit package of the workspace and writes nothing', () => {
  const before = listFiles(root).sort();
  const result = run('node', [
    'tools/new-package.mjs',
    'x-plugin',
    '--no-install',
    '--peer',
    'left-pad',
  ]);
  assert.equal(result.status, 2);
  assert.match(
    result.stderr,
    /--peer "left-pad" is not a publishable bnkit package.*Accepted: .*datasets/,
  );
  assert.deepEqual(listFiles(root).sort(), before);
});
