/**
 * Float64 arithmetic in PyTorch's CPU order of operations, so the parity problems reproduce
 * PyTorch's gradients bit for bit (not merely to 1e-16). This matters for LBFGS, whose line search
 * amplifies a one-ulp difference in a gradient by up to 10⁶ within a few steps.
 *
 * What was matched against the golden data (PyTorch 1.13, AVX2 build):
 * - `tanh` is SLEEF's 1-ulp vectorised tanh, which agrees with the correctly rounded tanh (V8's
 *   Math.tanh does not, in about one case in ten): {@link tanhRounded} computes it in double-double.
 * - `sum` over a contiguous run uses ATen's vectorised cascade: 4 lanes, then the lanes in order
 *   ({@link atenSum}).
 * - matrix products are plain sequential dot products, with the bias added last.
 */
import { fma } from '../numerics/fma.js';

// ---- double-double arithmetic (value = hi + lo, |lo| ≤ ulp(hi)/2) ----

type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

function ddAdd(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  return quickTwoSum(s, e + a[1] + b[1]);
}

function ddMul(a: DD, b: DD): DD {
  const p = a[0] * b[0];
  const e = fma(a[0], b[0], -p);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function ddDiv(a: DD, b: DD): DD {
  const q1 = a[0] / b[0];
  const r = ddAdd(a, ddMul(b, [-q1, 0]));
  const q2 = r[0] / b[0];
  const r2 = ddAdd(r, ddMul(b, [-q2, 0]));
  const q3 = r2[0] / b[0];
  return ddAdd(quickTwoSum(q1, q2), [q3, 0]);
}

const LN2: DD = [0.6931471805599453, 2.3190468138462996e-17];

/** e^y − 1 in double-double for 0 ≤ y ≤ 40. */
function expm1DD(y: number): DD {
  const k = Math.round(y / LN2[0]);
  // r = y − k·ln2, exactly enough: k·ln2_hi is exact in double-double via fma.
  const khi = k * LN2[0];
  let r = ddAdd([y, 0], [-khi, -fma(k, LN2[0], -khi)]);
  r = ddAdd(r, [-k * LN2[1], 0]);
  // Shrink the argument by 2^10, sum the Taylor series, then square back: e^{2a} − 1 = m(m + 2).
  const S = 10;
  const a: DD = [r[0] / 1024, r[1] / 1024];
  let term: DD = a;
  let m: DD = a;
  for (let n = 2; n <= 9; n++) {
    term = ddDiv(ddMul(term, a), [n, 0]);
    m = ddAdd(m, term);
  }
  for (let i = 0; i < S; i++) m = ddMul(m, ddAdd(m, [2, 0]));
  if (k === 0) return m;
  // e^y − 1 = 2^k·(m + 1) − 1
  const scale = 2 ** k;
  const e = ddAdd(m, [1, 0]);
  return ddAdd([e[0] * scale, e[1] * scale], [-1, 0]);
}

/**
 * tanh(x) correctly rounded (to within a 1e-30 relative tie), as PyTorch's SLEEF kernel returns.
 *
 * @example
 * tanhRounded(0.5);   // 0.46211715726000974
 */
export function tanhRounded(x: number): number {
  const ax = Math.abs(x);
  if (!(ax >= 2 ** -28)) return x; // tiny (or NaN): tanh x = x to within half an ulp
  if (ax > 19.1) return Math.sign(x); // 1 − tanh|x| < 2^-54
  const em1 = expm1DD(2 * ax);
  const t = ddDiv(em1, ddAdd(em1, [2, 0]));
  const v = t[0] + t[1];
  return x < 0 ? -v : v;
}

/**
 * Σ values in ATen's order for a contiguous float64 reduction on AVX2 (`cascade_sum`,
 * `vectorized_inner_sum`): 4 lanes accumulate whole vectors (in groups of four vectors, the groups
 * summed with a cascade), the leftover scalars are summed, then the four lanes are added in order.
 */
export function atenSum(values: ArrayLike<number>): number {
  const W = 4; // Vectorized<double>::size() with AVX2
  const n = values.length;
  const vecCount = Math.floor(n / W);
  const lanes = rowSum(values, vecCount, W);
  let acc = 0;
  for (let k = vecCount * W; k < n; k++) acc += values[k]!;
  for (let l = 0; l < W; l++) acc += lanes[l]!;
  return acc;
}

/** ATen's row_sum over `vecCount` vectors: four interleaved partial sums of vectors (ILP), cascaded. */
function rowSum(values: ArrayLike<number>, vecCount: number, W: number): number[] {
  const ILP = 4;
  const sizeIlp = Math.floor(vecCount / ILP);
  const partial = multiRowSum(values, sizeIlp, ILP, W);
  for (let i = sizeIlp * ILP; i < vecCount; i++) addVector(partial[0]!, values, i * W, W);
  for (let k = 1; k < ILP; k++) for (let l = 0; l < W; l++) partial[0]![l] = partial[0]![l]! + partial[k]![l]!;
  return partial[0]!;
}

function addVector(acc: number[], values: ArrayLike<number>, offset: number, W: number): void {
  for (let l = 0; l < W; l++) acc[l] = acc[l]! + values[offset + l]!;
}

/** ATen's multi_row_sum: `size` rows of `nrows` vectors, summed with a 4-level cascade. */
function multiRowSum(values: ArrayLike<number>, size: number, nrows: number, W: number): number[][] {
  const levels = 4;
  const levelPower = Math.max(4, Math.floor(ceilLog2(size) / levels));
  const levelStep = 2 ** levelPower;
  const levelMask = levelStep - 1;
  const acc = Array.from({ length: levels }, () => Array.from({ length: nrows }, () => new Array<number>(W).fill(0)));
  let i = 0;
  while (i + levelStep <= size) {
    for (let j = 0; j < levelStep; j++, i++) {
      for (let k = 0; k < nrows; k++) addVector(acc[0]![k]!, values, (i * nrows + k) * W, W);
    }
    for (let j = 1; j < levels; j++) {
      for (let k = 0; k < nrows; k++) {
        for (let l = 0; l < W; l++) {
          acc[j]![k]![l] = acc[j]![k]![l]! + acc[j - 1]![k]![l]!;
          acc[j - 1]![k]![l] = 0;
        }
      }
      if ((i & (levelMask * 2 ** (j * levelPower))) !== 0) break;
    }
  }
  for (; i < size; i++) for (let k = 0; k < nrows; k++) addVector(acc[0]![k]!, values, (i * nrows + k) * W, W);
  for (let j = 1; j < levels; j++) {
    for (let k = 0; k < nrows; k++) for (let l = 0; l < W; l++) acc[0]![k]![l] = acc[0]![k]![l]! + acc[j]![k]![l]!;
  }
  return acc[0]!;
}

function ceilLog2(x: number): number {
  return x <= 1 ? 0 : Math.ceil(Math.log2(x));
}
