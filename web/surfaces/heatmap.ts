/**
 * The surface as a heat map with contour lines: f on a pixel grid, on a log scale (levels of
 * log(f − min) are what a contour plot of these functions shows), light greys so the coloured
 * trails stand out, with darker lines where the level changes.
 */

/** Light grey (low) to slate (high); quantised into bands whose edges become contour lines. */
function shade(t: number): [number, number, number] {
  const lo = [250, 250, 248];
  const hi = [120, 135, 155];
  return [lo[0]! + (hi[0]! - lo[0]!) * t, lo[1]! + (hi[1]! - lo[1]!) * t, lo[2]! + (hi[2]! - lo[2]!) * t];
}

/**
 * Renders `values` (f at every pixel, row-major, top row = largest y) as RGBA pixels.
 * Returns the image, the value range seen, and the values at the lightest and darkest shade.
 */
export function heatmapPixels(values: Float64Array, width: number, height: number, levels = 18): { pixels: Uint8ClampedArray<ArrayBuffer>; min: number; max: number; low: number; high: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const eps = span * 1e-7;
  // Level of each pixel: log-scaled and clipped to the 1st–99th percentile so one huge corner
  // (Beale reaches 1e5) does not flatten the rest.
  const logs = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) logs[i] = Math.log(Math.max(values[i]! - min, 0) + eps);
  const sorted = Float64Array.from(logs.filter(Number.isFinite)).sort();
  const lo = sorted[Math.floor(sorted.length * 0.01)] ?? 0;
  const hi = sorted[Math.floor(sorted.length * 0.99)] ?? 1;
  const band = new Int16Array(values.length);
  const t = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const u = Number.isFinite(logs[i]!) ? Math.min(1, Math.max(0, (logs[i]! - lo) / (hi - lo || 1))) : 1;
    t[i] = u;
    band[i] = Math.min(levels - 1, Math.floor(u * levels));
  }
  const pixels = new Uint8ClampedArray(width * height * 4);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const i = r * width + c;
      const [R, G, B] = shade(t[i]!);
      const edge = (c + 1 < width && band[i + 1] !== band[i]) || (r + 1 < height && band[i + width] !== band[i]);
      const k = edge ? 0.72 : 1;
      pixels[4 * i] = R * k;
      pixels[4 * i + 1] = G * k;
      pixels[4 * i + 2] = B * k;
      pixels[4 * i + 3] = 255;
    }
  }
  // The values at the lightest and darkest shade, for the colour bar.
  const low = Number.isFinite(min) ? min + Math.max(0, Math.exp(lo) - eps) : NaN;
  const high = Number.isFinite(min) ? min + Math.max(0, Math.exp(hi) - eps) : NaN;
  return { pixels, min, max, low, high };
}

/** x and y of every pixel centre of a width × height grid over `domain`, top row first. */
export function pixelGrid(domain: { x: readonly [number, number]; y: readonly [number, number] }, width: number, height: number): { xs: Float64Array; ys: Float64Array } {
  const xs = new Float64Array(width * height);
  const ys = new Float64Array(width * height);
  for (let r = 0; r < height; r++) {
    const y = domain.y[1] - ((r + 0.5) / height) * (domain.y[1] - domain.y[0]);
    for (let c = 0; c < width; c++) {
      xs[r * width + c] = domain.x[0] + ((c + 0.5) / width) * (domain.x[1] - domain.x[0]);
      ys[r * width + c] = y;
    }
  }
  return { xs, ys };
}
