// The ESM build of a Node-only module has no `require`, `__filename` or `__dirname`. Modules
// behind a package's `/node` subpath may use them (to load an optional peer, or find a file next
// to themselves); this adds the same definitions ESM code would write by hand, to exactly the
// files that use them, as tsup's `shims` option does. Browser entries never use them (the
// browser-bundle test fails if one does).
import fs from 'node:fs';
import path from 'node:path';

const USES = /(?<![.\w$])(require|__filename|__dirname)(?![\w$])/;

function shimFor(text) {
  const lines = [
    "import { createRequire as __bnkitCreateRequire } from 'node:module';",
    "import { fileURLToPath as __bnkitFileURLToPath } from 'node:url';",
    'const __filename = __bnkitFileURLToPath(import.meta.url);',
    "const __dirname = __filename.slice(0, Math.max(__filename.lastIndexOf('/'), __filename.lastIndexOf('\\\\')));",
    'const require = __bnkitCreateRequire(import.meta.url);',
  ];
  // One line, no newline: the source map's line numbers stay right.
  return lines.join(' ') + ' ' + text;
}

function* jsFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(full);
    else if (entry.name.endsWith('.js')) yield full;
  }
}

/** Adds the shims to every ESM file under `dir` that uses require, __filename or __dirname. */
export function addNodeShims(dir) {
  for (const file of jsFiles(dir)) {
    const text = fs.readFileSync(file, 'utf8');
    if (text.startsWith('import { createRequire as __bnkitCreateRequire }')) continue;
    const code = text
      .replace(/\/\/.*$/gm, '')
      .replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g, '""');
    if (USES.test(code)) fs.writeFileSync(file, shimFor(text));
  }
}
