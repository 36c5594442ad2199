/** Shared helpers for the core tests: seeded float64 inputs, gradcheck assertions, shape arbitraries. */
import { expect } from 'vitest';
import fc from 'fast-check';
import { Random, Tensor, gradcheck, type GradcheckOptions } from './core.js';

export interface RandOptions {
  low?: number;
  high?: number;
  /** Resample values closer than `gap` to any of these points (kinks, ties, singularities). */
  avoid?: readonly number[];
  gap?: number;
  /** Mark the result as requiring a gradient (default true). */
  grad?: boolean;
}

/** A float64 tensor of uniform values from a seeded generator. */
export function randT(shape: readonly number[], seed: number, options: RandOptions = {}): Tensor {
  const r = new Random(seed);
  const low = options.low ?? -1;
  const high = options.high ?? 1;
  const avoid = options.avoid ?? [];
  const gap = options.gap ?? 0.05;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = r.uniformIn(low, high);
    while (avoid.some((k) => Math.abs(v - k) < gap)) v = r.uniformIn(low, high);
    data[i] = v;
  }
  const t = new Tensor(data, shape);
  return options.grad === false ? t : t.requireGrad();
}

/** Values of either sign with magnitude in [low, high] (away from 0, for divisors). */
export function randSigned(shape: readonly number[], seed: number, low = 0.5, high = 2): Tensor {
  const r = new Random(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const data = Float64Array.from({ length: n }, () => (r.uniform() < 0.5 ? -1 : 1) * r.uniformIn(low, high));
  return new Tensor(data, shape).requireGrad();
}

/** Asserts that finite differences agree with autograd for every input that requires a gradient. */
export function expectGrads(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): void {
  const r = gradcheck(fn, inputs, options);
  expect(r.worstRatio, r.worst).toBeLessThanOrEqual(1);
  expect(r.ok).toBe(true);
}

/** Shapes of rank 0..maxRank with dimensions 1..maxDim. */
export const shapeArb = (maxRank = 3, maxDim = 3): fc.Arbitrary<number[]> =>
  fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: 0, maxLength: maxRank });

/**
 * Two shapes that broadcast together: a random output shape, each operand a suffix of it with some
 * dimensions replaced by 1 (covers scalars [], [1], leading 1s and missing leading axes).
 */
export const broadcastPairArb = (maxRank = 3, maxDim = 3): fc.Arbitrary<[number[], number[]]> =>
  shapeArb(maxRank, maxDim).chain((out) => {
    const operand = fc
      .tuple(fc.integer({ min: 0, max: out.length }), fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }), fc.boolean())
      .map(([drop, ones, extraOne]) => {
        const s = out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d));
        return extraOne && s.length < 4 ? [1, ...s] : s;
      });
    return fc.tuple(operand, operand);
  });

/** Row-major flat array → nested, for readable expectations. */
export function flat(t: Tensor): number[] {
  return Array.from(t.data);
}

/** Element-wise closeness of two flat arrays with a relative+absolute tolerance. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-12): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tol * (1 + Math.abs(e)))) {
      expect.fail(`element ${i}: got ${a}, expected ${e} (tolerance ${tol})`);
    }
  }
}
