#!/usr/bin/env node
// Package hygiene: publint (package.json and files against the Node and bundler rules) and
// @arethetypeswrong/cli (types resolve for require, import, node10 and bundlers) for every
// publishable package. Run after a build.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { WORKSPACE_ROOT, readJson } from './workspace-copy.mjs';

const packagesDir = path.join(WORKSPACE_ROOT, 'packages');
const bin = (name) => path.join(WORKSPACE_ROOT, 'node_modules', '.bin', name);
let failed = 0;
for (const folder of fs.readdirSync(packagesDir)) {
  const dir = path.join(packagesDir, folder);
  if (
    !fs.existsSync(path.join(dir, 'package.json')) ||
    readJson(path.join(dir, 'package.json')).private
  )
    continue;
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
  ]) {
    const result = spawnSync(bin(tool), args, { cwd: WORKSPACE_ROOT, encoding: 'utf8' });
    const ok = result.status === 0;
    if (!ok) failed++;
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${tool} packages/${folder}`);
    if (!ok) console.log((result.stdout + result.stderr).trim());
  }
}
if (failed > 0) {
  console.error(`hygiene: ${failed} check(s) failed`);
  process.exit(1);
}
console.log('hygiene: publint and attw pass for every package');
