import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageDirs, syncPackageVersion } from './sync-package-version.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

test('every committed package-version.ts names its package.json version', () => {
  for (const dir of packageDirs(root)) {
    const file = path.join(dir, 'src', 'package-version.ts');
    if (!fs.existsSync(file)) continue;
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.match(
      fs.readFileSync(file, 'utf8'),
      new RegExp(`PACKAGE_VERSION = '${version.replace(/\./g, '\\.')}';`),
      `${path.relative(root, file)} is stale: run node tools/build/sync-package-version.mjs`,
    );
  }
});

test('syncPackageVersion rewrites a stale file and leaves a current one alone', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-version-'));
  fs.mkdirSync(path.join(dir, 'src'));
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"@bnkit/x","version":"1.2.3"}');
  fs.writeFileSync(
    path.join(dir, 'src', 'package-version.ts'),
    "export const PACKAGE_VERSION = '0.0.0';\n",
  );
  assert.equal(syncPackageVersion(dir), true);
  assert.match(fs.readFileSync(path.join(dir, 'src', 'package-version.ts'), 'utf8'), /'1\.2\.3'/);
  assert.equal(syncPackageVersion(dir), false);
  fs.rmSync(dir, { recursive: true });
});
