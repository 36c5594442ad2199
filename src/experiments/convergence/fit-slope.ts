/** Least-squares lines through log-scaled curves: the measured rate of convergence. */

/** A fitted line y = intercept + slope·x. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Points used. */
  count: number;
}

/**
 * Ordinary least squares through (x, y), skipping non-finite pairs. Throws with fewer than 2 points
 * or when all x are equal.
 *
 * @example
 * fitLine([0, 1, 2], [1, 3, 5]); // { slope: 2, intercept: 1, count: 3 }
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit {
  let n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!, y = ys[i]!;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    n++; sx += x; sy += y; sxx += x * x; sxy += x * y;
  }
  const d = n * sxx - sx * sx;
  if (n < 2 || d === 0) throw new Error(`fitLine: need at least 2 points with distinct x, got ${n}`);
  const slope = (n * sxy - sx * sy) / d;
  return { slope, intercept: (sy - slope * sx) / n, count: n };
}

/**
 * The slope of log10(value) against k (`logX` false: a linear rate, log10 of the contraction per
 * step) or against log10(k) (`logX` true: the exponent of a power law k^slope), over the points with
 * from ≤ k ≤ to and a positive value.
 *
 * @example
 * const ks = [1, 2, 3, 4], fs = ks.map((k) => 0.5 ** k);
 * fitLogSlope(ks, fs, { from: 1, to: 4 }).slope; // log10(0.5) ≈ −0.301
 */
export function fitLogSlope(ks: readonly number[], values: readonly number[], options: { from: number; to: number; logX?: boolean }): LineFit {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < ks.length; i++) {
    const k = ks[i]!, v = values[i]!;
    if (k < options.from || k > options.to || !(v > 0) || !Number.isFinite(v)) continue;
    xs.push(options.logX ? Math.log10(k) : k);
    ys.push(Math.log10(v));
  }
  return fitLine(xs, ys);
}

/** Points of the fitted line over [from, to] in the data's own units (for plotting beside the curve). */
export function fittedCurve(fit: LineFit, from: number, to: number, logX: boolean, samples = 24): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    const x = logX ? from * (to / from) ** t : from + (to - from) * t;
    out.push({ x, y: 10 ** (fit.intercept + fit.slope * (logX ? Math.log10(x) : x)) });
  }
  return out;
}
