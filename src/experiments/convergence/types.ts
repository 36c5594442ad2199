/** What a convergence experiment produces: curves, the fitted rates, and their checks against theory. */
import type { AxisScale } from '../../plot/axis-scale.js';

/** One curve of an experiment: measured values, a fitted line, or the theory's prediction. */
export interface Curve {
  /** Legend name (same name = same colour). */
  name: string;
  kind: 'measured' | 'fitted' | 'theory';
  points: { x: number; y: number }[];
}

/**
 * A measured quantity beside the theory's value. `slope` checks compare the fitted slope of
 * log10(f − f*) (per step, or per decade of k on log-log axes) within an absolute or relative
 * tolerance; `ratio` checks compare a measured level with the predicted one.
 */
export interface Check {
  /** What is checked, e.g. 'GD κ=100: slope of log10(f − f*) per step'. */
  name: string;
  measured: number;
  theory: number;
  /** Allowed |measured − theory|, relative to |theory| when `relative`. */
  tolerance: number;
  relative: boolean;
  pass: boolean;
  /** Where the theory comes from, in one line. */
  basis: string;
}

/** The result of one experiment: its figure's curves and axes, and its checks. */
export interface ExperimentResult {
  /** kebab-case name, also the figure's file name. */
  name: string;
  title: string;
  /** What the experiment shows and what the theory predicts, in plain words. */
  description: string;
  x: { title: string; scale: AxisScale };
  y: { title: string; scale: AxisScale };
  curves: Curve[];
  checks: Check[];
}

/** Sizes of the experiments: `quick` (tests, a few seconds) or the full lab. */
export interface ExperimentOptions {
  quick?: boolean;
  /** Seed of the noise (default 1). */
  seed?: number;
}

/** Builds a check, deciding `pass`. */
export function check(name: string, measured: number, theory: number, tolerance: number, relative: boolean, basis: string): Check {
  const allowed = relative ? tolerance * Math.abs(theory) : tolerance;
  return { name, measured, theory, tolerance, relative, pass: Number.isFinite(measured) && Math.abs(measured - theory) <= allowed, basis };
}
