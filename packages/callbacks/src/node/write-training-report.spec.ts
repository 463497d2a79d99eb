import { mkdtempSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, inspectPage } from '../../../../tools/testing/chromium.cjs';
import { tinyData, useCpu } from '../../test/tiny-model.js';
import reference from '../__fixtures__/reference-history.json';
import { batchNormMonitor } from '../batch-norm-monitor.js';
import { writeTrainingReport } from './write-training-report.js';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

beforeAll(useCpu);

async function trainedMonitor() {
  const { x, y } = tinyData();
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 4, activation: 'relu', inputShape: [2], name: 'd0' }),
      tfl.layers.batchNormalization({ name: 'bn0' }),
      tfl.layers.dense({ units: 1, activation: 'sigmoid', name: 'out' }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: 'binaryCrossentropy' });
  const monitor = batchNormMonitor({ probe: x });
  await model.fit(x, y, { epochs: 4, batchSize: 8, verbose: 0, callbacks: [monitor] });
  return monitor;
}

describe('writeTrainingReport', () => {
  it('writes one self-contained page: summary, history charts, BN charts, metrics table', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-report-'));
    const path = writeTrainingReport(dir, {
      history: reference,
      bnMonitor: await trainedMonitor(),
      summary: { optimizer: 'adam', 'batch size': 32 },
    });
    expect(path).toBe(join(dir, 'report.html'));
    const html = readFileSync(path, 'utf8');
    expect(html.match(/<svg /g)).toHaveLength(2 + 3);
    expect(html).toContain('>Model accuracy</text>');
    expect(html).toContain('>Model loss</text>');
    expect(html).toContain('<td>Best val_acc</td>');
    expect(html).toContain('<td>optimizer</td><td>adam</td>');
    expect(html.match(/<tr><td>\d+<\/td>/g)).toHaveLength(50);
    // nothing to fetch, nothing to run
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
  });

  it('reports the best validation value and its epoch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-report-'));
    const html = readFileSync(writeTrainingReport(dir, { history: reference }), 'utf8');
    const valLoss = reference.history.val_loss;
    const best = Math.min(...valLoss);
    expect(html).toContain(
      `<td>Best val_loss</td><td>${best.toFixed(4)} (epoch ${valLoss.indexOf(best) + 1})</td>`,
    );
  });

  it('rejects an empty history', () => {
    expect(() => writeTrainingReport('x', { history: { history: {} } })).toThrow(
      /writeTrainingReport: history must be a History with at least one metric/,
    );
  });

  const withChromium = CHROMIUM === undefined ? it.skip : it;
  if (CHROMIUM === undefined) {
    console.warn(
      'SKIPPED: the report browser test needs /usr/bin/chromium (the CI installs it; apt-get install chromium)',
    );
  }
  withChromium(
    'renders in headless Chromium with every chart drawn and no console error (screenshot saved)',
    async () => {
      const dir = process.env['BNKIT_REPORT_DIR'] ?? mkdtempSync(join(tmpdir(), 'bnkit-report-'));
      mkdirSync(dir, { recursive: true });
      const path = writeTrainingReport(dir, {
        history: reference,
        bnMonitor: await trainedMonitor(),
      });
      const { consoleErrors, value } = await inspectPage(
        path,
        `JSON.stringify([...document.querySelectorAll('svg')].map((svg) => {
           const box = svg.getBoundingClientRect();
           const line = svg.querySelector('polyline');
           const lineBox = line ? line.getBBox() : { width: 0, height: 0 };
           return { width: box.width, height: box.height, lines: svg.querySelectorAll('polyline').length,
                    lineWidth: lineBox.width, lineHeight: lineBox.height };
         }))`,
        join(dir, 'report.png'),
      );
      expect(consoleErrors).toEqual([]);
      const charts = JSON.parse(value as string) as {
        width: number;
        height: number;
        lines: number;
        lineWidth: number;
      }[];
      expect(charts).toHaveLength(5);
      for (const chart of charts) {
        expect(chart.width).toBeGreaterThan(600);
        expect(chart.height).toBe(400);
        expect(chart.lines).toBeGreaterThan(0);
        expect(chart.lineWidth).toBeGreaterThan(100);
      }
    },
    60_000,
  );
});
