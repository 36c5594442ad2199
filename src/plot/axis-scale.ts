/** When an axis should be logarithmic. */

/** An axis scale: `auto` picks log when the positive values span at least two decades. */
export type AxisScale = 'linear' | 'log' | 'auto';

/**
 * True when the positive values span at least `decades` powers of ten (default 2), so a log axis
 * shows them better than a linear one. Non-positive and non-finite values are ignored.
 *
 * @example
 * spansDecades([0.5, 0.01, 0.002]); // true: 0.002 … 0.5 spans 2.4 decades
 */
export function spansDecades(values: Iterable<number>, decades = 2): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi > lo && Math.log10(hi / lo) >= decades;
}

/** Resolves `auto` against the values the axis will show. */
export function resolveScale(scale: AxisScale, values: Iterable<number>): 'linear' | 'log' {
  if (scale !== 'auto') return scale;
  return spansDecades(values) ? 'log' : 'linear';
}
