import { describe, expect, it } from 'vitest';
import { mlpLossAndGradients, type MlpData } from '../../src/functions/mlp.js';
import { atenSum, tanhRounded } from '../../src/functions/torch-arithmetic.js';

function data(seed: number, samples: number, inputs: number, hidden: number, outputs: number): { d: MlpData; p: Float64Array[] } {
  let s = seed;
  const r = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
  const arr = (n: number): Float64Array => Float64Array.from({ length: n }, r);
  return {
    d: { X: arr(samples * inputs), Y: arr(samples * outputs), samples, inputs, hidden, outputs },
    p: [arr(hidden * inputs), arr(hidden), arr(outputs * hidden), arr(outputs)],
  };
}

describe('float64 MLP used by the parity checker', () => {
  for (const [N, I, H, O] of [
    [8, 2, 3, 1],
    [13, 3, 5, 2],
  ] as const) {
    it(`back-propagation matches finite differences (${N}×${I} → ${H} → ${O})`, () => {
      const { d, p } = data(N * 31 + H, N, I, H, O);
      const f = (q: Float64Array[]): number => mlpLossAndGradients(d, { W1: q[0]!, b1: q[1]!, W2: q[2]!, b2: q[3]! }).loss;
      const { grads } = mlpLossAndGradients(d, { W1: p[0]!, b1: p[1]!, W2: p[2]!, b2: p[3]! });
      const g = [grads.W1, grads.b1, grads.W2, grads.b2];
      p.forEach((arr, k) => {
        for (let i = 0; i < arr.length; i++) {
          const h = 1e-6;
          const plus = p.map((a) => a.slice());
          const minus = p.map((a) => a.slice());
          plus[k]![i]! += h;
          minus[k]![i]! -= h;
          expect(Math.abs((f(plus) - f(minus)) / (2 * h) - g[k]![i]!)).toBeLessThan(1e-8);
        }
      });
    });
  }

  it('rejects arrays of the wrong size', () => {
    const { d, p } = data(1, 8, 2, 3, 1);
    expect(() => mlpLossAndGradients(d, { W1: p[1]!, b1: p[1]!, W2: p[2]!, b2: p[3]! })).toThrow('mlp: W1 has 3 values, expected 6');
  });
});

describe("PyTorch's float64 arithmetic", () => {
  it('tanhRounded is within half an ulp of tanh (checked against identities in double-double)', () => {
    for (const x of [1e-30, 1e-9, 0.001, 0.1, 0.5, 0.75, 1, 2, 5, 10, 18, 19, 25]) {
      const t = tanhRounded(x);
      expect(tanhRounded(-x)).toBe(-t);
      expect(Math.abs(t - Math.tanh(x))).toBeLessThanOrEqual(Math.abs(t) * 2.3e-16);
    }
    expect(tanhRounded(0.5)).toBe(0.46211715726000974);
    expect(tanhRounded(0)).toBe(0);
    expect(Number.isNaN(tanhRounded(Number.NaN))).toBe(true);
    expect(tanhRounded(Infinity)).toBe(1);
  });

  it('atenSum adds in 4 lanes, then the lanes (equal to the exact sum where no rounding happens)', () => {
    const ints = Float64Array.from({ length: 1000 }, (_, i) => i);
    expect(atenSum(ints)).toBe(499500);
    const v = [1, 1e16, 1, -1e16, 1, 0, 0, 0];
    // lanes (1+1, 1e16+0, 1+0, −1e16+0), then ((2 + 1e16) + 1) − 1e16 = 4 (1e16+3 rounds to even),
    // where the sequential order gives 1.
    expect(atenSum(v)).toBe(4);
    expect(v.reduce((a, b) => a + b, 0)).toBe(1);
    expect(atenSum([1, 2, 3])).toBe(6);
  });
});
