// The main entry really runs in a browser: a page bundled from test/browser-entry.ts trains a
// BN model in headless Chromium with the progress logger (console output), early stopping,
// ReduceLROnPlateau, TerminateOnNaN, the BN monitor and a lambda callback, then draws the plot
// and the report as strings. No console error, no `process` needed.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { CHROMIUM, inspectPage } from '../../../tools/testing/chromium.cjs';

const withChromium = CHROMIUM === undefined ? it.skip : it;
if (CHROMIUM === undefined) {
  console.warn(
    'SKIPPED: the browser run needs /usr/bin/chromium (the CI installs it; apt-get install chromium)',
  );
}

describe('the main entry in a browser', () => {
  withChromium(
    'trains with the callbacks and draws the plot and report in headless Chromium',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bnkit-callbacks-browser-'));
      try {
        await build({
          entryPoints: [join(__dirname, '..', 'test', 'browser-entry.ts')],
          bundle: true,
          format: 'iife',
          platform: 'browser',
          conditions: ['@bnkit/source'],
          outfile: join(dir, 'bundle.js'),
          logLevel: 'silent',
        });
        writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="bundle.js"></script>');
        const page = await inspectPage(
          join(dir, 'index.html'),
          'runCallbacks()',
          join(dir, 'page.png'),
        );
        expect(page.consoleErrors).toEqual([]);
        expect(JSON.parse(page.value as string)).toEqual({
          epochs: 3,
          logged: 3,
          svg: true,
          reportCharts: 3 + 3, // acc, loss, learning_rate (from reduceLROnPlateau); the BN monitor's three
          typo: expect.stringMatching(
            /^earlyStopping: option name must be one of .*; received "patiance"\. Did you mean "patience"\?$/,
          ),
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    120_000,
  );
});
