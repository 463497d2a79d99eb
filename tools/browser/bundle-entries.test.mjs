// Every package's main entry bundles for the browser (esbuild --platform=browser, from the built
// ESM by package name, as an application's bundler resolves it) with no Node builtin and no
// native module; and a bundle that imports one pure function carries none of tfjs (tree-shaken).
// Needs a build (`npm test` builds first).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function libraryPackages() {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .map((folder) => path.join(dir, folder, 'package.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => JSON.parse(fs.readFileSync(file, 'utf8')))
    .filter((pkg) => !pkg.private && pkg.name !== '@bnkit/cli');
}

async function bundle(source, external = []) {
  const result = await build({
    stdin: { contents: source, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    minify: true,
    metafile: true,
    external,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  // Files that contribute bytes to the output (the metafile's inputs also list tree-shaken ones).
  const [meta] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(meta.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([file]) => file);
  const imports = meta.imports.map((entry) => entry.path);
  return { text: output.text, inputs, imports };
}

for (const pkg of libraryPackages()) {
  test(`${pkg.name}: the main entry bundles for the browser with no Node builtin`, async () => {
    const { inputs, imports } = await bundle(`export * from '${pkg.name}';`, ['@tensorflow/*']);
    const own = inputs.filter((file) => file.startsWith(`packages/${pkg.name.split('/')[1]}/`));
    assert.ok(own.length > 0, `nothing of ${pkg.name} was bundled: ${inputs.join(', ')}`);
    assert.ok(
      own.every((file) => file.includes('/dist/esm/')),
      `not the ESM build: ${own.join(', ')}`,
    );
    const node = [...inputs, ...imports].filter(
      (file) => file.startsWith('node:') || /\.node$/.test(file),
    );
    assert.deepEqual(node, []);
  });
}

test('importing makeMoons alone bundles none of tfjs', async () => {
  const { text, inputs } = await bundle(
    "import { makeMoons } from '@bnkit/datasets'; console.log(makeMoons({ nSamples: 4 }));",
  );
  const tfjs = inputs.filter((file) => file.includes('@tensorflow'));
  assert.deepEqual(tfjs, [], 'tfjs modules in the bundle');
  const kb = Buffer.byteLength(text) / 1024;
  assert.ok(kb < 60, `makeMoons bundle is ${kb.toFixed(1)} KB`);
  console.log(`makeMoons alone: ${kb.toFixed(1)} KB minified, no tfjs`);
});
