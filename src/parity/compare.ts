/** Numerical comparison used by every parity section. */

/** Relative and absolute tolerance: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The float64 tolerance the issues ask for: 1e-10 relative with a 1e-12 absolute floor. */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-10, atol: 1e-12 };

/** Unit roundoff of float64, 2^-53: the relative error of one correctly rounded operation. */
export const UNIT_ROUNDOFF = 2 ** -53;

/**
 * How many roundings' worth of start-point perturbation a correct port may accumulate, in units of
 * the recorded sensitivity: every step injects a few roundings (a dot product of n terms, libm's
 * last bit, PyTorch's FMA where descent rounds twice), and each is amplified by the steps after it
 * — at most by about the sensitivity at step k. 1000 covers 25 steps of a few roundings each with a
 * margin of 10; it is why the SCHEMA's "rtol ≈ 1e-8 where the sensitivity reaches 7e4" holds.
 */
export const SENSITIVITY_FACTOR = 1000;

/**
 * The tolerance at step k of an optimizer trajectory, from the sensitivity the golden file records
 * for that step (SCHEMA.md: `sensitivity[k]` = max |Δtrajectory[k]| / δ for a perturbation δ of the
 * start point, so rounding-level differences at the start grow to about sensitivity[k]·u·|x|):
 *
 * ```
 * rtol_k = max(base.rtol, C · s_k · u)
 * atol_k = max(base.atol, C · s_k · u · scale)
 * ```
 * with u = 2^-53, C = {@link SENSITIVITY_FACTOR}, and `scale` the magnitude of the start point
 * (max(1, max|trajectory[0]|)): a perturbation relative to the start reaches every quantity of the
 * step (parameters, gradient, loss) as an absolute error, which matters where they are near zero.
 * Where the sensitivity is about 1 the base tolerance wins: the check stays as tight as a fixed
 * rtol there (the relative part up to s ≈ 900; the 1e-12 absolute floor up to s ≈ 9 / scale, and
 * only a few times 1e-12 at s ≈ 10, the first-order optimizers' largest). A missing, non-positive
 * or non-finite sensitivity gives the base tolerance.
 *
 * @example
 * sensitivityTolerance(FLOAT64_TOLERANCE, 1.3, 2);   // { rtol: 1e-10, atol: 1e-12 }
 * sensitivityTolerance(FLOAT64_TOLERANCE, 1e5, 1);   // { rtol: ≈1.1e-8, atol: ≈1.1e-8 }
 */
export function sensitivityTolerance(base: Tolerance, sensitivity: number | undefined, scale = 1): Tolerance {
  if (sensitivity === undefined || !Number.isFinite(sensitivity) || sensitivity <= 0) return base;
  const relative = SENSITIVITY_FACTOR * sensitivity * UNIT_ROUNDOFF;
  return {
    rtol: Math.max(base.rtol, relative),
    atol: Math.max(base.atol, relative * Math.max(1, Number.isFinite(scale) ? Math.abs(scale) : 1)),
  };
}

/** Outcome of comparing two arrays; `worst` describes the element furthest outside tolerance. */
export interface Comparison {
  ok: boolean;
  /** Largest |a-e| / (atol + rtol*|e|) over all elements; <= 1 means within tolerance. */
  worstRatio: number;
  worst: string;
}

/** Compares element by element; a length mismatch or a non-finite value is a failure. */
export function compareArrays(
  expected: ArrayLike<number>,
  actual: ArrayLike<number>,
  tol: Tolerance,
  what = 'values',
): Comparison {
  if (expected.length !== actual.length) {
    return { ok: false, worstRatio: Infinity, worst: `${what}: expected ${expected.length} values, got ${actual.length}` };
  }
  let worstRatio = 0;
  let worst = '';
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    const diff = Math.abs(a - e);
    const ratio = Number.isFinite(a) ? diff / (tol.atol + tol.rtol * Math.abs(e)) : Infinity;
    if (!(ratio <= worstRatio)) {
      worstRatio = ratio;
      worst = `${what}[${i}]: expected ${e}, got ${a} (|diff| ${diff.toExponential(2)})`;
    }
  }
  return { ok: worstRatio <= 1, worstRatio, worst };
}
