/**
 * Error-free transformations of doubles: the exact rounding error of a product (Dekker, with
 * Veltkamp's splitting) and of a sum (Knuth's two-sum). They are the building blocks of the
 * emulated fused multiply-add ({@link ./fma.ts}) and of the double-double arithmetic of the
 * correctly rounded libm ({@link ./libm.ts}); both need exactly these operations, in this order, to
 * reproduce PyTorch's and glibc's roundings.
 *
 * NOTE: exact only when no intermediate overflows (operands far below 2^996) and, for the product,
 * when a·b is not in the subnormal range; callers handle those cases.
 */

/** 2^27 + 1: Veltkamp's constant, which splits a double into two halves of 26 significant bits. */
const SPLIT = 134217729;

/**
 * a·b − p exactly, where p = fl(a·b) (Dekker's product): the rounding error of the product.
 *
 * @example
 * ```ts
 * const p = 0.1 * 10; // 1
 * twoProductError(0.1, 10, p); // 5.551115123125783e-17
 * ```
 */
export function twoProductError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/**
 * a + b − s exactly, where s = fl(a + b) (Knuth's two-sum, any order of magnitude): the rounding
 * error of the sum.
 *
 * @example
 * ```ts
 * const s = 1 + 2 ** -60; // 1
 * twoSumError(1, 2 ** -60, s); // 8.673617379884035e-19 (= 2^-60)
 * ```
 */
export function twoSumError(a: number, b: number, s: number): number {
  const v = s - a;
  return a - (s - v) + (b - v);
}
