// The release check at the three starting points a real project passes through (0.0.x before the
// first release, 0.1.0 after it, 1.2.3 past 1.0), and its "must move" rule against changesets on
// synthetic packages (peer, optional, dev-only, transitive, workspace: ranges).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  checkPatchRelease,
  planPatchRelease,
  runReleaseCheck,
  setWorkspaceVersion,
  workspacePackages,
} from './release-check.mjs';
import { WORKSPACE_ROOT, copyWorkspace } from './workspace-copy.mjs';

const CONFIG = { ignore: [], versionPrivate: true, updateInternalDependents: 'out-of-range' };
const names = (plan) => [...plan.keys()].sort();

/** Workspace packages that depend on `name` (any dependency type), read from package.json files. */
function dependentsOf(name, manifests) {
  return manifests.filter((m) =>
    ['dependencies', 'peerDependencies', 'optionalDependencies'].some((t) => m[t]?.[name]),
  );
}

const manifests = workspacePackages(WORKSPACE_ROOT).map((p) => p.manifest);

test('planPatchRelease: caret ranges on 0.0.x are left by any patch, transitively', () => {
  const plan = planPatchRelease(
    [
      { name: 'a', version: '0.0.0' },
      { name: 'b', version: '0.0.0', dependencies: { a: '^0.0.0' } },
      { name: 'c', version: '0.0.0', peerDependencies: { b: '^0.0.0' } },
      { name: 'd', version: '0.0.0', devDependencies: { a: '^0.0.0' } },
      { name: 'e', version: '0.0.0', optionalDependencies: { c: '^0.0.0' } },
      { name: 'f', version: '0.0.0', dependencies: { a: '>=0.0.0' } },
    ],
    'a',
    CONFIG,
  );
  assert.deepEqual(names(plan), ['a', 'b', 'c', 'e']);
  assert.deepEqual(plan.get('c'), { from: '0.0.0', to: '0.0.1', because: 'b' });
});

test('planPatchRelease: at 0.1.0 and 1.2.3 a patch stays in caret and tilde ranges', () => {
  for (const v of ['0.1.0', '1.2.3']) {
    const plan = planPatchRelease(
      [
        { name: 'a', version: v },
        { name: 'b', version: v, dependencies: { a: `^${v}` } },
        { name: 'c', version: v, peerDependencies: { a: `~${v}` } },
        { name: 'd', version: v, dependencies: { a: v } },
        { name: 'e', version: v, dependencies: { a: 'workspace:*' } },
        { name: 'g', version: v, dependencies: { a: 'workspace:^' } },
      ],
      'a',
      CONFIG,
    );
    assert.deepEqual(names(plan), ['a', 'd', 'e'], v);
  }
});

test('planPatchRelease: ignored and (when configured) private packages never move', () => {
  const packages = [
    { name: 'a', version: '0.0.0' },
    { name: 'b', version: '0.0.0', dependencies: { a: '^0.0.0' } },
    { name: 'p', version: '0.0.0', private: true, dependencies: { a: '^0.0.0' } },
  ];
  assert.deepEqual(names(planPatchRelease(packages, 'a', { ...CONFIG, ignore: ['b'] })), [
    'a',
    'p',
  ]);
  assert.deepEqual(names(planPatchRelease(packages, 'a', { ...CONFIG, versionPrivate: false })), [
    'a',
    'b',
  ]);
  assert.throws(() => planPatchRelease(packages, 'zz', CONFIG), /"zz" is not in the workspace/);
});

for (const at of [undefined, '0.1.0', '1.2.3']) {
  test(`release check passes on the workspace at ${at ?? 'its current versions'}`, () => {
    const moves = runReleaseCheck({ released: '@bnkit/datasets', at });
    const moved = moves.map((m) => m.name).sort();
    assert.ok(moved.includes('@bnkit/datasets'));
    if (at) {
      // Past 0.0.x a caret range accepts the next patch: only datasets moves.
      assert.deepEqual(moved, ['@bnkit/datasets']);
    } else if (manifests.every((m) => m.version.startsWith('0.0.'))) {
      // On 0.0.x every dependent that declares datasets with ^0.0.x moves (cli today).
      for (const dependent of dependentsOf('@bnkit/datasets', manifests))
        if (/^\^0\.0\./.test(dependent.dependencies?.['@bnkit/datasets'] ?? ''))
          assert.ok(moved.includes(dependent.name), `${dependent.name} should move`);
    }
  });
}

test('release check at 0.0.x follows the deepest chain of dependents (core -> libraries -> cli when present)', () => {
  // The package with most transitive dependents, derived from the package.json files.
  const reach = (name, seen = new Set()) => {
    for (const d of dependentsOf(name, manifests))
      if (!seen.has(d.name)) reach(d.name, seen.add(d.name));
    return seen;
  };
  const [deepest] = manifests
    .filter((m) => !m.private)
    .map((m) => ({ name: m.name, count: reach(m.name).size }))
    .sort((x, y) => y.count - x.count || x.name.localeCompare(y.name));
  const moves = runReleaseCheck({ released: deepest.name, at: '0.0.4' });
  assert.deepEqual(moves.map((m) => m.name).sort(), [deepest.name, ...reach(deepest.name)].sort());
});

test("the rule matches changesets' own on peer, dev-only and transitive dependents", () => {
  const root = copyWorkspace('bnkit-release-probe-');
  try {
    setWorkspaceVersion(root, '0.0.2');
    const probe = (folder, fields) => {
      fs.mkdirSync(path.join(root, 'packages', folder));
      fs.writeFileSync(
        path.join(root, 'packages', folder, 'package.json'),
        JSON.stringify({ name: `@probe/${folder}`, version: '1.0.0', ...fields }, null, 2),
      );
    };
    probe('peer', { peerDependencies: { '@bnkit/datasets': '^0.0.2' } });
    probe('dev-only', { devDependencies: { '@bnkit/datasets': '^0.0.2' } });
    probe('chain', { dependencies: { '@probe/peer': '^1.0.0' } });
    probe('exact', { private: true, dependencies: { '@probe/peer': '1.0.0' } });
    probe('loose', { dependencies: { '@bnkit/datasets': '>=0.0.1 <1' } });
    const moved = checkPatchRelease(root, '@bnkit/datasets').map((m) => m.name);
    assert.ok(moved.includes('@probe/peer'));
    assert.ok(moved.includes('@probe/exact'));
    for (const name of ['@probe/dev-only', '@probe/chain', '@probe/loose'])
      assert.ok(!moved.includes(name), `${name} should not move`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the rule follows .changeset/config.json: updateInternalDependents "always" moves every dependent', () => {
  const root = copyWorkspace('bnkit-release-always-');
  try {
    setWorkspaceVersion(root, '1.2.3');
    const file = path.join(root, '.changeset', 'config.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8'));
    config.___experimentalUnsafeOptions_WILL_CHANGE_IN_PATCH = {
      updateInternalDependents: 'always',
    };
    fs.writeFileSync(file, JSON.stringify(config, null, 2));
    const moved = checkPatchRelease(root, '@bnkit/datasets').map((m) => m.name);
    const direct = dependentsOf('@bnkit/datasets', manifests).map((m) => m.name);
    for (const name of direct) assert.ok(moved.includes(name), `${name} should move`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
