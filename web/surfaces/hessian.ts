/**
 * The curvature readout at a point: the Hessian's eigenvalues, the condition number, and the
 * largest stable step of plain gradient descent, 2/λmax (on a quadratic, steps above it diverge).
 */

/** Eigenvalues and what follows from them. */
export interface Curvature {
  /** Eigenvalues, smallest first. */
  lambda: [number, number];
  /** |λ|max / |λ|min (∞ when an eigenvalue is 0). */
  condition: number;
  /** 2/λmax when λmax > 0, else ∞ (no direction curves up: no step is unstable by curvature). */
  maxStableStep: number;
  /** `minimum`, `maximum`, `saddle` or `degenerate` by the signs of the eigenvalues. */
  kind: 'minimum' | 'maximum' | 'saddle' | 'degenerate';
}

/** From a symmetric 2×2 Hessian, row-major [hxx, hxy, hyx, hyy]. */
export function curvature(h: ArrayLike<number>): Curvature {
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
  const kind = Math.abs(l1) <= tiny || Math.abs(l2) <= tiny ? 'degenerate' : l1 > 0 ? 'minimum' : l2 < 0 ? 'maximum' : 'saddle';
  return {
    lambda: [l1, l2],
    condition: small <= tiny ? Infinity : large / small,
    maxStableStep: l2 > 0 ? 2 / l2 : Infinity,
    kind,
  };
}
