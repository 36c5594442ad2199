/** Numerical comparison used by every parity section. */

/** Relative and absolute tolerance: |actual - expected| <= atol + rtol * |expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/** The float64 tolerance the issues ask for: 1e-10 relative with a 1e-12 absolute floor. */
export const FLOAT64_TOLERANCE: Tolerance = { rtol: 1e-10, atol: 1e-12 };

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
