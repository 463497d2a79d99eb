#!/usr/bin/env node
// Release check: in a temporary copy of the workspace, drop the pending changesets, add one patch
// changeset for one package, run `changeset version`, and assert that exactly that package and its
// internal dependents changed version, each with a CHANGELOG entry, and nothing else moved.
import fs from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyWorkspace, readJson } from './workspace-copy.mjs';

const RELEASED = process.argv[2] ?? '@bnkit/datasets';
const MESSAGE = 'Release check: a patch of one package.';

function workspacePackages(root) {
  const dir = path.join(root, 'packages');
  return fs
    .readdirSync(dir)
    .filter((folder) => fs.existsSync(path.join(dir, folder, 'package.json')))
    .map((folder) => ({ folder, manifest: readJson(path.join(dir, folder, 'package.json')) }));
}

function dependentsOf(name, packages) {
  const found = new Set();
  const visit = (target) => {
    for (const { manifest } of packages) {
      const deps = { ...manifest.dependencies, ...manifest.peerDependencies };
      if (deps[target] && !found.has(manifest.name)) {
        found.add(manifest.name);
        visit(manifest.name);
      }
    }
  };
  visit(name);
  return found;
}

const root = copyWorkspace('bnkit-release-');
try {
  const changesetDir = path.join(root, '.changeset');
  for (const file of fs.readdirSync(changesetDir)) {
    if (file.endsWith('.md') && file !== 'README.md') fs.rmSync(path.join(changesetDir, file));
  }
  fs.writeFileSync(
    path.join(changesetDir, 'release-check.md'),
    `---\n'${RELEASED}': patch\n---\n\n${MESSAGE}\n`,
  );
  const before = workspacePackages(root);
  assert.ok(
    before.some((p) => p.manifest.name === RELEASED),
    `release-check: ${RELEASED} is not a workspace package; accepted: ${before.map((p) => p.manifest.name).join(', ')}`,
  );
  const expected = new Set([RELEASED, ...dependentsOf(RELEASED, before)]);

  execFileSync(path.join(root, 'node_modules', '.bin', 'changeset'), ['version'], {
    cwd: root,
    stdio: 'pipe',
  });

  const after = new Map(workspacePackages(root).map((p) => [p.manifest.name, p]));
  const changed = [];
  for (const { folder, manifest } of before) {
    const next = after.get(manifest.name).manifest;
    const changelog = path.join(root, 'packages', folder, 'CHANGELOG.md');
    if (next.version === manifest.version) {
      assert.ok(
        !expected.has(manifest.name),
        `${manifest.name} should have changed version but stayed ${manifest.version}`,
      );
      continue;
    }
    changed.push(`${manifest.name} ${manifest.version} -> ${next.version}`);
    assert.ok(
      expected.has(manifest.name),
      `${manifest.name} changed version (${manifest.version} -> ${next.version}) but should not have`,
    );
    assert.ok(fs.existsSync(changelog), `${manifest.name} changed version but has no CHANGELOG.md`);
    const text = fs.readFileSync(changelog, 'utf8');
    assert.match(
      text,
      new RegExp(`## ${next.version.replace(/\./g, '\\.')}`),
      `${manifest.name} CHANGELOG has no ${next.version} entry`,
    );
    if (manifest.name === RELEASED)
      assert.ok(text.includes(MESSAGE), `${RELEASED} CHANGELOG lacks the changeset text`);
    for (const [dep, range] of Object.entries(next.dependencies ?? {})) {
      const target = after.get(dep);
      if (target)
        assert.equal(
          range,
          `^${target.manifest.version}`,
          `${manifest.name} depends on ${dep}@${range}, expected ^${target.manifest.version}`,
        );
    }
  }
  assert.equal(
    changed.length,
    expected.size,
    `expected ${[...expected].join(', ')} to change, got: ${changed.join('; ')}`,
  );
  console.log(`release-check: ok (${changed.join('; ')}; the others kept their versions)`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
