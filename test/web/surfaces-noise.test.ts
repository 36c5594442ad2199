/** The Surfaces panel's gradient noise: seeded, mean zero, standard deviation σ, kept in the URL. */
import { describe, expect, it } from 'vitest';
import { VectorRun, testFunction } from '../../src/index.js';
import { decodeNoise, encodeNoise, noisyObjective, normalStream } from '../../web/surfaces/noise.js';
import { choiceLabel, paramLabel, visibleSpecs } from '../../web/surfaces/optimizer-defaults.js';
import { constantLabel, surfaceEntries } from '../../web/surfaces/surfaces.js';
import { OPTIMIZERS } from '../../src/index.js';

const quadratic = { value: (x: ArrayLike<number>) => x[0]! ** 2 + x[1]! ** 2, gradient: (x: ArrayLike<number>) => Float64Array.of(2 * x[0]!, 2 * x[1]!) };

describe('gradient noise', () => {
  it('is reproducible from its seed and differs between seeds', () => {
    const a = normalStream(3);
    const b = normalStream(3);
    const c = normalStream(4);
    const xs = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 50 }, () => c())).not.toEqual(xs);
  });

  it('has mean ~0 and standard deviation σ in each coordinate; value and exact gradient untouched', () => {
    const sigma = 0.7;
    const noisy = noisyObjective(quadratic, { sigma, seed: 11 });
    const n = 20_000;
    const sums = [0, 0];
    const squares = [0, 0];
    for (let i = 0; i < n; i++) {
      const g = noisy.gradient([1, -2]);
      for (const k of [0, 1]) {
        const e = g[k]! - [2, -4][k]!;
        sums[k] += e;
        squares[k] += e * e;
      }
    }
    for (const k of [0, 1]) {
      const mean = sums[k]! / n;
      expect(Math.abs(mean)).toBeLessThan(4 * sigma / Math.sqrt(n));
      expect(Math.sqrt(squares[k]! / n - mean * mean)).toBeCloseTo(sigma, 1);
    }
    expect(noisy.value([1, -2])).toBe(5);
    expect(noisyObjective(quadratic, { sigma: 0, seed: 1 })).toBe(quadratic);
    expect(() => noisyObjective(quadratic, { sigma: -1, seed: 1 })).toThrow(/σ must be in \[0, 1000\], got −?-?1/);
  });

  it('makes a reset replay the same noisy run, and SGD jitter around the minimum where the exact run converges', () => {
    const f = testFunction('quadratic');
    const run = (sigma: number) => {
      const r = new VectorRun(noisyObjective(f, { sigma, seed: 5 }), { optimizer: 'sgd', options: { learningRate: 0.05 }, start: [1, 1] });
      for (let i = 0; i < 400; i++) r.step();
      return r;
    };
    expect(run(0.5).points).toEqual(run(0.5).points);
    const exact = run(0).losses.at(-1)!;
    const noisy = run(0.5).losses.at(-1)!;
    expect(noisy).toBeGreaterThan(100 * Math.max(exact, 1e-12));
  });

  it('round-trips through the URL, staying out of plain links', () => {
    const q = new URLSearchParams('fn=beale');
    encodeNoise({ sigma: 0.25, seed: 9 }, q);
    expect(q.toString()).toBe('fn=beale&noise=0.25&seed=9');
    expect(decodeNoise(new URLSearchParams(q.toString()))).toEqual({ sigma: 0.25, seed: 9 });
    const plain = new URLSearchParams('fn=beale');
    encodeNoise({ sigma: 0, seed: 1 }, plain);
    expect(plain.toString()).toBe('fn=beale');
    expect(decodeNoise(new URLSearchParams('noise=-3&seed=x'))).toEqual({ sigma: 0, seed: 1 });
  });
});

describe('labels beside the noise row: no code names on the page', () => {
  it('hyper-parameters read as words and symbols, not camelCase code names', () => {
    const fallback = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    const names = new Set(OPTIMIZERS.flatMap((e) => visibleSpecs(e.name).map((s) => s.name)));
    // Split camelCase reads badly for these ("max iter", "ns steps", "use muon", "weight lr power").
    for (const name of ['maxIter', 'maxEval', 'nsSteps', 'useMuon', 'weightLrPower', 'dampingFactor', 'lrDecay', 'initialAccumulatorValue']) {
      expect(names.has(name), name).toBe(true);
      expect(paramLabel(name), name).not.toBe(fallback(name));
    }
    expect(paramLabel('dampening')).toBe('τ dampening');
    expect(paramLabel('damping')).toBe('λ damping');
    expect(choiceLabel('strong_wolfe')).toBe('strong Wolfe');
  });

  it('constants of the surfaces are shown by their symbols', () => {
    expect(constantLabel('kappa')).toBe('κ (condition number)');
    expect(constantLabel('theta')).toBe('θ (rotation, rad)');
    for (const e of surfaceEntries()) for (const c of e.constants) expect(constantLabel(c.name), c.name).toMatch(/^(.|[^a-z]\b.*|. \(.+\))$/u);
  });
});
