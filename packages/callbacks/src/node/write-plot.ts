import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeFileAtomic } from '@bnkit/core/node';
import { checkCallbackOptions } from '../check-callback-options.js';
import { CallbackArgumentError } from '../errors.js';
import { RENDER_PNG_RULES, renderPng, type RenderPngOptions } from './render-png.js';
import { checkWritableTarget } from './writable-target.js';

/**
 * Writes a chart to `path`: SVG text when the path ends in `.svg`, a PNG (through
 * {@link renderPng}) when it ends in `.png`. Missing folders are created; the file is written
 * with core's `writeFileAtomic` (a temporary name, then renamed), so a reader never sees half a
 * chart.
 *
 * @example
 * await writePlot('plots/loss.png', plotHistory(history, { metrics: ['loss', 'val_loss'] }));
 */
export async function writePlot(
  path: string,
  svg: string,
  options: RenderPngOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || !/\.(svg|png)$/i.test(path)) {
    throw new CallbackArgumentError('writePlot: path', path, 'a file path ending in .svg or .png');
  }
  checkWritableTarget('writePlot: path', path, { kind: 'file' });
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new CallbackArgumentError('writePlot: svg', svg, 'SVG text starting with "<svg"');
  }
  checkCallbackOptions('writePlot', options, RENDER_PNG_RULES);
  const data = /\.svg$/i.test(path) ? svg : await renderPng(svg, options);
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileAtomic(path, data);
}
