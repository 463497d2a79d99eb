// The house rules every publishable bnkit package.json follows, as data a test can assert.
// Kept in plain CommonJS so package tests, the generator and the pack check share one copy.
const fs = require('node:fs');
const path = require('node:path');

const REQUIRED_FILES_EXCLUDED = ['!src/**/*.spec.ts'];

function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** Every string target in an exports map, with the condition path that leads to it. */
function exportTargets(exportsField, trail = []) {
  if (typeof exportsField === 'string') return [{ trail, target: exportsField }];
  if (exportsField === null || typeof exportsField !== 'object') return [];
  return Object.entries(exportsField).flatMap(([key, value]) =>
    exportTargets(value, [...trail, key]),
  );
}

/** Where a built file comes from: dist/foo.js and dist/foo.d.ts come from src/foo.ts. */
function sourceOfBuiltFile(target, outDir, rootDir) {
  const normalized = path.posix.normalize(target);
  if (!normalized.startsWith(outDir + '/')) return null;
  const relative = normalized.slice(outDir.length + 1).replace(/\.d\.ts$|\.js$/, '.ts');
  return path.posix.join(rootDir, relative);
}

/** The output folders of the CommonJS (tsconfig.lib.json) and ESM (tsconfig.lib.esm.json) builds. */
function buildOutputs(dir) {
  const lib = readJson(path.join(dir, 'tsconfig.lib.json')).compilerOptions ?? {};
  const rootDir = path.posix.normalize(lib.rootDir ?? 'src');
  const outputs = { require: path.posix.normalize(lib.outDir ?? 'dist') };
  const esmFile = path.join(dir, 'tsconfig.lib.esm.json');
  if (fs.existsSync(esmFile)) {
    const esm = readJson(esmFile).compilerOptions ?? {};
    outputs.import = path.posix.normalize(esm.outDir ?? outputs.require);
  }
  return { rootDir, outputs };
}

/** Checks that `types` comes before `default` in every condition object of an exports entry. */
function checkConditionOrder(value, where, problems) {
  if (value === null || typeof value !== 'object') return;
  const keys = Object.keys(value);
  if (
    keys.includes('types') &&
    keys.includes('default') &&
    keys.indexOf('types') > keys.indexOf('default')
  )
    problems.push(`${where}: "types" must come before "default"`);
  for (const [key, inner] of Object.entries(value))
    checkConditionOrder(inner, `${where}[${JSON.stringify(key)}]`, problems);
}

function checkExports(dir, pkg) {
  const problems = [];
  const { rootDir, outputs } = buildOutputs(dir);
  const outDirs = Object.values(outputs);
  if (!pkg.exports || typeof pkg.exports !== 'object') {
    return [`"exports" must be an object map, got ${JSON.stringify(pkg.exports)}`];
  }
  if (!pkg.exports['.']) problems.push('"exports" has no "." entry');
  if (pkg.exports['./package.json'] !== './package.json') {
    problems.push('"exports" must expose "./package.json" for tools that read it');
  }
  for (const { trail, target } of exportTargets(pkg.exports)) {
    const where = `exports${trail.map((k) => `[${JSON.stringify(k)}]`).join('')}`;
    if (!target.startsWith('./'))
      problems.push(`${where} = ${target}: targets must start with "./"`);
    const local = target.slice(2);
    if (trail.includes('@bnkit/source') || local === 'package.json') {
      if (!fs.existsSync(path.join(dir, local)))
        problems.push(`${where} = ${target}: file missing`);
      continue;
    }
    const outDir = outDirs.find((out) => path.posix.normalize(local).startsWith(out + '/'));
    const source = outDir === undefined ? null : sourceOfBuiltFile(local, outDir, rootDir);
    if (source === null) {
      problems.push(`${where} = ${target}: built targets must live in ${outDirs.join(' or ')}`);
    } else if (!fs.existsSync(path.join(dir, source))) {
      problems.push(`${where} = ${target}: no source ${source} builds it`);
    }
    for (const [condition, out] of Object.entries(outputs)) {
      if (trail.includes(condition) && outDir !== out)
        problems.push(`${where} = ${target}: the "${condition}" build lives in ${out}`);
    }
    const last = trail[trail.length - 1];
    if (last === 'types' && !target.endsWith('.d.ts')) problems.push(`${where} must be a .d.ts`);
    if (last === 'default' && !target.endsWith('.js')) problems.push(`${where} must be a .js file`);
  }
  checkConditionOrder(pkg.exports, 'exports', problems);
  // TypeScript's node10 resolution ignores "exports": each subpath needs a typesVersions entry.
  for (const [key, value] of Object.entries(pkg.exports)) {
    if (key === '.' || key === './package.json' || value === null || typeof value !== 'object')
      continue;
    const wanted = value.require?.types;
    const mapped = pkg.typesVersions?.['*']?.[key.slice(2)];
    if (wanted !== undefined && (mapped?.length !== 1 || mapped[0] !== wanted))
      problems.push(
        `typesVersions["*"][${JSON.stringify(key.slice(2))}] must be ["${wanted}"] for node10 resolution`,
      );
  }
  const root = pkg.exports['.'];
  if (root && typeof root === 'object') {
    const required = root.require ?? root;
    if (outputs.import !== undefined && !root.import)
      problems.push('exports["."] must have an "import" entry for the ESM build');
    if (pkg.main !== required.default)
      problems.push(
        `"main" (${pkg.main}) must equal the require entry's default (${required.default})`,
      );
    if (pkg.types !== required.types)
      problems.push(
        `"types" (${pkg.types}) must equal the require entry's types (${required.types})`,
      );
    if (root.import && pkg.module !== root.import.default)
      problems.push(
        `"module" (${pkg.module}) must equal the import entry's default (${root.import.default})`,
      );
  }
  return problems;
}

function checkPeers(pkg, peers) {
  const problems = [];
  for (const peer of peers) {
    if (!pkg.peerDependencies?.[peer]) problems.push(`${peer} must be a peerDependency`);
    if (!pkg.devDependencies?.[peer])
      problems.push(`${peer} must also be a devDependency, for the tests`);
    if (pkg.dependencies?.[peer])
      problems.push(`${peer} must not be a dependency (a second copy breaks tfjs)`);
  }
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    if (name.startsWith('@tensorflow/tfjs'))
      problems.push(`${name} must be a peerDependency, not a dependency`);
  }
  for (const name of Object.keys(pkg.peerDependencies ?? {})) {
    for (const field of ['dependencies', 'optionalDependencies']) {
      if (pkg[field]?.[name])
        problems.push(`${name} is both a peerDependency and in ${field}; keep it a peer only`);
    }
    // A required peer is installed by the user; the package's own tests need it as a devDependency.
    const required = !pkg.peerDependenciesMeta?.[name]?.optional;
    if (required && !peers.includes(name) && !pkg.devDependencies?.[name])
      problems.push(`${name} must also be a devDependency, for the tests`);
  }
  return problems;
}

function checkFiles(dir, pkg) {
  const problems = [];
  const files = pkg.files;
  if (!Array.isArray(files)) return [`"files" must be a list, got ${JSON.stringify(files)}`];
  if (!files.includes('dist')) problems.push('"files" must include "dist"');
  for (const pattern of REQUIRED_FILES_EXCLUDED) {
    if (!files.includes(pattern)) problems.push(`"files" must include "${pattern}"`);
  }
  if (!fs.existsSync(path.join(dir, 'README.md'))) problems.push('README.md is missing');
  for (const { target } of exportTargets(pkg.exports ?? {})) {
    const top = target.slice(2).split('/')[0];
    if (top !== 'package.json' && !files.includes(top))
      problems.push(`"files" does not ship ${target}`);
  }
  return problems;
}

/**
 * A bnkit package may be named only where allowed. A package outside the @bnkit scope (a plugin)
 * must take bnkit packages as peerDependencies (and devDependencies for its tests), never as
 * dependencies: an application and its plugins must share one copy of each bnkit package.
 */
function checkBnkitDependencies(pkg, allowed, peersOnly = !String(pkg.name).startsWith('@bnkit/')) {
  const problems = [];
  for (const field of [
    'dependencies',
    'peerDependencies',
    'optionalDependencies',
    'devDependencies',
  ]) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      if (!name.startsWith('@bnkit/')) continue;
      if (!allowed.includes(name)) {
        problems.push(
          `${field} names ${name}; this package may depend on: ${allowed.join(', ') || 'no bnkit package'}`,
        );
      } else if (peersOnly && (field === 'dependencies' || field === 'optionalDependencies')) {
        problems.push(
          `${field} names ${name}; a plugin takes bnkit packages as peerDependencies (and devDependencies for its tests)`,
        );
      }
    }
  }
  return problems;
}

function checkHouseFields(dir, pkg) {
  const problems = [];
  const folder = path.basename(path.resolve(dir));
  if (pkg.license !== 'MIT')
    problems.push(`"license" must be "MIT", got ${JSON.stringify(pkg.license)}`);
  if (pkg.sideEffects !== false)
    problems.push(`"sideEffects" must be false, got ${JSON.stringify(pkg.sideEffects)}`);
  if (pkg.engines?.node !== '>=20')
    problems.push(`"engines.node" must be ">=20", got ${JSON.stringify(pkg.engines?.node)}`);
  if (pkg.repository?.directory !== `packages/${folder}`) {
    problems.push(
      `"repository.directory" must be "packages/${folder}", got ${JSON.stringify(pkg.repository?.directory)}`,
    );
  }
  if (pkg.private) problems.push('a publishable package must not be "private"');
  if (pkg.publishConfig?.access !== 'public')
    problems.push('"publishConfig.access" must be "public"');
  if (typeof pkg.description !== 'string' || pkg.description.length < 10)
    problems.push('"description" is missing');
  return problems;
}

/**
 * Checks a package folder against the house rules.
 * @param {string} dir the package folder
 * @param {{ peers: string[], bnkitDependencies: string[], bnkitPeersOnly?: boolean }} expected
 *   `peers`: packages that must be peerDependencies (and devDependencies); `bnkitDependencies`: the
 *   only @bnkit/* packages it may name, in any field; `bnkitPeersOnly` (default: true unless the
 *   package is itself @bnkit/*): those must be peers, not dependencies.
 */
function checkPackageContract(dir, expected) {
  const pkg = readJson(path.join(dir, 'package.json'));
  return {
    name: pkg.name,
    checks: [
      { name: 'exports map resolves to sources that build it', problems: checkExports(dir, pkg) },
      { name: 'tfjs is declared as a peer', problems: checkPeers(pkg, expected.peers) },
      { name: 'files list ships what exports names', problems: checkFiles(dir, pkg) },
      {
        name: 'depends on no bnkit package it should not',
        problems: checkBnkitDependencies(pkg, expected.bnkitDependencies, expected.bnkitPeersOnly),
      },
      { name: 'carries the house fields', problems: checkHouseFields(dir, pkg) },
    ],
  };
}

module.exports = { checkPackageContract, exportTargets };
