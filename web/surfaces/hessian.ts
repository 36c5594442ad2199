/**
 * The curvature readout at a point: the Hessian's eigenvalues, the condition number, and the
 * largest stable step of plain gradient descent, 2/λmax (on a quadratic, steps above it diverge).
 */

import { formatNumber } from '../format.js';

/** Eigenvalues and what follows from them. */
export interface Curvature {
  /** Eigenvalues, smallest first. */
  lambda: [number, number];
  /** |λ|max / |λ|min (∞ when an eigenvalue is 0). */
  condition: number;
  /** 2/λmax when λmax > 0, else ∞ (no direction curves up: no step is unstable by curvature). */
  maxStableStep: number;
  /**
   * What the point is. Only a stationary point (‖∇f‖ ≈ 0) is a `minimum`, `maximum`, `saddle`
   * or `degenerate` stationary point; anywhere else the eigenvalues describe the local shape only
   * (`not stationary`): a point on a bowl's slope is not a minimum, and the readout says so with
   * its ‖∇f‖ (the eigenvalues in the same row give the local shape).
   */
  kind: 'minimum' | 'maximum' | 'saddle' | 'degenerate' | 'not stationary';
  /** The kind in words, with the local shape and ‖∇f‖ where the point is not stationary. */
  description: string;
  /** ‖∇f‖ at the point (NaN when no gradient was given). */
  gradientNorm: number;
}

/**
 * ‖∇f‖ below which a point counts as stationary: relative to the curvature scale, so the test
 * means "a Newton step from here would be tiny" (‖H⁻¹∇f‖ ≲ 1e−4 in the stiffest direction).
 */
export const STATIONARY_TOLERANCE = 1e-4;

/**
 * From a symmetric 2×2 Hessian, row-major [hxx, hxy, hyx, hyy], and the gradient at the same
 * point (without it, the point is taken as stationary).
 */
export function curvature(h: ArrayLike<number>, gradient?: ArrayLike<number>): Curvature {
  const a = h[0]!;
  const b = 0.5 * (h[1]! + h[2]!);
  const d = h[3]!;
  const mean = 0.5 * (a + d);
  const radius = Math.hypot(0.5 * (a - d), b);
  const l1 = mean - radius;
  const l2 = mean + radius;
  const small = Math.min(Math.abs(l1), Math.abs(l2));
  const large = Math.max(Math.abs(l1), Math.abs(l2));
  const tiny = 1e-12 * Math.max(1, large);
  const shape = Math.abs(l1) <= tiny || Math.abs(l2) <= tiny ? 'degenerate' : l1 > 0 ? 'minimum' : l2 < 0 ? 'maximum' : 'saddle';
  const gradientNorm = gradient ? Math.hypot(gradient[0]!, gradient[1]!) : NaN;
  const stationary = !gradient || gradientNorm <= STATIONARY_TOLERANCE * Math.max(1, large);
  const description = !Number.isFinite(l1) || !Number.isFinite(l2) ? 'curvature not finite' : stationary
    ? shape === 'degenerate' ? 'stationary (degenerate)' : shape
    : `not stationary (‖∇f‖ = ${formatNumber(gradientNorm)})`;
  return {
    lambda: [l1, l2],
    condition: small <= tiny ? Infinity : large / small,
    maxStableStep: l2 > 0 ? 2 / l2 : Infinity,
    kind: stationary && Number.isFinite(l1) && Number.isFinite(l2) ? shape : 'not stationary',
    description,
    gradientNorm,
  };
}
