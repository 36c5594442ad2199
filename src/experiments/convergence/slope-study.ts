/** A measured curve, its fitted slope over a window, the theory's slope beside it, and the check. */
import { fitLogSlope, fittedCurve } from './fit-slope.js';
import { thin } from './descend.js';
import { check, type Check, type Curve } from './types.js';

/** Options of {@link slopeStudy}. */
export interface SlopeStudyOptions {
  /** The fit window, in units of k. */
  from: number;
  to: number;
  /** Power law (log-log) instead of a linear rate. */
  logX: boolean;
  /** The slope the theory predicts (log10 units: per step, or per decade of k). */
  theorySlope: number;
  tolerance: number;
  relative: boolean;
  /** Where the theory comes from. */
  basis: string;
  /** What the slope is of (for the check's name). */
  label?: string;
  /** Plot points for the measured curve (default 300). */
  plotPoints?: number;
}

/**
 * The measured curve (thinned for plotting), the least-squares line through log10(value) over the
 * window, the theory's line of slope `theorySlope` starting where the fit starts, and the check.
 *
 * @example
 * const { curves, check } = slopeStudy('GD κ=10', ks, gaps, { from: 50, to: 100, logX: false, theorySlope: -0.174, tolerance: 0.02, relative: true, basis: '…' });
 */
export function slopeStudy(name: string, ks: readonly number[], values: readonly number[], o: SlopeStudyOptions): { curves: Curve[]; check: Check; slope: number } {
  const fit = fitLogSlope(ks, values, o);
  const shown = thin(ks.length, o.plotPoints ?? 300, o.logX);
  const measured: Curve = { name, kind: 'measured', points: shown.map((i) => ({ x: ks[i]!, y: values[i]! })) };
  const fitted: Curve = { name, kind: 'fitted', points: fittedCurve(fit, o.from, o.to, o.logX) };
  const start = o.logX ? Math.log10(o.from) : o.from;
  const theory: Curve = { name, kind: 'theory', points: fittedCurve({ slope: o.theorySlope, intercept: fit.intercept + (fit.slope - o.theorySlope) * start, count: 0 }, o.from, o.to, o.logX) };
  const unit = o.logX ? 'per decade of k' : 'per step';
  return {
    curves: [measured, fitted, theory],
    check: check(`${name}: slope of log10(${o.label ?? 'f − f*'}) ${unit}`, fit.slope, o.theorySlope, o.tolerance, o.relative, o.basis),
    slope: fit.slope,
  };
}

/** k = 0, 1, …, n − 1. */
export const steps = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
