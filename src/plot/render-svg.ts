/**
 * Vega-Lite → Vega → SVG, on the server: no browser, no canvas. Vega lays the chart out itself and
 * serialises its scene graph; text widths are estimated from the font size (there is no canvas to
 * measure with), which is close enough for axis labels and legends.
 *
 * Vega is loaded on first use (import()): it is ES-module-only with a top-level await, which a
 * static import would pass on to `require('descent/plot')` and make it fail.
 */
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite specification to an SVG document (a string starting with `<svg`).
 * Data must be inline (`data.values`): nothing is loaded at run time.
 *
 * @example
 * const svg = await renderSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  assertInlineData(spec);
  const [{ compile }, { parse, View }] = await Promise.all([import('vega-lite'), import('vega')]);
  const vegaSpec = compile(spec).spec;
  // renderer 'none': no DOM; toSVG walks the scene graph. A throwing loader keeps it offline.
  const view = new View(parse(vegaSpec), {
    renderer: 'none',
    loader: { load: () => Promise.reject(new Error('figures are rendered offline: inline the data')) } as never,
  });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Throws when any part of the spec loads data from a URL (Vega would log and draw an empty chart). */
function assertInlineData(node: unknown, path = 'spec'): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => assertInlineData(n, `${path}[${i}]`));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const data = (node as { data?: { url?: unknown } }).data;
  if (data && typeof data === 'object' && 'url' in data) {
    throw new Error(`renderSvg: ${path}.data loads ${String(data.url)}; figures are rendered offline: inline the data (data.values)`);
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'data' && typeof value === 'object') assertInlineData(value, `${path}.${key}`);
}
