import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Random, trajectoryPrincipalDirections } from '../../src/index.js';
import { randomOrthogonal } from './helpers.js';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** |⟨a, b⟩| for unit vectors: 1 when they are the same direction up to sign. */
function alignment(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return Math.abs(dot(a, b)) / Math.sqrt(dot(a, a) * dot(b, b));
}

function randomPoints(n: number, p: number, seed: number): Float64Array[] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: p }, () => random.normal()));
}

/**
 * The top eigenpairs of the P×P second-moment matrix C = Σᵢ (θᵢ − o)(θᵢ − o)ᵀ by power iteration
 * with deflation: the principal directions computed the long way, never through the Gram matrix.
 */
function powerIterationPca(points: Float64Array[], origin: Float64Array, count: number): { directions: Float64Array[]; values: number[] } {
  const p = origin.length;
  const c = new Float64Array(p * p);
  for (const theta of points) for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) c[i * p + j] = c[i * p + j]! + (theta[i]! - origin[i]!) * (theta[j]! - origin[j]!);
  const directions: Float64Array[] = [];
  const values: number[] = [];
  const random = new Random(99);
  for (let k = 0; k < count; k++) {
    let v = Float64Array.from({ length: p }, () => random.normal());
    let lambda = 0;
    for (let it = 0; it < 5000; it++) {
      const w = new Float64Array(p);
      for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) w[i] = w[i]! + c[i * p + j]! * v[j]!;
      for (const d of directions) {
        const s = dot(w, d);
        for (let i = 0; i < p; i++) w[i] = w[i]! - s * d[i]!;
      }
      const norm = Math.sqrt(dot(w, w));
      lambda = norm;
      w.forEach((x, i) => (w[i] = x / norm));
      v = w;
    }
    directions.push(v);
    values.push(lambda);
  }
  return { directions, values };
}

describe('trajectoryPrincipalDirections', () => {
  it('finds hand-built principal axes and their shares of the variance', () => {
    // Iterates origin + aᵢ·e₁ + bᵢ·e₂ along two orthonormal axes of R⁶ with Σaᵢbᵢ = 0: e₁ and e₂ are
    // the principal axes, sharing Σa² = 20 and Σb² = 4 of the total 24.
    const p = 6;
    const q = randomOrthogonal(p, 3);
    const e1 = Float64Array.from({ length: p }, (_, i) => q[i * p]!);
    const e2 = Float64Array.from({ length: p }, (_, i) => q[i * p + 1]!);
    const origin = Float64Array.from({ length: p }, (_, i) => i - 2.5);
    const a = [3, -3, 1, -1];
    const b = [1, 1, -1, -1];
    const points = a.map((ai, k) => Float64Array.from({ length: p }, (_, i) => origin[i]! + ai * e1[i]! + b[k]! * e2[i]!));
    const { directions, explained } = trajectoryPrincipalDirections(points, origin);
    expect(alignment(directions[0]!, e1)).toBeCloseTo(1, 12);
    expect(alignment(directions[1]!, e2)).toBeCloseTo(1, 12);
    expect(explained[0]).toBeCloseTo(20 / 24, 12);
    expect(explained[1]).toBeCloseTo(4 / 24, 12);
  });

  it('agrees with power iteration on the P×P second-moment matrix for random data', () => {
    const p = 12;
    const points = randomPoints(7, p, 5);
    const [origin] = randomPoints(1, p, 6);
    const { directions, explained } = trajectoryPrincipalDirections(points, origin!, { count: 3 });
    const reference = powerIterationPca(points, origin!, 3);
    let total = 0;
    for (const theta of points) for (let i = 0; i < p; i++) total += (theta[i]! - origin![i]!) ** 2;
    for (let k = 0; k < 3; k++) {
      expect(alignment(directions[k]!, reference.directions[k]!)).toBeCloseTo(1, 8);
      expect(explained[k]).toBeCloseTo(reference.values[k]! / total, 10);
    }
  });

  it('returns orthonormal directions, shares ordered and summing to at most 1 (to 1 at full rank)', () => {
    const p = 30;
    const points = randomPoints(5, p, 8);
    const origin = new Float64Array(p);
    const full = trajectoryPrincipalDirections(points, origin, { count: 5 });
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) expect(dot(full.directions[i]!, full.directions[j]!)).toBeCloseTo(i === j ? 1 : 0, 12);
    for (let k = 1; k < 5; k++) expect(full.explained[k]!).toBeLessThanOrEqual(full.explained[k - 1]!);
    expect(full.explained.reduce((s, x) => s + x)).toBeCloseTo(1, 12);
    const two = trajectoryPrincipalDirections(points, origin);
    expect(two.directions.length).toBe(2);
    expect(two.explained[0]! + two.explained[1]!).toBeLessThan(1);
    expect(two.explained).toEqual(full.explained.slice(0, 2));
  });

  it('does not depend on the order of the iterates (signs included)', () => {
    const p = 20;
    const points = randomPoints(9, p, 11);
    const [origin] = randomPoints(1, p, 12);
    const forward = trajectoryPrincipalDirections(points, origin!);
    const shuffled = trajectoryPrincipalDirections([...points].reverse().sort((x, y) => x[3]! - y[3]!), origin!);
    for (let k = 0; k < 2; k++) {
      expect(shuffled.explained[k]).toBeCloseTo(forward.explained[k]!, 12);
      for (let i = 0; i < p; i++) expect(shuffled.directions[k]![i]).toBeCloseTo(forward.directions[k]![i]!, 10);
    }
  });

  it('names the problem with degenerate input', () => {
    const origin = Float64Array.from([1, 2, 3]);
    const x = Float64Array.from([2, 2, 3]);
    expect(() => trajectoryPrincipalDirections([], origin)).toThrow(/fewer than 2 distinct iterates \(got none\)/);
    expect(() => trajectoryPrincipalDirections([x, x.slice()], origin)).toThrow(/fewer than 2 distinct iterates \(got 2, all equal\)/);
    expect(() => trajectoryPrincipalDirections([origin.slice(), origin.slice()], origin)).toThrow(/all 2 iterates equal the origin/);
    // Collinear iterates (and the origin itself among them) span one direction.
    const y = Float64Array.from([3, 2, 3]);
    expect(() => trajectoryPrincipalDirections([x, y, origin.slice()], origin)).toThrow(/count 2 exceeds the rank of the iterates \(1 independent direction among 3 iterates\)/);
    expect(trajectoryPrincipalDirections([x, y], origin, { count: 1 }).directions[0]).toEqual(Float64Array.from([1, 0, 0]));
    expect(() => trajectoryPrincipalDirections([x, y], origin, { count: 0 })).toThrow(/count must be an integer >= 1, got 0/);
    expect(() => trajectoryPrincipalDirections([x, Float64Array.from([1, 2])], origin)).toThrow(/iterate 1 has 2 values, the origin 3/);
    expect(() => trajectoryPrincipalDirections([x, Float64Array.from([1, NaN, 2])], origin)).toThrow(/iterate 1 has a non-finite value/);
  });

  it('property: orthonormal, ordered shares, and no unit direction explains more than the first', () => {
    const point = fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 6, maxLength: 6 });
    fc.assert(
      fc.property(fc.array(point, { minLength: 3, maxLength: 8 }), point, point, (rows, o, w) => {
        const points = rows.map((r) => Float64Array.from(r));
        const origin = Float64Array.from(o);
        let result;
        try {
          result = trajectoryPrincipalDirections(points, origin);
        } catch (err) {
          // Degenerate draws (rank < 2) must say so.
          expect(String(err)).toMatch(/distinct iterates|equal the origin|exceeds the rank/);
          return;
        }
        const { directions, explained } = result;
        expect(dot(directions[0]!, directions[1]!)).toBeCloseTo(0, 8);
        for (const d of directions) expect(dot(d, d)).toBeCloseTo(1, 12);
        expect(explained[0]!).toBeGreaterThanOrEqual(explained[1]!);
        expect(explained[1]!).toBeGreaterThan(0);
        expect(explained[0]! + explained[1]!).toBeLessThanOrEqual(1 + 1e-12);
        // explained[k] is the share of Σ‖θᵢ − o‖² along directions[k]; no other unit direction w does better than the first.
        const offsets = points.map((t) => t.map((x, i) => x - origin[i]!));
        const total = offsets.reduce((s, d) => s + dot(d, d), 0);
        const share = (v: ArrayLike<number>) => offsets.reduce((s, d) => s + dot(d, v) ** 2, 0) / total / dot(v, v);
        expect(share(directions[1]!)).toBeCloseTo(explained[1]!, 8);
        if (dot(w, w) > 1e-6) expect(share(w)).toBeLessThanOrEqual(explained[0]! + 1e-9);
      }),
      { numRuns: 200 },
    );
  });
});
