/**
 * Fused multiply-add a·b + c with a single rounding, emulated (JavaScript has no Math.fma).
 *
 * NOTE: PyTorch's CPU kernel for `x.add_(y, alpha=a)` computes x + a·y with a hardware FMA on
 * AVX2 machines. LBFGS amplifies single-rounding differences by 10⁴–10⁶ (its line search and
 * termination tests branch on tiny differences), so descent's LBFGS uses this emulation where
 * PyTorch uses `add_(…, alpha=…)`; with plain `x + a*y` its trajectories leave PyTorch's after a
 * few iterations. First-order optimizers do not need it: their steps are well-conditioned.
 */
import { twoProductError, twoSumError } from './error-free.js';

/**
 * a·b + c rounded once (Dekker's exact product and Knuth's two-sum; the final sum may differ from
 * a hardware FMA in rare double-rounding ties, never by more than one ulp).
 *
 * @example
 * fma(0.1, 10, -1);   // 5.551115123125783e-17 (the rounding error of 0.1·10), where 0.1*10 - 1 is 0
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = s + (twoSumError(p, c, s) + twoProductError(a, b, p));
  // Infinities, NaN or overflow in the splitting make r NaN, and an exact zero loses its sign:
  // the plain expression is then the right answer.
  return r === r && r !== 0 ? r : p + c;
}
