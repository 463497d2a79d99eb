import { buildSync } from 'esbuild';
import path from 'node:path';

describe('@bnkit/onnx/web in a browser bundle', () => {
  it('bundles with esbuild --platform=browser, with no Node built-in and no onnxruntime-node', () => {
    const result = buildSync({
      entryPoints: [path.join(__dirname, '..', 'web.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      conditions: ['@bnkit/source'],
      external: ['@tensorflow/*', 'onnxruntime-web'],
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/(import\(|require\(|from )["']onnxruntime-node/);
    // onnxruntime-web stays a lazily loaded import: a page that never opens a session never fetches it.
    expect(code).toMatch(/import\(["']onnxruntime-web["']\)/);
  });
});
