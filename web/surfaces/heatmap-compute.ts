/**
 * The whole heat map of one surface, from its description (function name, constants, formula) to
 * RGBA pixels: the part of a surface change too slow for the page's main thread (Rastrigin at 800 ×
 * 800 device pixels is a third of a second), so the panel worker runs it (heatmap-job.ts).
 */
import { heatmapPixels, pixelGrid } from './heatmap.js';
import { buildSurface } from './surfaces.js';

/** What the worker needs to rebuild the surface and its grid. */
export interface HeatmapParams {
  fn: string;
  constants: Record<string, number>;
  expr: string;
  /** Size of the bitmap in device pixels. */
  width: number;
  height: number;
}

/** The bitmap and the value range it shows (see heatmapPixels). */
export interface HeatmapResult {
  pixels: Uint8ClampedArray<ArrayBuffer>;
  width: number;
  height: number;
  min: number;
  max: number;
  low: number;
  high: number;
}

/** Renders the heat map described by `params`; throws the formula's error if it does not parse. */
export function computeHeatmap(params: HeatmapParams): HeatmapResult {
  const r = buildSurface(params.fn, params.constants, params.expr);
  if (!r.ok) throw new Error(r.message);
  const { width, height } = params;
  const { xs, ys } = pixelGrid(r.surface.domain, width, height);
  return { ...heatmapPixels(r.surface.values(xs, ys), width, height), width, height };
}
