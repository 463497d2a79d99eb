import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { CallbackArgumentError, PngRendererMissingError } from './errors.js';

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixel density: 2 renders a 640×400 chart as 1280×800 pixels. Default 2. */
  scale?: number;
  /** Font family used when the SVG's own is missing. Default `'DejaVu Sans'`. */
  defaultFontFamily?: string;
}

interface ResvgModule {
  Resvg: new (
    svg: string,
    options: Record<string, unknown>,
  ) => { render(): { asPng(): Uint8Array } };
}

let cachedResvg: ResvgModule | undefined;

/** Loads the renderer on first use; exported for the test of the missing-module message. */
export function loadResvg(moduleName = '@resvg/resvg-js'): ResvgModule {
  if (moduleName === '@resvg/resvg-js' && cachedResvg !== undefined) return cachedResvg;
  let loaded: ResvgModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require(moduleName) as ResvgModule;
  } catch (error) {
    throw new PngRendererMissingError(moduleName, error);
  }
  if (moduleName === '@resvg/resvg-js') cachedResvg = loaded;
  return loaded;
}

/**
 * Renders SVG text (from {@link plotHistory} or the BN monitor) to PNG bytes with
 * `@resvg/resvg-js`, loaded on first use. Text is drawn with the system's fonts (DejaVu Sans
 * on Debian); throws {@link PngRendererMissingError} when the optional renderer is not installed.
 *
 * @example
 * const png = renderPng(plotHistory(history, { metrics: ['loss', 'val_loss'] }), { scale: 2 });
 * fs.writeFileSync('loss.png', png);
 */
export function renderPng(svg: string, options: RenderPngOptions = {}): Uint8Array {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new CallbackArgumentError('svg', svg, 'SVG text starting with "<svg"');
  }
  const scale = options.scale ?? 2;
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0 || scale > 8) {
    throw new CallbackArgumentError('options.scale', scale, 'a number in (0, 8]');
  }
  const { Resvg } = loadResvg();
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: options.defaultFontFamily ?? 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}

/** Writes bytes or text to a temporary name beside `path`, then renames it into place. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = `${path}.tmp-${process.pid}-${Date.now()}`;
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing was written
    }
    throw error;
  }
}

/**
 * Writes a chart to `path`: SVG text when the path ends in `.svg`, a PNG (through
 * {@link renderPng}) when it ends in `.png`. The file is written to a temporary name and renamed.
 *
 * @example
 * writePlot('plots/loss.png', plotHistory(history, { metrics: ['loss', 'val_loss'] }));
 */
export function writePlot(path: string, svg: string, options: RenderPngOptions = {}): void {
  if (typeof path !== 'string' || !/\.(svg|png)$/i.test(path)) {
    throw new CallbackArgumentError('path', path, 'a file path ending in .svg or .png');
  }
  if (/\.svg$/i.test(path)) {
    if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
      throw new CallbackArgumentError('svg', svg, 'SVG text starting with "<svg"');
    }
    writeFileAtomic(path, svg);
  } else {
    writeFileAtomic(path, renderPng(svg, options));
  }
}
