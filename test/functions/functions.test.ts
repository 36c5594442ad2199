import { describe, expect, it } from 'vitest';
import {
  TEST_FUNCTIONS,
  findTestFunction,
  formulaObjective,
  himmelblau,
  illConditionedQuadratic,
  rosenbrock,
  testFunction,
} from '../../src/functions/index.js';

/** A deterministic pseudo-random sequence (no Math.random in tests). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function samplePoints(domain: { x: readonly [number, number]; y: readonly [number, number] }, n: number, seed: number): [number, number][] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => [domain.x[0] + r() * (domain.x[1] - domain.x[0]), domain.y[0] + r() * (domain.y[1] - domain.y[0])]);
}

describe('test functions: exact derivatives', () => {
  for (const entry of TEST_FUNCTIONS) {
    describe(entry.name, () => {
      const f = entry.create();
      const pts = samplePoints(entry.domain, 12, 7);

      it('gradient matches central finite differences of the value', () => {
        for (const [x, y] of pts) {
          const g = f.gradient([x, y]);
          for (let i = 0; i < 2; i++) {
            const h = 1e-6 * Math.max(1, Math.abs(i === 0 ? x : y));
            const plus = i === 0 ? [x + h, y] : [x, y + h];
            const minus = i === 0 ? [x - h, y] : [x, y - h];
            const fd = (f.value(plus) - f.value(minus)) / (2 * h);
            const scale = Math.max(1, Math.abs(f.value([x, y])), Math.abs(g[i]!));
            expect(Math.abs(fd - g[i]!)).toBeLessThan(1e-6 * scale);
          }
        }
      });

      it('Hessian matches finite differences of the gradient and is symmetric', () => {
        for (const [x, y] of pts) {
          const H = f.hessian([x, y]);
          expect(H[1]).toBe(H[2]);
          for (let j = 0; j < 2; j++) {
            const h = 1e-6 * Math.max(1, Math.abs(j === 0 ? x : y));
            const gp = f.gradient(j === 0 ? [x + h, y] : [x, y + h]);
            const gm = f.gradient(j === 0 ? [x - h, y] : [x, y - h]);
            for (let i = 0; i < 2; i++) {
              const fd = (gp[i]! - gm[i]!) / (2 * h);
              const scale = Math.max(1, Math.abs(H[i * 2 + j]!));
              expect(Math.abs(fd - H[i * 2 + j]!)).toBeLessThan(1e-5 * scale);
            }
          }
        }
      });

      it('its formula, differentiated exactly, agrees with the implementation', () => {
        const g = formulaObjective(entry.formula, f.constants);
        for (const p of pts) {
          expect(g.value(p)).toBeCloseTo(f.value(p), 9);
          const [a, b] = [g.gradient(p), f.gradient(p)];
          const [ha, hb] = [g.hessian(p), f.hessian(p)];
          for (let i = 0; i < 2; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(b[i]!)));
          for (let i = 0; i < 4; i++) expect(Math.abs(ha[i]! - hb[i]!)).toBeLessThan(1e-9 * Math.max(1, Math.abs(hb[i]!)));
        }
      });

      it('known points are critical points with the stated value and kind', () => {
        for (const k of entry.knownPoints()) {
          const g = f.gradient([k.x, k.y]);
          expect(Math.hypot(g[0]!, g[1]!)).toBeLessThan(1e-9);
          expect(f.value([k.x, k.y])).toBeCloseTo(k.value, 9);
          const [a, b, , d] = f.hessian([k.x, k.y]);
          const det = a! * d! - b! * b!;
          if (k.kind !== 'saddle') {
            expect(a!).toBeGreaterThan(0);
            expect(det).toBeGreaterThan(0);
          } else {
            expect(det).toBeLessThanOrEqual(0);
          }
        }
      });

      it('describes itself: start inside the domain, documented constants with defaults', () => {
        const [x, y] = entry.start;
        expect(x).toBeGreaterThanOrEqual(entry.domain.x[0]);
        expect(x).toBeLessThanOrEqual(entry.domain.x[1]);
        expect(y).toBeGreaterThanOrEqual(entry.domain.y[0]);
        expect(y).toBeLessThanOrEqual(entry.domain.y[1]);
        for (const c of entry.constants) {
          expect(f.constants[c.name]).toBe(c.default);
          expect(c.doc.length).toBeGreaterThan(0);
        }
        expect(entry.formula.startsWith('f(x, y) =')).toBe(true);
      });
    });
  }
});

describe('test functions: constants and lookup', () => {
  it('rosenbrock(a, b) moves its minimum to (a, a²)', () => {
    const f = rosenbrock({ a: 2, b: 10 });
    expect(f.value([2, 4])).toBe(0);
    expect(Array.from(f.gradient([2, 4]), Math.abs)).toEqual([0, 0]);
    expect(findTestFunction('rosenbrock')!.knownPoints({ a: 2 })[0]).toMatchObject({ x: 2, y: 4 });
  });

  it('the ill-conditioned quadratic has eigenvalues 1 and κ along the rotated axes', () => {
    const f = illConditionedQuadratic({ kappa: 100, theta: Math.PI / 3 });
    const [a, b, , d] = f.hessian([0, 0]);
    const tr = a! + d!;
    const det = a! * d! - b! * b!;
    const disc = Math.sqrt(tr * tr - 4 * det);
    expect((tr + disc) / 2).toBeCloseTo(100, 10);
    expect((tr - disc) / 2).toBeCloseTo(1, 10);
    // The long (flat) axis points along θ.
    const u = [Math.cos(Math.PI / 3), Math.sin(Math.PI / 3)];
    expect(f.value(u)).toBeCloseTo(0.5, 12);
  });

  it('has Himmelblau’s four minima', () => {
    expect(himmelblau().value([3, 2])).toBe(0);
    expect(findTestFunction('himmelblau')!.knownPoints()).toHaveLength(4);
  });

  it('finds functions under other spellings and rejects unknown names and constants', () => {
    expect(findTestFunction('three_hump_camel')?.name).toBe('three-hump-camel');
    expect(findTestFunction('Monkey Saddle')?.name).toBe('monkey-saddle');
    expect(findTestFunction('nope')).toBeUndefined();
    expect(() => testFunction('rosenbrok')).toThrow(/unknown test function 'rosenbrok'; valid names: rosenbrock, beale/);
    expect(() => rosenbrock({ c: 1 })).toThrow("rosenbrock: unknown constant 'c' (valid constants: a, b)");
    expect(() => rosenbrock({ a: Number.NaN })).toThrow('rosenbrock: invalid constant a: NaN');
    expect(() => testFunction('booth', { a: 1 })).toThrow("booth: unknown constant 'a' (valid constants: none)");
  });
});

describe('formula objectives', () => {
  it('parses precedence, powers and functions', () => {
    const f = formulaObjective('f(x, y) = -x^2 + 2**3*y - sin(pi*x)/2 + exp(0)', {});
    expect(f.value([1, 1])).toBeCloseTo(-1 + 8 - 0 + 1, 12);
    const g = f.gradient([0.5, 0]);
    expect(g[0]).toBeCloseTo(-1 - (Math.PI * Math.cos(Math.PI * 0.5)) / 2, 12);
    expect(g[1]).toBe(8);
  });

  it('reports what it cannot read', () => {
    expect(() => formulaObjective('f(x, y) = x +* y')).toThrow(/formula: unexpected '\*'/);
    expect(() => formulaObjective('f(x, y) = q*x')).toThrow("formula: unknown name 'q' in 'q*x'");
    expect(() => formulaObjective('f(x, y) = (x + y')).toThrow(/expected '\)'/);
  });
});
