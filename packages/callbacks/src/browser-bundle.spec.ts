// The main entry runs in a browser bundle: esbuild bundles src/index.ts (and @bnkit/core from its
// source) for the browser with tfjs left external, and nothing Node-only comes in. The /node
// entry is where the files are, and the same bundle of it does pull Node builtins.
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

async function bundle(entry: string): Promise<{ text: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [join(__dirname, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    external: ['@tensorflow/*'],
    conditions: ['@bnkit/source'],
    logLevel: 'silent',
  });
  return { text: result.outputFiles[0]!.text, metafile: result.metafile };
}

describe('browser bundle of the main entry', () => {
  it('bundles with no node: import, no native module and no /node file', async () => {
    const { text, metafile } = await bundle('index.ts');
    expect(text).not.toMatch(/from\s*["']node:|require\(["']node:|import\(["']node:/);
    const inputs = Object.keys(metafile.inputs);
    expect(inputs.filter((file) => file.includes('/callbacks/src/node/'))).toEqual([]);
    expect(inputs.filter((file) => /resvg|\.node$|core\/src\/node/.test(file))).toEqual([]);
    const imports = Object.values(metafile.outputs).flatMap((out) =>
      out.imports.map((i) => i.path),
    );
    expect(imports.filter((path) => !path.startsWith('@tensorflow/'))).toEqual([]);
    // the bundle really holds the package: the callbacks and the core validation
    expect(text).toContain('earlyStopping');
    expect(text).toContain('checkOptions');
  });

  it('refuses to bundle the /node entry for the browser (it is Node-only)', async () => {
    await expect(bundle('node.ts')).rejects.toThrow(/node:fs|node:path|Could not resolve/);
  });
});
