import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import reference from './__fixtures__/reference-history.json';
import { PngRendererMissingError } from './errors.js';
import { plotHistory } from './plot-history.js';
import { loadResvg, renderPng, writePlot } from './render-png.js';

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = Buffer.from(png);
  expect(view.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: view.readUInt32BE(16), height: view.readUInt32BE(20) };
}

describe('renderPng', () => {
  const svg = plotHistory(reference, { metrics: ['loss', 'val_loss'], title: 'Model loss' });

  it('renders the chart at the requested scale', () => {
    expect(pngSize(renderPng(svg, { scale: 2 }))).toEqual({ width: 1280, height: 800 });
    expect(pngSize(renderPng(svg, { scale: 1 }))).toEqual({ width: 640, height: 400 });
  });

  it('draws the series colours (the lines are really there)', () => {
    const { Resvg } = loadResvg() as unknown as {
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

  it('says how to install the renderer when it is missing', () => {
    expect(() => loadResvg('@resvg/not-installed')).toThrow(PngRendererMissingError);
    expect(() => loadResvg('@resvg/not-installed')).toThrow(
      /needs the optional peer dependency "@resvg\/not-installed".*npm install @resvg\/not-installed/,
    );
  });

  it('rejects text that is not SVG and a bad scale', () => {
    expect(() => renderPng('hello')).toThrow(
      'svg must be SVG text starting with "<svg"; received "hello"',
    );
    expect(() => renderPng(svg, { scale: 0 })).toThrow(
      'options.scale must be a number in (0, 8]; received 0',
    );
  });
});

describe('writePlot', () => {
  it('writes SVG or PNG by extension, leaving no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bnkit-plot-'));
    const svg = plotHistory({ loss: [1, 0.5] }, { metrics: ['loss'] });
    writePlot(join(dir, 'loss.svg'), svg);
    writePlot(join(dir, 'loss.png'), svg, { scale: 1 });
    expect(readFileSync(join(dir, 'loss.svg'), 'utf8')).toBe(svg);
    expect(pngSize(readFileSync(join(dir, 'loss.png')))).toEqual({ width: 640, height: 400 });
    expect(readdirSync(dir).sort()).toEqual(['loss.png', 'loss.svg']);
  });

  it('rejects an unknown extension', () => {
    expect(() => writePlot('loss.jpg', '<svg/>')).toThrow(
      'path must be a file path ending in .svg or .png; received "loss.jpg"',
    );
  });
});
