#!/usr/bin/env node
// Builds the package in the current folder as CommonJS (tsconfig.lib.json -> dist/cjs) and as ES
// modules (tsconfig.lib.esm.json -> dist/esm) in one `tsc --build`. nx runs this as every
// package's `build` target (nx.json targetDefaults). Before compiling it writes the package's
// version into src/package-version.ts when that file exists, so code can name its own version
// without reading package.json at run time (which a browser bundle cannot do).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { syncPackageVersion } from './sync-package-version.mjs';
import { addNodeShims } from './node-shims.mjs';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');

syncPackageVersion(process.cwd());
const configs = ['tsconfig.lib.json', 'tsconfig.lib.esm.json'].filter((file) =>
  fs.existsSync(file),
);
const result = spawnSync(process.execPath, [tsc, '--build', ...configs], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

for (const [folder, type] of Object.entries({ 'dist/esm': 'module', 'dist/cjs': 'commonjs' })) {
  if (!fs.existsSync(folder)) continue;
  // Bundlers read sideEffects from the nearest package.json, so the marker repeats it.
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ type, sideEffects: false }) + '\n',
  );
  if (type === 'module') addNodeShims(folder);
}
