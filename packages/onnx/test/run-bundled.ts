import { buildSync } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const packageRoot = path.resolve(__dirname, '..');

/**
 * A scratch folder inside the package (out-tsc/ is ignored by git), so that bundles written
 * there resolve the workspace's node_modules (onnxruntime-node, onnxruntime-web, tfjs).
 */
export function scratchDir(prefix: string): string {
  fs.mkdirSync(path.join(packageRoot, 'out-tsc'), { recursive: true });
  return fs.mkdtempSync(path.join(packageRoot, 'out-tsc', `${prefix}-`));
}

/**
 * Bundles package entries from source (src/node.ts, src/web.ts) with esbuild into `dir` as ES
 * modules, the runtimes and tfjs left as imports, and returns the paths by entry name. Node-only
 * code gets `require` as the package's ESM build does.
 */
export function bundleEntries(dir: string, entries: string[]): Record<string, string> {
  buildSync({
    entryPoints: entries.map((e) => path.join(packageRoot, 'src', `${e}.ts`)),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    conditions: ['@bnkit/source'],
    external: ['onnxruntime-node', 'onnxruntime-web', '@tensorflow/*', 'protobufjs', 'long'],
    // What tools/build/node-shims.mjs gives the package's own ESM build.
    banner: {
      js: "import { createRequire as __bnkitCreateRequire } from 'node:module'; const require = __bnkitCreateRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  return Object.fromEntries(entries.map((e) => [e, path.join(dir, `${e}.mjs`)]));
}

/**
 * Runs an ES module script in a fresh Node process (outside jest's module sandbox, with its
 * own native state: Dawn keeps its adapter answer per process) and returns its stdout as JSON.
 */
export function runScript<T>(
  dir: string,
  source: string,
  args: string[],
  env: Record<string, string> = {},
): T {
  const script = path.join(dir, `script-${Math.random().toString(36).slice(2)}.mjs`);
  fs.writeFileSync(script, source);
  const child = spawnSync(process.execPath, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 90_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) {
    throw new Error(`script exited with ${child.status}:\n${child.stderr}`);
  }
  return JSON.parse(child.stdout) as T;
}
