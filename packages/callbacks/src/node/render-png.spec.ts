import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionalPeerMissingError } from '@bnkit/core';
import reference from '../__fixtures__/reference-history.json';
import { CallbackArgumentError } from '../errors.js';
import { plotHistory } from '../plot-history.js';
import { loadResvg, renderPng } from './render-png.js';
import { writePlot } from './write-plot.js';

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png);
  expect(view.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe('renderPng', () => {
  const svg = plotHistory(reference, { metrics: ['loss', 'val_loss'], title: 'Model loss' });

  it('renders the chart at the requested scale', async () => {
    expect(pngSize(await renderPng(svg, { scale: 2 }))).toEqual({ width: 1280, height: 800 });
    expect(pngSize(await renderPng(svg, { scale: 1 }))).toEqual({ width: 640, height: 400 });
  });

  it('draws the series colours (the lines are really there)', async () => {
    const { Resvg } = (await loadResvg()) as unknown as {
      Resvg: new (s: string, o: object) => { render(): { pixels: Uint8Array } };
    };
    const pixels = new Resvg(svg, { fitTo: { mode: 'zoom', value: 1 } }).render().pixels;
    let blue = 0;
    let orange = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
      if (Math.abs(r - 0x1f) < 20 && Math.abs(g - 0x77) < 20 && Math.abs(b - 0xb4) < 20) blue++;
      if (Math.abs(r - 0xff) < 20 && Math.abs(g - 0x7f) < 20 && Math.abs(b - 0x0e) < 20) orange++;
    }
    expect(blue).toBeGreaterThan(300);
    expect(orange).toBeGreaterThan(300);
  });

  it("says how to install the renderer when it is missing (core's OptionalPeerMissingError)", async () => {
    const missing = '@resvg/not-installed';
    const load = () => import(missing);
    await expect(loadResvg(load)).rejects.toThrow(OptionalPeerMissingError);
    await expect(loadResvg(load)).rejects.toThrow(
      /PNG output .* needs the optional peer dependency "@resvg\/resvg-js".*npm install @resvg\/resvg-js/,
    );
  });

  it('rejects text that is not SVG and a bad scale', async () => {
    await expect(renderPng('hello')).rejects.toThrow(
      'renderPng: svg must be SVG text starting with "<svg"; received "hello".',
    );
    await expect(renderPng(svg, { scale: 0 })).rejects.toThrow(CallbackArgumentError);
    await expect(renderPng(svg, { scale: 0 })).rejects.toThrow(
      'renderPng: scale must be a finite number > 0 and <= 8; received 0.',
    );
  });
});

describe('writePlot', () => {
  it('writes SVG or PNG by extension, leaving no temporary file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-plot-'));
    const svg = plotHistory({ loss: [1, 0.5] }, { metrics: ['loss'] });
    await writePlot(join(dir, 'loss.svg'), svg);
    await writePlot(join(dir, 'sub', 'loss.png'), svg, { scale: 1 });
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toBe(svg);
    expect(pngSize(readFileSync(join(dir, 'sub', 'loss.png')))).toEqual({
      width: 640,
      height: 400,
    });
    expect(readdirSync(dir).sort()).toEqual(['loss.svg', 'sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['loss.png']);
  });

  it('rejects an unknown extension', async () => {
    await expect(writePlot('loss.jpg', '<svg/>')).rejects.toThrow(
      'writePlot: path must be a file path ending in .svg or .png; received "loss.jpg".',
    );
  });
});
