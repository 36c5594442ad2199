/** A named figure rendered to SVG and PNG files. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from './render-svg.js';
import { renderPng } from './render-png.js';

/** A figure to render: its file stem (kebab-case), a caption for reports, and its Vega-Lite spec. */
export interface Figure {
  name: string;
  caption: string;
  /** A paragraph under the caption (what the figure shows, what theory predicts). */
  description?: string;
  spec: TopLevelSpec;
}

/** A rendered figure: the SVG text, PNG size, and the files written (relative to the report folder). */
export interface RenderedFigure {
  name: string;
  caption: string;
  description?: string;
  svg: string;
  svgFile: string;
  pngFile: string;
  width: number;
  height: number;
}

/**
 * Renders a figure and writes `<dir>/<name>.svg` and `<dir>/<name>.png`; `prefix` is the path of
 * `dir` relative to the report folder, recorded in the result.
 *
 * @example
 * const fig = await writeFigure({ name: 'loss', caption: 'Training loss', spec }, 'runs/x/figures', 'figures');
 */
export async function writeFigure(figure: Figure, dir: string, prefix = ''): Promise<RenderedFigure> {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(figure.name)) throw new Error(`figure name must be kebab-case, got '${figure.name}'`);
  const svg = await renderSvg(figure.spec);
  const png = renderPng(svg);
  writeFileSync(join(dir, `${figure.name}.svg`), svg);
  writeFileSync(join(dir, `${figure.name}.png`), png.data);
  const rel = (f: string): string => (prefix ? `${prefix}/${f}` : f);
  return { name: figure.name, caption: figure.caption, ...(figure.description ? { description: figure.description } : {}), svg, svgFile: rel(`${figure.name}.svg`), pngFile: rel(`${figure.name}.png`), width: png.width, height: png.height };
}
