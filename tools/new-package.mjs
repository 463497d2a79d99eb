#!/usr/bin/env node
// Scaffolds a package in the house layout:
// `npm run new-package -- <name> [--description "..."] [--peer <bnkit package>]...`.
// An unscoped name becomes @bnkit/<name>; a scoped name (a third-party plugin) is kept as given.
// The bnkit packages it builds on (default: @bnkit/core when the workspace has it) and tfjs are
// peerDependencies, so an application and its plugins share one copy (and one registry) of each;
// they are devDependencies too, for the package's own tests.
// Nothing is written unless every check passes, and the package folder appears in one rename.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const validateNpmPackageName = require('validate-npm-package-name');

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATE_DIR = path.join(TOOLS_DIR, 'templates', 'package');
const FOLDER_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export class NewPackageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'NewPackageError';
  }
}

/** Splits `name` into the npm name and the folder under packages/, or throws NewPackageError. */
export function resolvePackageName(name) {
  if (typeof name !== 'string' || name.length === 0) {
    throw new NewPackageError(
      `A package name is required, got ${JSON.stringify(name)}. ` +
        'Accepted: a lowercase npm name such as "my-plugin" (becomes @bnkit/my-plugin) or "@scope/my-plugin".',
    );
  }
  const fullName = name.startsWith('@') ? name : `@bnkit/${name}`;
  const verdict = validateNpmPackageName(fullName);
  const reasons = [...(verdict.errors ?? []), ...(verdict.warnings ?? [])];
  const folder = fullName.split('/')[1] ?? '';
  if (!FOLDER_PATTERN.test(folder))
    reasons.push('the part after the scope must match /^[a-z0-9][a-z0-9-]*$/');
  if (!fullName.includes('/')) reasons.push('a scoped name needs a "/"');
  if (reasons.length > 0) {
    throw new NewPackageError(
      `Invalid package name ${JSON.stringify(name)}: ${reasons.join('; ')}. ` +
        'Accepted: a lowercase npm name such as "my-plugin" (becomes @bnkit/my-plugin) or "@scope/my-plugin".',
    );
  }
  return { fullName, folder };
}

function workspacePackages(root) {
  const packagesDir = path.join(root, 'packages');
  if (!fs.existsSync(packagesDir)) return [];
  return fs
    .readdirSync(packagesDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() && fs.existsSync(path.join(packagesDir, entry.name, 'package.json')),
    )
    .map((entry) => {
      const manifest = JSON.parse(
        fs.readFileSync(path.join(packagesDir, entry.name, 'package.json'), 'utf8'),
      );
      return {
        folder: entry.name,
        name: manifest.name,
        version: manifest.version,
        private: manifest.private === true,
      };
    });
}

/**
 * Resolves `--peer` names to workspace packages: an unscoped name means @bnkit/<name>. Returns
 * `[{ name, range }]` with range `^<workspace version>`, or throws NewPackageError.
 */
export function resolveBnkitPeers(root, requested) {
  const available = workspacePackages(root).filter((pkg) => !pkg.private && pkg.name);
  const names =
    requested ?? (available.some((p) => p.name === '@bnkit/core') ? ['@bnkit/core'] : []);
  const peers = [];
  for (const raw of names) {
    const name = raw.startsWith('@') ? raw : `@bnkit/${raw}`;
    const found = available.find((pkg) => pkg.name === name);
    if (!name.startsWith('@bnkit/') || !found) {
      throw new NewPackageError(
        `--peer ${JSON.stringify(raw)} is not a publishable bnkit package of this workspace. ` +
          `Accepted: ${available.map((pkg) => pkg.name.replace(/^@bnkit\//, '')).join(', ') || 'none'} (with or without the @bnkit/ scope).`,
      );
    }
    if (!peers.some((peer) => peer.name === name)) peers.push({ name, range: `^${found.version}` });
  }
  return peers.sort((a, b) => a.name.localeCompare(b.name));
}

/** Adds the bnkit peers (and the same devDependencies, for tests) to the rendered package.json. */
function addBnkitPeers(dir, peers) {
  const file = path.join(dir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  const merged = (field) => {
    const entries = { ...manifest[field] };
    for (const { name, range } of peers) entries[name] = range;
    return Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a.localeCompare(b)));
  };
  manifest.peerDependencies = merged('peerDependencies');
  manifest.devDependencies = merged('devDependencies');
  fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
}

/** `  const <name>: string[] = ['a', 'b'];` laid out as Prettier would (printWidth 100). */
function renderConstList(name, values) {
  const quoted = values.map((value) => `'${value}'`);
  const line = `  const ${name}: string[] = [${quoted.join(', ')}];`;
  if (line.length <= 100) return line;
  return `  const ${name}: string[] = [\n${quoted.map((q) => `    ${q},\n`).join('')}  ];`;
}

function renderTemplates(fromDir, toDir, values) {
  fs.mkdirSync(toDir, { recursive: true });
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name.replace(/\.tpl$/, ''));
    if (entry.isDirectory()) {
      renderTemplates(from, to, values);
    } else {
      const text = fs
        .readFileSync(from, 'utf8')
        .replace(/__([A-Z]+)__/g, (match, key) => values[key] ?? match);
      fs.writeFileSync(to, text);
    }
  }
}

function writeFileAtomic(file, text) {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}

function addRootReference(root, folder) {
  const file = path.join(root, 'tsconfig.json');
  const tsconfig = JSON.parse(fs.readFileSync(file, 'utf8'));
  const reference = `./packages/${folder}`;
  tsconfig.references = [
    ...(tsconfig.references ?? []).filter((r) => r.path !== reference),
    { path: reference },
  ];
  tsconfig.references.sort((a, b) => a.path.localeCompare(b.path));
  writeFileAtomic(file, JSON.stringify(tsconfig, null, 2) + '\n');
}

function addInitialChangeset(root, fullName, folder) {
  const file = path.join(root, '.changeset', `${folder}-initial-release.md`);
  writeFileAtomic(file, `---\n'${fullName}': minor\n---\n\nFirst release of ${fullName}.\n`);
}

/**
 * Creates packages/<folder> from tools/templates/package and wires it into the workspace.
 * `peers` lists the bnkit packages it builds on (default: @bnkit/core when the workspace has it).
 * @example createPackage({ root: process.cwd(), name: 'my-plugin', description: 'Adds a layer.', peers: ['onnx'] })
 */
export function createPackage({ root, name, description, peers }) {
  const { fullName, folder } = resolvePackageName(name);
  const bnkitPeers = resolveBnkitPeers(root, peers);
  const target = path.join(root, 'packages', folder);
  const existing = workspacePackages(root);
  if (fs.existsSync(target)) {
    throw new NewPackageError(
      `packages/${folder} already exists; choose another name than ${JSON.stringify(name)}.`,
    );
  }
  const clash = existing.find((pkg) => pkg.name === fullName);
  if (clash) {
    throw new NewPackageError(
      `The workspace already has a package named ${fullName} (packages/${clash.folder}); choose another name.`,
    );
  }
  const text = description ?? `A bnkit package: ${folder}.`;
  const staging = path.join(root, 'packages', `.${folder}.${process.pid}.staging`);
  fs.mkdirSync(path.dirname(staging), { recursive: true });
  try {
    renderTemplates(TEMPLATE_DIR, staging, {
      NAME: fullName,
      DIR: folder,
      DESCRIPTION: text,
      BNKITPEERS: renderConstList(
        'bnkitPeers',
        bnkitPeers.map((peer) => peer.name),
      ),
      PEERINSTALL: bnkitPeers.map((peer) => ` ${peer.name}`).join(''),
    });
    addBnkitPeers(staging, bnkitPeers);
    fs.copyFileSync(path.join(root, 'LICENSE'), path.join(staging, 'LICENSE'));
    fs.renameSync(staging, target);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    addRootReference(root, folder);
    addInitialChangeset(root, fullName, folder);
  } catch (error) {
    fs.rmSync(target, { recursive: true, force: true });
    throw error;
  }
  return { fullName, folder, dir: target, peers: bnkitPeers.map((peer) => peer.name) };
}

function parseArguments(argv) {
  const options = { install: true, description: undefined, names: [], peers: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--no-install') options.install = false;
    else if (arg === '--description') options.description = argv[++i];
    else if (arg.startsWith('--description='))
      options.description = arg.slice('--description='.length);
    else if (arg === '--peer' || arg.startsWith('--peer=')) {
      const value = arg === '--peer' ? argv[++i] : arg.slice('--peer='.length);
      if (!value) throw new NewPackageError('--peer needs a bnkit package name, e.g. --peer onnx.');
      options.peers = [...(options.peers ?? []), ...value.split(',').filter(Boolean)];
    } else if (arg === '--no-peers') options.peers = [];
    else if (arg === '--help' || arg === '-h') options.help = true;
    else if (arg.startsWith('-'))
      throw new NewPackageError(
        `Unknown option ${arg}; accepted: --description <text>, --peer <bnkit package>, --no-peers, --no-install.`,
      );
    else options.names.push(arg);
  }
  if (!options.help && options.names.length !== 1) {
    throw new NewPackageError(
      `Expected exactly one package name, got ${options.names.length}: ${JSON.stringify(options.names)}.`,
    );
  }
  return options;
}

const USAGE = `Usage: npm run new-package -- <name> [--description "<text>"] [--peer <pkg>]... [--no-peers] [--no-install]

Creates packages/<name> (npm name @bnkit/<name>, or the scoped name you give) with a README,
package.json, tsconfig project files, a jest config and a first metadata test, adds it to the
root tsconfig references and adds a changeset for its first release.

--peer <pkg> (repeatable, or comma-separated) names a bnkit package the new one builds on, e.g.
--peer onnx for a converter plugin. Each becomes a peerDependency (and a devDependency for the
tests), like tfjs, so the application and its plugins share one copy. Default: @bnkit/core when
the workspace has it; --no-peers for none. Unless --no-install is
given it then runs \`npm install\` so the workspace links the new package.`;

function main() {
  const root = path.resolve(TOOLS_DIR, '..');
  let options;
  try {
    options = parseArguments(process.argv.slice(2));
    if (options.help) {
      console.log(USAGE);
      return;
    }
    const created = createPackage({
      root,
      name: options.names[0],
      description: options.description,
      peers: options.peers,
    });
    console.log(
      `Created ${created.fullName} in packages/${created.folder}` +
        (created.peers.length ? ` (bnkit peers: ${created.peers.join(', ')})` : ''),
    );
    if (options.install)
      execFileSync('npm', ['install', '--prefer-offline'], { cwd: root, stdio: 'inherit' });
    console.log(`Next: npx nx run-many -t build test -p ${created.fullName}`);
  } catch (error) {
    if (error instanceof NewPackageError) {
      console.error(`new-package: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
