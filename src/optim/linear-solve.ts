/**
 * Dense linear solves for Newton's method: LU with partial pivoting (works for indefinite
 * Hessians, which Newton meets at saddles). n stays in the low thousands, so O(n³) is fine.
 */

/**
 * Solves A·x = b for a row-major n×n matrix. Returns null when A is singular to working precision
 * (a pivot below n·ε·max|A|).
 *
 * @example
 * solveLinear(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 4));   // [1, 1]
 */
export function solveLinear(A: ArrayLike<number>, b: ArrayLike<number>): Float64Array | null {
  const n = b.length;
  if (A.length !== n * n) throw new Error(`solveLinear: the matrix has ${A.length} entries, expected ${n}×${n}`);
  const a = Float64Array.from(A);
  const x = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  const tiny = n * Number.EPSILON * scale;
  if (!(scale > 0)) return null;
  for (let k = 0; k < n; k++) {
    let piv = k;
    let best = Math.abs(a[k * n + k]!);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k]!);
      if (v > best) {
        best = v;
        piv = i;
      }
    }
    if (!(best > tiny)) return null;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = a[k * n + j]!;
        a[k * n + j] = a[piv * n + j]!;
        a[piv * n + j] = t;
      }
      const t = x[k]!;
      x[k] = x[piv]!;
      x[piv] = t;
    }
    const akk = a[k * n + k]!;
    for (let i = k + 1; i < n; i++) {
      const f = a[i * n + k]! / akk;
      if (f === 0) continue;
      for (let j = k + 1; j < n; j++) a[i * n + j] = a[i * n + j]! - f * a[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= a[i * n + j]! * x[j]!;
    x[i] = s / a[i * n + i]!;
  }
  return x;
}
