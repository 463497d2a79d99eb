// Temporary copies of the workspace for the tools' own checks: a git clone of the committed tree
// or a copy of the tracked files, with node_modules linked from this checkout so nothing installs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const WORKSPACE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Copies the files git tracks (committed or staged) plus untracked, non-ignored ones. */
export function copyWorkspace(prefix) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
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
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(target, file)), { recursive: true });
    fs.copyFileSync(from, path.join(target, file));
  }
  linkNodeModules(target);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: target });
  return target;
}

export function linkNodeModules(target) {
  fs.symlinkSync(
    path.join(WORKSPACE_ROOT, 'node_modules'),
    path.join(target, 'node_modules'),
    'dir',
  );
}

/** Lists every file under `dir` (relative paths), skipping node_modules and .git. */
export function listFiles(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === '.git') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full, base) : [path.relative(base, full)];
  });
}

export function readJson(file) {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
