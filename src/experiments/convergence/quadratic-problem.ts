/**
 * The problems with a known optimum: f(x) = ½ Σ λ_i x_i² (minimum f* = 0 at x* = 0), eigenvalues
 * from μ to L, optionally with a noisy gradient oracle ∇f(x) + σ·ζ, ζ ~ N(0, I) (the textbook model
 * of SGD near an optimum). R independent runs are stacked into one vector of R·d coordinates so a
 * single optimizer steps them all at once (every optimizer used here acts coordinate-wise).
 */
import { Random } from '../../tensor/random.js';

/** A diagonal quadratic of dimension d, replicated for `runs` independent runs. */
export interface StackedQuadratic {
  /** λ_i for every coordinate of the stacked vector (length runs·d). */
  lambda: Float64Array;
  dimension: number;
  runs: number;
  mu: number;
  L: number;
}

/**
 * d eigenvalues spaced geometrically from μ to L = κ·μ (both ends included), so the condition
 * number is exactly κ.
 *
 * @example
 * spectrum(3, 100); // [1, 10, 100]
 */
export function spectrum(d: number, kappa: number, mu = 1): Float64Array {
  if (d < 2) return Float64Array.of(mu);
  return Float64Array.from({ length: d }, (_, i) => mu * kappa ** (i / (d - 1)));
}

/** The stacked problem for eigenvalues `eigen`, `runs` copies. */
export function stackedQuadratic(eigen: Float64Array, runs = 1): StackedQuadratic {
  const d = eigen.length;
  const lambda = new Float64Array(d * runs);
  for (let r = 0; r < runs; r++) lambda.set(eigen, r * d);
  return { lambda, dimension: d, runs, mu: Math.min(...eigen), L: Math.max(...eigen) };
}

/** f(x) − f* averaged over the runs: mean over runs of ½ Σ_i λ_i x_i². */
export function meanGap(q: StackedQuadratic, x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < q.lambda.length; i++) s += q.lambda[i]! * x[i]! * x[i]!;
  return (0.5 * s) / q.runs;
}

/** Writes ∇f(x) + σ·ζ into `out` (σ = 0: the exact gradient). */
export function noisyGradient(q: StackedQuadratic, x: ArrayLike<number>, sigma: number, random: Random | null, out: Float64Array): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = q.lambda[i]! * x[i]! + (sigma > 0 && random ? sigma * random.normal() : 0);
  return out;
}
