#!/usr/bin/env node
// Release check: in a temporary copy of the workspace, drop the pending changesets, add one patch
// changeset for one package, run `changeset version`, and assert that exactly the packages that
// must move moved, each with a CHANGELOG entry, and nothing else.
//
// "Must move" is derived from the semver ranges in the package.json files, with the rule of
// changesets 2.x (@changesets/assemble-release-plan `determineDependents`, default
// `updateInternalDependents: "out-of-range"`): a workspace package moves (patch) when one of its
// dependencies, optionalDependencies or peerDependencies on a moving package no longer accepts the
// new version; a devDependency alone never moves it; the rule applies transitively. Ignored
// packages, and private ones when `privatePackages.version` is false, never move. (A peer on a
// package that gets a minor or major bump would make changesets bump the dependent major; a patch
// never does.)
//
// Usage: node tools/release-check.mjs [package] [--at <version>]
//   --at sets every workspace package to <version> (internal ranges to ^<version>, keeping each
//   range's operator) in the copy first, as after a release.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { copyWorkspace, readJson } from './workspace-copy.mjs';

export const DEPENDENCY_TYPES = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
];
/** Dependency types whose range, once left, makes the dependent release. */
const RELEASING_TYPES = ['dependencies', 'optionalDependencies', 'peerDependencies'];
const MESSAGE = 'Release check: a patch of one package.';

/** The workspace's packages (every packages/<folder>/package.json), as `{ folder, manifest }`. */
export function workspacePackages(root) {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .filter((folder) => fs.existsSync(path.join(dir, folder, 'package.json')))
    .sort()
    .map((folder) => ({ folder, manifest: readJson(path.join(dir, folder, 'package.json')) }));
}

/** The parts of .changeset/config.json that decide who is versioned, with changesets' defaults. */
export function readChangesetConfig(root) {
  const file = path.join(root, '.changeset', 'config.json');
  const json = fs.existsSync(file) ? readJson(file) : {};
  const unsafe = json.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH ?? {};
  return {
    ignore: json.ignore ?? [],
    versionPrivate:
      json.privatePackages === false ? false : (json.privatePackages?.version ?? true),
    updateInternalDependents: unsafe.updateInternalDependents ?? 'out-of-range',
  };
}

/** A workspace range as changesets reads it (`workspace:^` means ^<current version>). */
function effectiveRange(range, dependencyVersion) {
  if (!range.startsWith('workspace:')) return range;
  const stripped = range.slice('workspace:'.length);
  if (stripped === '*') return dependencyVersion;
  if (stripped === '^' || stripped === '~') return `${stripped}${dependencyVersion}`;
  return stripped;
}

/**
 * Which packages must move when `released` gets a patch: a map from name to
 * `{ from, to, because }` (`because` is the dependency whose range was left, absent for `released`).
 *
 * @example
 * planPatchRelease(workspacePackages(root).map((p) => p.manifest), '@bnkit/datasets', readChangesetConfig(root))
 */
export function planPatchRelease(manifests, released, config) {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  const target = byName.get(released);
  if (!target) {
    throw new Error(
      `release-check: package ${JSON.stringify(released)} is not in the workspace; accepted: ${[...byName.keys()].join(', ')}`,
    );
  }
  const skipped = (m) =>
    config.ignore.includes(m.name) || (m.private && !config.versionPrivate) || !m.version;
  const plan = new Map();
  if (skipped(target)) return plan;
  plan.set(released, { from: target.version, to: semver.inc(target.version, 'patch') });
  const queue = [released];
  while (queue.length > 0) {
    const moving = queue.shift();
    const { from, to } = plan.get(moving);
    for (const dependent of manifests) {
      if (plan.has(dependent.name) || skipped(dependent)) continue;
      const leaves = RELEASING_TYPES.some((type) => {
        const range = dependent[type]?.[moving];
        if (!range) return false;
        const valid = semver.validRange(effectiveRange(range, from));
        if (valid === null) return false;
        return config.updateInternalDependents === 'always' || !semver.satisfies(to, valid);
      });
      if (!leaves) continue;
      plan.set(dependent.name, {
        from: dependent.version,
        to: semver.inc(dependent.version, 'patch'),
        because: moving,
      });
      queue.push(dependent.name);
    }
  }
  return plan;
}

/**
 * Sets every workspace package to `version` and every internal range to `<operator><version>`
 * (the operator of the range it replaces: `^`, `~` or none), as the workspace looks after a
 * release of that version. Returns the names changed.
 */
export function setWorkspaceVersion(root, version) {
  assert.ok(
    semver.valid(version),
    `setWorkspaceVersion: ${JSON.stringify(version)} is not a semver version`,
  );
  const packages = workspacePackages(root);
  const names = new Set(packages.map((p) => p.manifest.name));
  for (const { folder, manifest } of packages) {
    manifest.version = version;
    for (const type of DEPENDENCY_TYPES) {
      for (const [name, range] of Object.entries(manifest[type] ?? {})) {
        if (!names.has(name)) continue;
        const prefix = range.startsWith('workspace:') ? 'workspace:' : '';
        const operator = /^[\^~]/.exec(range.slice(prefix.length))?.[0] ?? '';
        manifest[type][name] = `${prefix}${operator}${version}`;
      }
    }
    fs.writeFileSync(
      path.join(root, 'packages', folder, 'package.json'),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
  }
  return [...names];
}

/** Removes the pending changesets (and pre-release mode) of the workspace at `root`. */
export function dropPendingChangesets(root) {
  const changesetDir = path.join(root, '.changeset');
  for (const file of fs.readdirSync(changesetDir)) {
    if ((file.endsWith('.md') && file !== 'README.md') || file === 'pre.json')
      fs.rmSync(path.join(changesetDir, file));
  }
  return changesetDir;
}

/**
 * Runs the check in `root` (a disposable copy of the workspace, modified in place): patch
 * `released`, `changeset version`, compare with {@link planPatchRelease}. Throws an
 * AssertionError naming the package that moved or stayed wrongly. Returns the moves.
 */
export function checkPatchRelease(root, released = '@bnkit/datasets') {
  const changesetDir = dropPendingChangesets(root);
  fs.writeFileSync(
    path.join(changesetDir, 'release-check.md'),
    `---\n'${released}': patch\n---\n\n${MESSAGE}\n`,
  );
  const before = workspacePackages(root);
  const plan = planPatchRelease(
    before.map((p) => p.manifest),
    released,
    readChangesetConfig(root),
  );

  try {
    execFileSync(path.join(root, 'node_modules', '.bin', 'changeset'), ['version'], {
      cwd: root,
      stdio: 'pipe',
      encoding: 'utf8',
    });
  } catch (error) {
    throw new Error(`release-check: changeset version failed:\n${error.stdout}${error.stderr}`);
  }

  const after = new Map(workspacePackages(root).map((p) => [p.manifest.name, p]));
  const moves = [];
  for (const { folder, manifest } of before) {
    const next = after.get(manifest.name).manifest;
    const expected = plan.get(manifest.name);
    const changelog = path.join(root, 'packages', folder, 'CHANGELOG.md');
    if (!expected) {
      assert.equal(
        next.version,
        manifest.version,
        `${manifest.name} moved ${manifest.version} -> ${next.version} but none of its ranges was left by the patch of ${released}`,
      );
      continue;
    }
    const why = expected.because
      ? `its range ${JSON.stringify(manifest.dependencies?.[expected.because] ?? manifest.optionalDependencies?.[expected.because] ?? manifest.peerDependencies?.[expected.because])} for ${expected.because} does not accept ${plan.get(expected.because).to}`
      : 'it has the changeset';
    assert.equal(
      next.version,
      expected.to,
      `${manifest.name} should have moved ${expected.from} -> ${expected.to} (${why}) but is at ${next.version}`,
    );
    assert.ok(fs.existsSync(changelog), `${manifest.name} moved but has no CHANGELOG.md`);
    const text = fs.readFileSync(changelog, 'utf8');
    const entry = text.split(/^## /m).find((section) => section.startsWith(`${next.version}\n`));
    assert.ok(entry, `${manifest.name} CHANGELOG.md has no "## ${next.version}" entry`);
    if (expected.because) {
      assert.ok(
        entry.includes(`${expected.because}@${plan.get(expected.because).to}`),
        `${manifest.name} CHANGELOG ${next.version} entry does not name ${expected.because}@${plan.get(expected.because).to}:\n${entry}`,
      );
    } else {
      assert.ok(
        entry.includes(MESSAGE),
        `${released} CHANGELOG ${next.version} lacks the changeset text`,
      );
    }
    moves.push({
      name: manifest.name,
      from: manifest.version,
      to: next.version,
      because: expected.because,
    });
  }
  // A package that moved names each moved dependency at its new version, keeping the operator
  // (changesets' updateInternalDependencies: "patch" rewrites them on any bump).
  for (const move of moves) {
    const manifest = after.get(move.name).manifest;
    for (const type of RELEASING_TYPES) {
      for (const [dep, range] of Object.entries(manifest[type] ?? {})) {
        const depMove = plan.get(dep);
        if (!depMove || range.startsWith('workspace:')) continue;
        const operator = /^[\^~]/.exec(range)?.[0] ?? '';
        assert.equal(
          range,
          `${operator}${depMove.to}`,
          `${move.name} ${type} ${dep}@${range}: expected ${operator}${depMove.to} after the release`,
        );
      }
    }
  }
  // Whatever moved or not, every internal range must accept the version now in the workspace.
  for (const [name, { manifest }] of after) {
    for (const type of DEPENDENCY_TYPES) {
      for (const [dep, range] of Object.entries(manifest[type] ?? {})) {
        const target = after.get(dep)?.manifest;
        if (!target) continue;
        const valid = semver.validRange(effectiveRange(range, target.version));
        if (valid === null) continue;
        assert.ok(
          semver.satisfies(target.version, valid),
          `${name} ${type} ${dep}@${range} does not accept the workspace's ${dep}@${target.version}`,
        );
      }
    }
  }
  return moves;
}

/** Copies the workspace, optionally sets every package to `at`, runs the check, cleans up. */
export function runReleaseCheck({ released = '@bnkit/datasets', at } = {}) {
  const root = copyWorkspace('bnkit-release-');
  try {
    if (at) setWorkspaceVersion(root, at);
    return checkPatchRelease(root, released);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

export function describeMoves(moves) {
  return moves
    .map(
      (m) => `${m.name} ${m.from} -> ${m.to}${m.because ? ` (range for ${m.because} left)` : ''}`,
    )
    .join('; ');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const atIndex = args.indexOf('--at');
  const at = atIndex >= 0 ? args.splice(atIndex, 2)[1] : undefined;
  const released = args[0] ?? '@bnkit/datasets';
  try {
    const moves = runReleaseCheck({ released, at });
    console.log(
      `release-check: ok${at ? ` at ${at}` : ''} (${describeMoves(moves)}; the others kept their versions)`,
    );
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
