/** Deterministic inputs the benches share. */

/**
 * `n` floats in [−0.5, 0.5) from a linear congruential generator seeded with `seed` (cheap to make a
 * million of, the same in every run).
 *
 * @example
 * const grad = filled(1_000_000, 2);
 */
export function filled(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
  }
  return a;
}
