/**
 * SVG → PNG through resvg (a maintained Rust rasteriser shipped as a prebuilt Node addon inside its
 * npm package; nothing is downloaded at run time).
 */
import { Resvg } from '@resvg/resvg-js';
import { findFont } from './fonts.js';

/** A rasterised figure. */
export interface PngImage {
  /** The PNG file's bytes. */
  data: Buffer;
  /** Pixels. */
  width: number;
  height: number;
}

/** Options of {@link renderPng}. */
export interface PngOptions {
  /** Pixels per SVG unit (default 2: sharp on high-density screens and in slides). */
  scale?: number;
  /** Background colour (default white; PNGs with a transparent background read badly in viewers). */
  background?: string;
}

/**
 * Rasterises an SVG document. Text uses the sans-serif font {@link findFont} picks (DejaVu Sans on
 * Debian), or every system font when none of the known files exists.
 *
 * @example
 * const { data, width, height } = renderPng(svg, { scale: 2 });
 * writeFileSync('figure.png', data);
 */
export function renderPng(svg: string, options: PngOptions = {}): PngImage {
  const scale = options.scale ?? 2;
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`renderPng: scale must be a positive number, got ${scale}`);
  const font = findFont();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? 'white',
    font: font
      ? { loadSystemFonts: false, fontFiles: font.files, ...(font.family ? { defaultFontFamily: font.family, sansSerifFamily: font.family } : {}) }
      : { loadSystemFonts: true },
    logLevel: 'off',
  });
  const image = resvg.render();
  return { data: image.asPng(), width: image.width, height: image.height };
}
