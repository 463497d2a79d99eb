import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { CHROMIUM, inspectPage } from '../../../tools/testing/chromium.cjs';

// Node has no WebGL or WebGPU, so the layers run on tfjs's webgl and webgpu backends inside
// headless Chromium (software GL and SwiftShader's WebGPU adapter): the PyTorch fixtures that the
// cpu and wasm paths pass, bundled with the layer sources by esbuild. Same 1e-4 tolerance as on cpu
// (float32 against float64).
const TOL = 1e-4;

interface WebglReport {
  backend: string;
  error?: string;
  float32?: boolean;
  results: Record<string, Record<string, number>>;
  fusedAdamDifference?: number;
}

const withChromium = CHROMIUM === undefined ? describe.skip : describe;
if (CHROMIUM === undefined) {
  console.warn(
    'SKIPPED: the webgl and webgpu tests need /usr/bin/chromium (the CI installs it; apt-get install chromium)',
  );
}

withChromium.each(['webgl', 'webgpu'])(
  'BatchNormalization and GroupNormalization on the %s backend (headless Chromium)',
  (backend) => {
    let report: WebglReport;
    let consoleErrors: string[];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bnkit-${backend}-`));

    beforeAll(async () => {
      await build({
        entryPoints: [path.join(__dirname, '..', 'test', 'browser-backends-entry.ts')],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        outfile: path.join(dir, 'bundle.js'),
        logLevel: 'silent',
      });
      fs.writeFileSync(
        path.join(dir, 'index.html'),
        '<!doctype html><script src="bundle.js"></script>',
      );
      const page = await inspectPage(
        path.join(dir, 'index.html'),
        `runFixtures(${JSON.stringify(backend)})`,
        path.join(dir, 'page.png'),
        undefined,
        { webgpu: backend === 'webgpu' },
      );
      consoleErrors = page.consoleErrors;
      report = JSON.parse(page.value as string) as WebglReport;
    }, 120_000);
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('runs in float32 with no console error', () => {
      expect(report.error).toBeUndefined();
      expect(report.backend).toBe(backend);
      expect(report.float32).toBe(true);
      expect(consoleErrors).toEqual([]);
      // 14 BatchNormalization and 6 GroupNormalization fixture cases
      expect(Object.keys(report.results)).toHaveLength(20);
    });

    it('matches PyTorch: training forward, gradients, moving statistics and inference', () => {
      const failures = Object.entries(report.results).flatMap(([name, errors]) =>
        Object.entries(errors)
          .filter(([, error]) => !(error < TOL))
          .map(([quantity, error]) => `${name}: ${quantity} off by ${error}`),
      );
      expect(failures).toEqual([]);
    });

    it("trains with fusedAdam exactly as with tf.train.adam (tfjs's own update here)", () => {
      expect(report.fusedAdamDifference).toBe(0);
    });
  },
);
