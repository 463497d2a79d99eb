import { loadOptionalPeer, number, string } from '@bnkit/core';
import { checkCallbackOptions } from '../check-callback-options.js';
import { CallbackArgumentError } from '../errors.js';

/** Options of {@link renderPng}. */
export interface RenderPngOptions {
  /** Pixel density: 2 renders a 640×400 chart as 1280×800 pixels. Default 2. */
  scale?: number;
  /** Font family used when the SVG's own is missing. Default `'DejaVu Sans'`. */
  defaultFontFamily?: string;
}

/** The part of `@resvg/resvg-js` this package uses. */
export interface ResvgModule {
  Resvg: new (
    svg: string,
    options: Record<string, unknown>,
  ) => { render(): { asPng(): Uint8Array } };
}

export const RENDER_PNG_RULES = {
  scale: number({ min: 0, max: 8, minExclusive: true }),
  defaultFontFamily: string(),
};

let cached: Promise<ResvgModule> | undefined;

const PNG_PEER = {
  packageName: '@resvg/resvg-js',
  neededFor: 'PNG output (renderPng, writePlot to a .png file)',
};

/**
 * Loads the renderer on first use through core's `loadOptionalPeer`: a missing `@resvg/resvg-js`
 * becomes an `OptionalPeerMissingError` naming the package and the install command. `load` is
 * replaceable for the test of that message.
 *
 * @example
 * const { Resvg } = await loadResvg();
 */
export function loadResvg(load?: () => Promise<unknown>): Promise<ResvgModule> {
  if (load !== undefined) return loadOptionalPeer(load, PNG_PEER) as Promise<ResvgModule>;
  cached ??= (
    loadOptionalPeer(
      () => import('@resvg/resvg-js'),
      PNG_PEER,
    ) as Promise<unknown> as Promise<ResvgModule>
  ).catch((error: unknown) => {
    cached = undefined; // installed later in the same process: try again
    throw error;
  });
  return cached;
}

/**
 * Renders SVG text (from `plotHistory` or the BN monitor) to PNG bytes with `@resvg/resvg-js`,
 * an optional peer loaded on first use. Text is drawn with the system's fonts (DejaVu Sans on
 * Debian). Rejects with `OptionalPeerMissingError` (from `@bnkit/core`) when the renderer is not
 * installed.
 *
 * @example
 * const png = await renderPng(plotHistory(history, { metrics: ['loss', 'val_loss'] }), { scale: 2 });
 * fs.writeFileSync('loss.png', png);
 */
export async function renderPng(svg: string, options: RenderPngOptions = {}): Promise<Uint8Array> {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new CallbackArgumentError('renderPng: svg', svg, 'SVG text starting with "<svg"');
  }
  const checked = checkCallbackOptions('renderPng', options, RENDER_PNG_RULES);
  const { Resvg } = await loadResvg();
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: checked.scale ?? 2 },
    background: '#ffffff',
    font: { loadSystemFonts: true, defaultFontFamily: checked.defaultFontFamily ?? 'DejaVu Sans' },
  });
  return renderer.render().asPng();
}
