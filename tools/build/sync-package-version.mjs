// Writes `export const PACKAGE_VERSION = '<version>';` into src/package-version.ts of a package
// that has one, from its package.json. Run by the build and after `changeset version`.
import fs from 'node:fs';
import path from 'node:path';

const HEADER =
  '// Written by tools/build/sync-package-version.mjs from package.json; do not edit by hand.\n';

/** Returns true when the file changed. */
export function syncPackageVersion(packageDir) {
  const file = path.join(packageDir, 'src', 'package-version.ts');
  if (!fs.existsSync(file)) return false;
  const { name, version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json')));
  const text =
    HEADER +
    `\n/** The version of ${name} (from its package.json). */\n` +
    `export const PACKAGE_VERSION = '${version}';\n`;
  if (fs.readFileSync(file, 'utf8') === text) return false;
  fs.writeFileSync(file, text);
  return true;
}

/** Every package folder under packages/ of the workspace at `root`. */
export function packageDirs(root) {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .map((folder) => path.join(dir, folder))
    .filter((folder) => fs.existsSync(path.join(folder, 'package.json')));
}

// `node tools/build/sync-package-version.mjs` syncs every package (run after `changeset version`).
if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
  for (const dir of packageDirs(root)) {
    if (syncPackageVersion(dir))
      console.log(`synced ${path.relative(root, dir)}/src/package-version.ts`);
  }
}
