// No import circle inside a package: follows every relative import (and export ... from) between
// the non-test TypeScript files of each package's src/ and fails on the first cycle it finds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WORKSPACE_ROOT } from './workspace-copy.mjs';

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [full] : [];
  });
}

function importsOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .filter((match) => !/^\s*(?:import|export)\s+type\s/.test(match[0]))
    .map((match) => path.resolve(path.dirname(file), match[1].replace(/\.js$/, '.ts')))
    .filter((target) => fs.existsSync(target));
}

function findCycle(files) {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map();
  const stack = [];
  const visit = (file) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next];
      if (!state.has(next)) {
        const cycle = visit(next);
        if (cycle) return cycle;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of files) {
    if (!state.has(file)) {
      const cycle = visit(file);
      if (cycle) return cycle;
    }
  }
  return null;
}

const packagesDir = path.join(WORKSPACE_ROOT, 'packages');
for (const folder of fs.readdirSync(packagesDir)) {
  const src = path.join(packagesDir, folder, 'src');
  if (!fs.existsSync(src)) continue;
  test(`packages/${folder}: no import circle`, () => {
    const cycle = findCycle(sourceFiles(src));
    assert.equal(cycle, null, cycle && cycle.map((file) => path.relative(src, file)).join(' -> '));
  });
}

test('the check finds a circle', () => {
  const dir = fs.mkdtempSync(path.join(WORKSPACE_ROOT, 'node_modules', '.cycle-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "export { a as b } from './a.js';\n");
    fs.writeFileSync(path.join(dir, 'c.ts'), "import type { a } from './a.js';\n");
    const cycle = findCycle(sourceFiles(dir));
    assert.deepEqual(
      cycle?.map((file) => path.basename(file)),
      ['a.ts', 'b.ts', 'a.ts'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
