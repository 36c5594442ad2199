import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Random, manualSeed, defaultRandom, randn, rand, randint } from '../ops/core.js';

describe('Random (xoshiro128** seeded by splitmix32)', () => {
  it('steps exactly like the reference xoshiro128** from state [1,2,3,4]', () => {
    // Values from a Python transcription of Blackman & Vigna's C reference (xoshiro128starstar.c).
    const r = new Random(0);
    r.setState({ algorithm: 'xoshiro128**', s: [1, 2, 3, 4], spare: null });
    expect([0, 1, 2, 3, 4, 5].map(() => r.nextUint32())).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it('gives pinned numbers for pinned seeds (a change of algorithm or seeding is caught)', () => {
    // Pinned from an independent Python transcription of the documented seeding and generator.
    const pinned: Record<number, number[]> = {
      0: [3809008728, 1133695204, 53579671, 2891528803],
      42: [2837322924, 544945897, 479756282, 3500138142],
      123456789: [4284103975, 1001954530, 2701803082, 2658065534],
    };
    for (const [seed, values] of Object.entries(pinned)) {
      const r = new Random(Number(seed));
      expect(values.map(() => r.nextUint32())).toEqual(values);
    }
    expect(new Random(0).uniform()).toBe(0.8868539502021594);
    expect(new Random(42).uniform()).toBe(0.6606157208001621);
    expect(new Random(123456789).uniform()).toBe(0.9974706860876509);
    const r = new Random(42);
    expect(r.normal()).toBeCloseTo(0.6953712153418404, 14);
    expect(r.normal()).toBeCloseTo(0.5878986391985577, 14);
    expect(r.int(10)).toBe(0);
    expect(r.int(1000)).toBe(290);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (seed) => {
        const a = new Random(seed);
        const b = new Random(seed);
        const c = new Random(seed + 1);
        const xs = Array.from({ length: 8 }, () => a.nextUint32());
        expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(xs);
        expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(xs);
      }),
      { numRuns: 50 },
    );
  });

  it('continues bit for bit after state() / setState(), including a pending Box–Muller spare', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 0, max: 7 }), (seed, warmup) => {
        const r = new Random(seed);
        for (let i = 0; i < warmup; i++) r.normal(); // odd warmups leave a spare pending
        const saved = JSON.parse(JSON.stringify(r.state())) as ReturnType<Random['state']>;
        const expected = [r.normal(), r.uniform(), r.int(7), r.normal(), r.nextUint32()];
        const restored = new Random(999);
        restored.setState(saved);
        expect([restored.normal(), restored.uniform(), restored.int(7), restored.normal(), restored.nextUint32()]).toEqual(expected);
        const clone = new Random(seed);
        for (let i = 0; i < warmup; i++) clone.normal();
        const c = clone.clone();
        expect([c.normal(), c.uniform(), c.int(7), c.normal(), c.nextUint32()]).toEqual(expected);
      }),
      { numRuns: 50 },
    );
  });

  it('rejects a malformed state and bad arguments', () => {
    const r = new Random(1);
    expect(() => r.setState({ algorithm: 'xoshiro128**', s: [1, 2, 3], spare: null })).toThrow('Random.setState: not a xoshiro128** state');
    expect(() => r.setState({ algorithm: 'xoshiro128**', s: [1, 2, 3, 2 ** 32], spare: null })).toThrow('Random.setState');
    expect(() => r.int(0)).toThrow('Random.int: n must be an integer in [1, 2^32], got 0');
    expect(() => new Random(NaN)).toThrow('Random: seed must be a finite number, got NaN');
  });

  it('draws uniforms in [0, 1), integers in range without bias, and normals with mean 0 / variance 1', () => {
    const r = new Random(7);
    const n = 20000;
    let sum = 0;
    let sumSq = 0;
    const counts = new Array<number>(5).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = r.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      const z = r.normal();
      sum += z;
      sumSq += z * z;
      counts[r.int(5)]!++;
    }
    expect(outside).toBe(0);
    expect(Math.abs(sum / n)).toBeLessThan(0.05);
    expect(Math.abs(sumSq / n - 1)).toBeLessThan(0.05);
    for (const c of counts) expect(Math.abs(c / n - 0.2)).toBeLessThan(0.02);
  });

  it('shuffles into a permutation and permutation(n) holds each index once', () => {
    const r = new Random(3);
    const p = Array.from(r.permutation(50));
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    const items = ['a', 'b', 'c', 'd'];
    expect(r.shuffle([...items]).sort()).toEqual(items);
  });

  it('manualSeed resets the library-wide generator used by rand/randn/randint', () => {
    manualSeed(5);
    const a = [randn([3]), rand([3]), randint(0, 10, [3])].map((t) => Array.from(t.data));
    manualSeed(5);
    const b = [randn([3]), rand([3]), randint(0, 10, [3])].map((t) => Array.from(t.data));
    expect(b).toEqual(a);
    manualSeed(5);
    expect(defaultRandom().uniform()).toBe(new Random(5).uniform());
    // An explicit generator is used instead of the global one.
    const x = randn([4], { dtype: 'float64', random: new Random(11) });
    const g = new Random(11);
    expect(Array.from(x.data)).toEqual([g.normal(), g.normal(), g.normal(), g.normal()]);
  });
});
