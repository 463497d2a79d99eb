#!/usr/bin/env node
// Release rehearsal on a real registry. Run after `nx run-many -t build`:
//
// 1. starts Verdaccio on 127.0.0.1 (a free port, storage in a temporary folder, third-party
//    packages through an uplink to the npm registry, anonymous publishing of @bnkit/*);
// 2. in a temporary copy of the workspace (with the built dist folders), runs `changeset version`,
//    rebuilds the packages whose build embeds their version, and `changeset publish` against it;
// 3. installs from it, by name and with npm's defaults, into fresh projects: @bnkit/datasets alone;
//    @bnkit/layers + @bnkit/onnx with no onnxruntime (no install script may be present, no
//    onnxruntime-node installed, exportOnnx must work); every published package. Each project runs
//    an ES module consumer (import) and a CommonJS one (require) that call real functions;
// 4. publishes a patch of @bnkit/datasets (release:check's rule decides what else must move),
//    updates the consumers and checks that they got it and that nothing else in their trees moved.
//
// Verdaccio is stopped by its process id on exit.
// Usage: node tools/release-rehearsal.mjs [--keep] [--no-rebuild] [--from-head] [--at <version>]
//   By default it rehearses the working tree (tracked and untracked files) with the dist folders
//   built there. --from-head takes the committed tree instead and builds it in the copy, as CI's
//   fresh clone would. --keep leaves the temporary folders for inspection; --no-rebuild skips
//   rebuilding the packages that embed their version (src/package-version.ts) after versioning.
//   --at <version> drops the pending changesets and publishes every package at <version> first
//   (0.0.3: caret ranges then admit one version only, so the patch moves dependents too).
/* global fetch, clearTimeout */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import semver from 'semver';
import { WORKSPACE_ROOT, copyWorkspace, linkNodeModules, readJson } from './workspace-copy.mjs';
import {
  checkPatchRelease,
  describeMoves,
  dropPendingChangesets,
  setWorkspaceVersion,
  workspacePackages,
} from './release-check.mjs';

const HERE = path.join(WORKSPACE_ROOT, 'tools', 'release-rehearsal');
const OPTIONS = ['--keep', '--no-rebuild', '--from-head', '--at'];
for (const [i, arg] of process.argv.slice(2).entries()) {
  if (!OPTIONS.includes(arg) && process.argv[i + 1] !== '--at') {
    console.error(`release-rehearsal: unknown argument ${arg}; accepted: ${OPTIONS.join(', ')}`);
    process.exit(2);
  }
}
const KEEP = process.argv.includes('--keep');
/** --no-rebuild publishes the dist folders as built, even where they embed the old version. */
const REBUILD = !process.argv.includes('--no-rebuild');
/** --from-head rehearses the committed tree (built in the copy) instead of the working tree. */
const FROM_HEAD = process.argv.includes('--from-head');
/** --at <version>: first publish every package at <version> (no pending changesets), as after a release. */
const AT = process.argv.includes('--at') ? process.argv[process.argv.indexOf('--at') + 1] : null;
if (AT !== null && !semver.valid(AT)) {
  console.error(`release-rehearsal: --at needs a semver version, got ${JSON.stringify(AT)}`);
  process.exit(2);
}
const PATCHED = '@bnkit/datasets';
/** A backend users install next to tfjs-core to run models in Node. */
const CPU_BACKEND = '@tensorflow/tfjs-backend-cpu@^4.22.0';
const RUNTIMES = ['onnxruntime-node', 'onnxruntime-web', 'onnxruntime-common'];
/** No single command (an install, a build, a publish) may hang the rehearsal. */
const COMMAND_TIMEOUT_MS = 5 * 60 * 1000;

const started = Date.now();
const timings = [];
const summary = [];
const cleanups = [];
/** Stops Verdaccio by its process id and waits for it to exit (set once it runs). */
let stopVerdaccio = async () => {};

function seconds(ms) {
  return `${(ms / 1000).toFixed(1)} s`;
}

function step(label, fn) {
  const t0 = Date.now();
  process.stdout.write(`rehearsal: ${label} ...\n`);
  const result = fn();
  const finish = (value) => {
    timings.push([label, Date.now() - t0]);
    return value;
  };
  return result instanceof Promise ? result.then(finish) : finish(result);
}

/** The environment without what `npm run` exports, so child npm runs read only their own config. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_(config|package|lifecycle)_/i.test(key) || key === 'INIT_CWD') continue;
    env[key] = value;
  }
  return { ...env, NX_DAEMON: 'false', ...extra };
}

function sh(command, args, { cwd, env = cleanEnv(), input } = {}) {
  try {
    return execFileSync(command, args, {
      cwd,
      env,
      input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
      timeout: COMMAND_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  } catch (error) {
    const why =
      error.signal === 'SIGKILL'
        ? `was stopped after ${COMMAND_TIMEOUT_MS / 1000} s`
        : `failed with ${error.status}`;
    throw new Error(
      `${command} ${args.join(' ')} (in ${cwd}) ${why}:\n${error.stdout ?? ''}${error.stderr ?? ''}`,
    );
  }
}

/**
 * Removes a temporary folder in a detached `rm -rf` that outlives this process: the consumer
 * projects hold some 12 000 files, and deleting them took 15-40 s on a busy disk, time the
 * rehearsal has no reason to wait for. The `node_modules` link in a workspace copy is removed as
 * a link (rm does not follow it).
 */
function removeLater(dir) {
  if (!dir.startsWith(os.tmpdir()))
    throw new Error(`refusing to remove ${dir}: not a temporary folder`);
  spawn('rm', ['-rf', '--', dir], { detached: true, stdio: 'ignore' }).unref();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startVerdaccio(dir) {
  const upstream = sh('npm', ['config', 'get', 'registry'], { cwd: os.tmpdir() }).trim();
  const config = fs
    .readFileSync(path.join(HERE, 'verdaccio.yaml'), 'utf8')
    .replace('https://registry.npmjs.org/', upstream.endsWith('/') ? upstream : `${upstream}/`);
  fs.writeFileSync(path.join(dir, 'config.yaml'), config);
  const port = await freePort();
  const log = fs.openSync(path.join(dir, 'verdaccio.log'), 'a');
  const bin = path.join(WORKSPACE_ROOT, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  const child = spawn(
    process.execPath,
    [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { cwd: dir, stdio: ['ignore', log, log], env: cleanEnv() },
  );
  const pid = child.pid;
  let exited = null;
  const gone = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      exited = signal ?? code;
      resolve();
    }),
  );
  stopVerdaccio = async () => {
    if (exited !== null) return;
    process.kill(pid, 'SIGTERM');
    const timer = setTimeout(() => exited === null && process.kill(pid, 'SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  };
  cleanups.push(() => {
    // Last resort on an abrupt exit: no event loop left to wait for it.
    if (exited === null) process.kill(pid, 'SIGTERM');
  });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 300; i++) {
    if (exited !== null) break;
    try {
      const response = await fetch(`${url}-/ping`);
      if (response.ok) return { url, pid, upstream };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `Verdaccio did not start (exit: ${exited}); its log:\n${fs.readFileSync(path.join(dir, 'verdaccio.log'), 'utf8')}`,
  );
}

async function publishedVersions(registry, name) {
  const response = await fetch(`${registry}${name.replace('/', '%2f')}`);
  if (response.status === 404) return [];
  assert.ok(response.ok, `registry GET ${name}: ${response.status}`);
  const packument = await response.json();
  return Object.keys(packument.versions ?? {}).sort(semver.compare);
}

function copyDirPreservingTimes(from, to) {
  fs.cpSync(from, to, { recursive: true, preserveTimestamps: true });
}

/** Gives the copied sources the original timestamps, so `tsc --build` sees the dists up to date. */
function preserveTimes(copyRoot) {
  const listed = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: WORKSPACE_ROOT,
      encoding: 'utf8',
    },
  );
  for (const file of listed.split('\0').filter(Boolean)) {
    const from = path.join(WORKSPACE_ROOT, file);
    const to = path.join(copyRoot, file);
    if (!fs.existsSync(from) || !fs.existsSync(to)) continue;
    const { atime, mtime } = fs.statSync(from);
    fs.utimesSync(to, atime, mtime);
  }
}

/** Publishable packages of a workspace (non-private), with their folders. */
function publishable(root) {
  return workspacePackages(root).filter(({ manifest }) => !manifest.private);
}

/** Every built file an exports map (or main/bin) names must exist: the workspace was built. */
function assertBuilt(root) {
  const missing = [];
  for (const { folder, manifest } of publishable(root)) {
    const targets = [];
    const walk = (value, trail) => {
      if (typeof value === 'string') {
        if (!trail.includes('@bnkit/source')) targets.push(value);
      } else if (value && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) walk(inner, [...trail, key]);
      }
    };
    walk(manifest.exports ?? {}, []);
    if (manifest.main) targets.push(manifest.main);
    for (const bin of Object.values(
      typeof manifest.bin === 'string' ? { b: manifest.bin } : (manifest.bin ?? {}),
    ))
      targets.push(bin);
    for (const target of new Set(targets)) {
      if (!fs.existsSync(path.join(root, 'packages', folder, target)))
        missing.push(`${manifest.name}: ${target}`);
    }
  }
  if (missing.length > 0) {
    throw new Error(
      `release-rehearsal: build first (npx nx run-many -t build); missing:\n  ${missing.join('\n  ')}`,
    );
  }
}

function prepareWorkspace() {
  if (FROM_HEAD) return prepareFromHead();
  assertBuilt(WORKSPACE_ROOT);
  const root = copyWorkspace('bnkit-rehearsal-ws-');
  cleanups.push(() => KEEP || removeLater(root));
  preserveTimes(root);
  for (const { folder } of publishable(root)) {
    const dist = path.join(WORKSPACE_ROOT, 'packages', folder, 'dist');
    if (fs.existsSync(dist))
      copyDirPreservingTimes(dist, path.join(root, 'packages', folder, 'dist'));
  }
  return root;
}

/** --from-head: the committed tree (as a fresh clone has it), built there with nx. */
function prepareFromHead() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-rehearsal-head-'));
  cleanups.push(() => KEEP || removeLater(root));
  const archive = execFileSync('git', ['archive', '--format=tar', 'HEAD'], {
    cwd: WORKSPACE_ROOT,
    maxBuffer: 1024 * 1024 * 1024,
  });
  sh('tar', ['-x', '-C', root], { cwd: root, input: archive });
  linkNodeModules(root);
  sh('git', ['init', '-q', '-b', 'main'], { cwd: root });
  const head = sh('git', ['rev-parse', '--short', 'HEAD'], { cwd: WORKSPACE_ROOT }).trim();
  summary.push(`workspace: the committed tree at ${head}, built in the copy`);
  step('build the committed tree (nx run-many -t build)', () =>
    sh(
      path.join(root, 'node_modules', '.bin', 'nx'),
      ['run-many', '-t', 'build', '--skip-sync', '--output-style=static'],
      {
        cwd: root,
      },
    ),
  );
  assertBuilt(root);
  return root;
}

/**
 * The part of the build that depends on the version: packages among `names` with a
 * src/package-version.ts are rebuilt with the workspace's own build script (the release order is
 * version, build, publish). Returns the names rebuilt.
 */
function rebuildVersioned(root, names, env) {
  const builder = path.join(root, 'tools', 'build', 'build-package.mjs');
  const rebuilt = [];
  for (const { folder, manifest } of publishable(root)) {
    const dir = path.join(root, 'packages', folder);
    if (!REBUILD || !names.includes(manifest.name)) continue;
    if (!fs.existsSync(path.join(dir, 'src', 'package-version.ts'))) continue;
    if (!fs.existsSync(builder)) {
      console.warn(`rehearsal: no tools/build/build-package.mjs; ${manifest.name} not rebuilt`);
      continue;
    }
    sh(process.execPath, [builder], { cwd: dir, env });
    rebuilt.push(manifest.name);
  }
  return rebuilt;
}

/**
 * `npm run version-packages` (or `changeset version`) with the pending changesets, then
 * {@link rebuildVersioned}.
 */
function versionAndRebuild(root, env) {
  const before = new Map(publishable(root).map((p) => [p.manifest.name, p.manifest.version]));
  // The workspace's own versioning script when it has one (changeset version + follow-ups).
  if (readJson(path.join(root, 'package.json')).scripts?.['version-packages'])
    sh('npm', ['run', '--silent', 'version-packages'], { cwd: root, env });
  else sh(path.join(root, 'node_modules', '.bin', 'changeset'), ['version'], { cwd: root, env });
  const moved = publishable(root)
    .filter((p) => before.get(p.manifest.name) !== p.manifest.version)
    .map((p) => p.manifest.name);
  return rebuildVersioned(root, moved, env);
}

function publish(root, env) {
  return sh(path.join(root, 'node_modules', '.bin', 'changeset'), ['publish', '--no-git-tag'], {
    cwd: root,
    env,
  });
}

/** name -> set of installed versions (nested copies included), from `npm ls --all --json`. */
function installedTree(project, env) {
  let json;
  try {
    json = sh('npm', ['ls', '--all', '--json'], { cwd: project, env });
  } catch (error) {
    // npm ls exits 1 on peer problems but still prints the tree.
    json = error.message.slice(error.message.indexOf('{'));
  }
  const tree = new Map();
  const visit = (deps) => {
    for (const [name, info] of Object.entries(deps ?? {})) {
      if (!info.version) continue;
      if (!tree.has(name)) tree.set(name, new Set());
      tree.get(name).add(info.version);
      visit(info.dependencies);
    }
  };
  visit(JSON.parse(json).dependencies);
  return tree;
}

/**
 * Every bin of the scenario's packages runs, and the version it prints is the one installed
 * (read from node_modules), which --no-rebuild does not promise.
 */
function checkBins(scenario, manifests, env) {
  for (const manifest of manifests.filter((m) => scenario.names.includes(m.name) && m.bin)) {
    const installed = readJson(
      path.join(scenario.project, 'node_modules', manifest.name, 'package.json'),
    ).version;
    const bins =
      typeof manifest.bin === 'string' ? [manifest.name.split('/')[1]] : Object.keys(manifest.bin);
    for (const bin of bins) {
      const printed = sh(path.join(scenario.project, 'node_modules', '.bin', bin), ['--version'], {
        cwd: scenario.project,
        env,
      }).trim();
      if (REBUILD)
        assert.equal(
          printed,
          installed,
          `${bin} --version prints ${printed}, installed ${installed}`,
        );
      summary.push(`${scenario.label}: \`${bin} --version\` prints ${printed}`);
    }
  }
}

/**
 * The bnkit packages npm installs for `names`: those and, transitively, the bnkit packages they
 * name in dependencies, optionalDependencies or required (non-optional) peerDependencies.
 */
function bnkitClosure(names, manifests) {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  const found = new Set();
  const visit = (name) => {
    if (found.has(name) || !byName.has(name)) return;
    found.add(name);
    const m = byName.get(name);
    const peers = Object.keys(m.peerDependencies ?? {}).filter(
      (peer) => !m.peerDependenciesMeta?.[peer]?.optional,
    );
    for (const dep of [
      ...Object.keys(m.dependencies ?? {}),
      ...Object.keys(m.optionalDependencies ?? {}),
      ...peers,
    ])
      visit(dep);
  };
  names.forEach(visit);
  return [...found].sort();
}

function installScripts(project) {
  const lock = readJson(path.join(project, 'package-lock.json'));
  return Object.entries(lock.packages ?? {})
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([where]) => where.replace(/^.*node_modules\//, ''));
}

function runConsumers(project, names, env) {
  const outputs = {};
  for (const file of ['consumer.mjs', 'consumer.cjs']) {
    const out = sh(process.execPath, [file, JSON.stringify(names)], { cwd: project, env });
    outputs[file] = JSON.parse(out.trim().split('\n').pop());
  }
  const esm = outputs['consumer.mjs'];
  const cjs = outputs['consumer.cjs'];
  for (const name of names) {
    assert.deepEqual(
      esm[name].exports,
      cjs[name].exports,
      `${name}: import and require give different exports`,
    );
    assert.deepEqual(esm[name].checks, cjs[name].checks, `${name}: ESM and CJS results differ`);
  }
  return esm;
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bnkit-rehearsal-'));
  cleanups.push(() => KEEP || removeLater(tmp));
  const registryDir = path.join(tmp, 'verdaccio');
  fs.mkdirSync(registryDir);

  const root = step('copy the built workspace', prepareWorkspace);
  const {
    url: registry,
    pid,
    upstream,
  } = await step('start Verdaccio', () => startVerdaccio(registryDir));
  summary.push(`Verdaccio ${registry} (pid ${pid}; uplink ${upstream})`);

  // Publishing: the registry from npm_config_registry, a fake token (Verdaccio allows anonymous
  // publishing of @bnkit/*) in a user config of our own.
  const host = registry.replace(/^https?:/, '');
  const userconfig = path.join(tmp, 'publish.npmrc');
  fs.writeFileSync(userconfig, `${host}:_authToken=rehearsal-fake-token\n`);
  const publishEnv = cleanEnv({ npm_config_registry: registry, NPM_CONFIG_USERCONFIG: userconfig });

  // 1. First release: every pending changeset.
  const rebuilt = AT
    ? step(`set every package to ${AT} and rebuild`, () => {
        dropPendingChangesets(root);
        const names = setWorkspaceVersion(root, AT);
        return rebuildVersioned(root, names, publishEnv);
      })
    : step('changeset version (pending changesets) and rebuild', () =>
        versionAndRebuild(root, publishEnv),
      );
  const released = publishable(root).map((p) => p.manifest);
  step('changeset publish', () => publish(root, publishEnv));
  for (const manifest of released) {
    const versions = await publishedVersions(registry, manifest.name);
    assert.deepEqual(versions, [manifest.version], `${manifest.name} on the registry: ${versions}`);
  }
  summary.push(
    `published: ${released.map((m) => `${m.name}@${m.version}`).join(', ')}` +
      (rebuilt.length ? ` (rebuilt after versioning: ${rebuilt.join(', ')})` : ''),
  );

  // 2. Consumers, installed by name with npm's defaults from the local registry only.
  const all = released.map((m) => m.name);
  const scenarios = [
    { label: 'datasets alone', names: ['@bnkit/datasets'], extra: [] },
    {
      label: 'layers + onnx, no runtime',
      names: ['@bnkit/layers', '@bnkit/onnx'],
      extra: [CPU_BACKEND],
      noRuntime: true,
    },
    { label: 'all packages', names: all, extra: [CPU_BACKEND] },
  ];
  const consumerEnv = cleanEnv();
  const failures = [];
  /** Runs one scenario's part; a failure is recorded and the rehearsal goes on with the others. */
  const attempt = async (scenario, what, fn) => {
    if (scenario.failed) return;
    try {
      await fn();
    } catch (error) {
      scenario.failed = true;
      const lines = error.message.split('\n');
      const text = lines.length > 40 ? [...lines.slice(0, 40), '...'].join('\n') : error.message;
      failures.push(`${scenario.label} (${what}): ${text}`);
      summary.push(`${scenario.label}: FAILED at ${what}`);
    }
  };
  const installAndRun = async (scenario) => {
    for (const name of scenario.names)
      assert.ok(all.includes(name), `${scenario.label}: ${name} is not a published package`);
    const project = path.join(tmp, `consumer-${scenario.label.replace(/[^a-z]+/g, '-')}`);
    fs.mkdirSync(project);
    fs.writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({ name: 'rehearsal-consumer', version: '1.0.0', private: true }, null, 2),
    );
    fs.writeFileSync(path.join(project, '.npmrc'), `registry=${registry}\n`);
    for (const file of ['consumer-checks.cjs', 'consumer.mjs', 'consumer.cjs'])
      fs.copyFileSync(path.join(HERE, file), path.join(project, file));
    scenario.project = project;
    const log = await step(`install ${scenario.label}`, () =>
      sh('npm', ['install', '--no-audit', '--no-fund', ...scenario.names, ...scenario.extra], {
        cwd: project,
        env: consumerEnv,
      }),
    );
    const tree = installedTree(project, consumerEnv);
    const bnkit = [...tree.keys()].filter((n) => n.startsWith('@bnkit/')).sort();
    assert.deepEqual(
      bnkit,
      bnkitClosure(scenario.names, released),
      `${scenario.label}: bnkit packages installed (what was asked for and what it requires)`,
    );
    for (const manifest of released.filter((m) => bnkit.includes(m.name)))
      assert.deepEqual(
        [...tree.get(manifest.name)],
        [manifest.version],
        `${manifest.name} version`,
      );
    const scripts = installScripts(project);
    if (scenario.noRuntime) {
      const runtimes = RUNTIMES.filter((n) => tree.has(n));
      assert.deepEqual(runtimes, [], `${scenario.label}: installed ${runtimes.join(', ')}`);
      assert.deepEqual(scripts, [], `${scenario.label}: packages with install scripts: ${scripts}`);
    }
    const blocked = /install script|install-scripts approve/i.test(log);
    const results = step(`run ${scenario.label} consumers (ESM + CJS)`, () =>
      runConsumers(project, scenario.names, consumerEnv),
    );
    scenario.before = tree;
    checkBins(scenario, released, consumerEnv);
    const checks = Object.entries(results)
      .flatMap(([, r]) => Object.entries(r.checks).map(([k, v]) => `${k}: ${v}`))
      .join('; ');
    summary.push(
      `${scenario.label}: ${tree.size} packages installed, ` +
        `${scripts.length ? `install scripts present (${scripts.join(', ')})${blocked ? ', npm left them unapproved' : ''}` : 'no install scripts'}` +
        `${RUNTIMES.some((n) => tree.has(n)) ? `, runtimes: ${RUNTIMES.filter((n) => tree.has(n)).join(', ')}` : ', no onnxruntime'}; ` +
        `ESM and CJS agree; ${checks}`,
    );
  };
  for (const scenario of scenarios)
    await attempt(scenario, 'install and run', () => installAndRun(scenario));

  // 3. A patch of datasets alone: what must move moves (release:check's rule), nothing else.
  const before = new Map(
    await Promise.all(all.map(async (n) => [n, await publishedVersions(registry, n)])),
  );
  const moves = step(`changeset version (patch of ${PATCHED})`, () =>
    checkPatchRelease(root, PATCHED),
  );
  const patchRebuilt = step('rebuild what embeds its version', () =>
    rebuildVersioned(
      root,
      moves.map((m) => m.name),
      publishEnv,
    ),
  );
  step('changeset publish (patch)', () => publish(root, publishEnv));
  for (const name of all) {
    const versions = await publishedVersions(registry, name);
    const move = moves.find((m) => m.name === name);
    const expected = move ? [...before.get(name), move.to] : before.get(name);
    assert.deepEqual(versions, expected, `${name} on the registry after the patch`);
  }
  summary.push(
    `patch published: ${describeMoves(moves)}; nothing else on the registry changed` +
      (patchRebuilt.length ? ` (rebuilt: ${patchRebuilt.join(', ')})` : ''),
  );

  const updateAndRun = async (scenario) => {
    // What the consumer asked for by name and that moved: `npm update` when the saved ranges
    // accept the new versions; else `npm install <name>@<new>` (caret ranges at 0.0.x).
    const saved = readJson(path.join(scenario.project, 'package.json')).dependencies;
    const asked = moves.filter((m) => saved[m.name]);
    const outOfRange = asked.filter((m) => !semver.satisfies(m.to, saved[m.name]));
    const args =
      outOfRange.length === 0
        ? ['update', '--prefer-online', '--no-audit', '--no-fund']
        : [
            'install',
            '--prefer-online',
            '--no-audit',
            '--no-fund',
            ...asked.map((m) => `${m.name}@${m.to}`),
          ];
    await step(`${args[0]} ${scenario.label}`, () =>
      sh('npm', args, { cwd: scenario.project, env: consumerEnv }),
    );
    const after = installedTree(scenario.project, consumerEnv);
    const moved = moves.map((m) => m.name);
    for (const [name, versions] of after) {
      const expected = moves.find((m) => m.name === name);
      if (expected) {
        assert.deepEqual([...versions], [expected.to], `${scenario.label}: ${name} after update`);
      } else {
        assert.deepEqual(
          [...versions].sort(),
          [...(scenario.before.get(name) ?? [])].sort(),
          `${scenario.label}: ${name} moved on update but only ${moved.join(', ')} should`,
        );
      }
    }
    assert.equal(after.size, scenario.before.size, `${scenario.label}: the tree changed size`);
    step(`rerun ${scenario.label} consumers`, () =>
      runConsumers(scenario.project, scenario.names, consumerEnv),
    );
    checkBins(scenario, released, consumerEnv);
    const got = moves.filter((m) => after.has(m.name)).map((m) => `${m.name}@${m.to}`);
    summary.push(
      `${scenario.label}: \`npm ${args[0]}\` got ${got.join(', ')}; the other ${after.size - got.length} packages kept their versions`,
    );
  };
  for (const scenario of scenarios.filter((s) => s.names.includes(PATCHED)))
    await attempt(scenario, `update to the ${PATCHED} patch`, () => updateAndRun(scenario));
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

function cleanup() {
  while (cleanups.length > 0) {
    try {
      cleanups.pop()();
    } catch (error) {
      console.error(`rehearsal cleanup: ${error.message}`);
    }
  }
}
process.on('exit', cleanup);
const finish = async () => {
  let t0 = Date.now();
  await stopVerdaccio(); // its process would otherwise keep this one alive
  console.log(`    ${seconds(Date.now() - t0).padStart(8)}  stop Verdaccio (pid)`);
  t0 = Date.now();
  cleanup();
  console.log(
    `    ${seconds(Date.now() - t0).padStart(8)}  temporary folders handed to a background rm -rf`,
  );
  process.exit(process.exitCode ?? 0);
};
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    cleanup();
    process.exit(130);
  });
}

function report() {
  for (const line of summary) console.log(`  - ${line}`);
  console.log('  timings:');
  for (const [label, ms] of timings) console.log(`    ${seconds(ms).padStart(8)}  ${label}`);
  console.log(`    ${seconds(Date.now() - started).padStart(8)}  total`);
}

main().then(
  () => {
    console.log('\nrelease-rehearsal: ok');
    report();
    return finish();
  },
  (error) => {
    console.log('\nrelease-rehearsal: FAILED');
    report();
    console.error(`\n${error.message}`);
    process.exitCode = 1;
    return finish();
  },
);
