import { describe, it, expect } from 'vitest';
import { Random, Tensor, manualSeed, tensor, zeros } from '../../src/index.js';
import { Conv2d, Linear, init } from '../../src/nn/index.js';

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of t.data) {
    s += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / t.size;
  let ss = 0;
  for (const v of t.data) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / t.size), min, max };
}

/** Checks mean ≈ 0 and std ≈ `std` (1 % relative) over a big tensor. */
function expectMoments(t: Tensor, std: number): void {
  const s = stats(t);
  expect(Math.abs(s.mean)).toBeLessThan(0.01 * std);
  expect(s.std / std).toBeCloseTo(1, 2);
}

const big = (shape: number[] = [800, 600]): Tensor => zeros(shape, { dtype: 'float64' });

describe('calculateGain and fans', () => {
  it('matches PyTorch calculate_gain', () => {
    expect(init.calculateGain('linear')).toBe(1);
    expect(init.calculateGain('conv2d')).toBe(1);
    expect(init.calculateGain('sigmoid')).toBe(1);
    expect(init.calculateGain('tanh')).toBe(5 / 3);
    expect(init.calculateGain('relu')).toBe(Math.SQRT2);
    expect(init.calculateGain('leakyRelu')).toBe(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(init.calculateGain('leakyRelu', 0.2)).toBeCloseTo(1.3867504905630728, 15);
    expect(init.calculateGain('leakyRelu', 0)).toBe(Math.SQRT2);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('swish' as 'relu')).toThrow(/unsupported nonlinearity 'swish'/);
  });

  it('computes fan in/out with the receptive field', () => {
    expect(init.calculateFanInAndFanOut([10, 784])).toEqual([784, 10]);
    expect(init.calculateFanInAndFanOut([16, 3, 5, 5])).toEqual([75, 400]);
    expect(() => init.calculateFanInAndFanOut([5])).toThrow(/fewer than 2 dimensions, got \[5\]/);
  });
});

describe('init distributions (moments over 480k samples)', () => {
  const [fanOut, fanIn] = [800, 600];

  it('xavierUniform: U(-a, a), a = gain·√(6/(fanIn+fanOut))', () => {
    const t = init.xavierUniform(big(), { gain: 2, random: new Random(1) });
    const a = 2 * Math.sqrt(6 / (fanIn + fanOut));
    const s = stats(t);
    expect(s.min).toBeGreaterThanOrEqual(-a);
    expect(s.max).toBeLessThan(a);
    expect(s.max).toBeGreaterThan(0.999 * a);
    expectMoments(t, a / Math.sqrt(3));
  });

  it('xavierNormal: std = gain·√(2/(fanIn+fanOut))', () => {
    expectMoments(init.xavierNormal(big(), { random: new Random(2) }), Math.sqrt(2 / (fanIn + fanOut)));
  });

  it('kaimingUniform: default (leakyRelu, a=0, fanIn) has bound √(6/fanIn)', () => {
    const t = init.kaimingUniform(big(), { random: new Random(3) });
    const bound = Math.sqrt(6 / fanIn);
    const s = stats(t);
    expect(s.min).toBeGreaterThanOrEqual(-bound);
    expect(s.max).toBeLessThan(bound);
    expectMoments(t, Math.SQRT2 / Math.sqrt(fanIn));
  });

  it('kaimingNormal: fanOut mode with relu gain, and tanh gain', () => {
    expectMoments(init.kaimingNormal(big(), { mode: 'fanOut', nonlinearity: 'relu', random: new Random(4) }), Math.SQRT2 / Math.sqrt(fanOut));
    expectMoments(init.kaimingNormal(big(), { nonlinearity: 'tanh', random: new Random(5) }), 5 / 3 / Math.sqrt(fanIn));
    expect(() => init.kaimingNormal(big([2, 2]), { mode: 'fan_in' as 'fanIn' })).toThrow(/mode must be 'fanIn' or 'fanOut'/);
  });

  it('uniform, normal, constant, zeros, ones', () => {
    const u = stats(init.uniform(big(), 2, 4, { random: new Random(6) }));
    expect(u.min).toBeGreaterThanOrEqual(2);
    expect(u.max).toBeLessThan(4);
    expect(u.mean).toBeCloseTo(3, 2);
    const n = stats(init.normal(big(), 1, 0.5, { random: new Random(7) }));
    expect(n.mean).toBeCloseTo(1, 2);
    expect(n.std).toBeCloseTo(0.5, 2);
    expect(init.constant(zeros([3]), 0.25).toFlatArray()).toEqual([0.25, 0.25, 0.25]);
    expect(init.ones(zeros([2])).toFlatArray()).toEqual([1, 1]);
    expect(init.zeros(tensor([1, 2])).toFlatArray()).toEqual([0, 0]);
    expect(() => init.ones(tensor([1], { dtype: 'int32' }))).toThrow(/expected a float32 or float64 tensor, got int32/);
  });
});

describe('default layer init (PyTorch: kaiming_uniform a=√5, bias U(±1/√fanIn))', () => {
  it('Linear: weight and bias within ±1/√inFeatures, weight std 1/√(3·inFeatures)', () => {
    const fcl = new Linear(400, 1000, { dtype: 'float64', random: new Random(8) });
    const bound = 1 / Math.sqrt(400);
    const w = stats(fcl.weight);
    expect(w.min).toBeGreaterThanOrEqual(-bound * (1 + 1e-12));
    expect(w.max).toBeLessThanOrEqual(bound * (1 + 1e-12));
    expectMoments(fcl.weight, bound / Math.sqrt(3));
    const b = stats(fcl.bias!);
    expect(b.min).toBeGreaterThanOrEqual(-bound);
    expect(b.max).toBeLessThanOrEqual(bound);
    expect(b.max).toBeGreaterThan(0.9 * bound);
  });

  it('Conv2d: fanIn = inChannels·kH·kW', () => {
    const conv = new Conv2d(8, 512, [3, 5], { random: new Random(9) });
    const bound = 1 / Math.sqrt(8 * 3 * 5);
    const s = stats(conv.weight);
    expect(s.max).toBeLessThanOrEqual(bound * (1 + 1e-6));
    expect(s.min).toBeGreaterThanOrEqual(-bound * (1 + 1e-6));
    expectMoments(conv.weight, bound / Math.sqrt(3));
    expect(stats(conv.bias!).max).toBeLessThanOrEqual(bound * (1 + 1e-6));
  });
});

describe('determinism', () => {
  it('the same seed gives the same weights; another seed different ones', () => {
    const a = new Linear(20, 30, { random: new Random(42) });
    const b = new Linear(20, 30, { random: new Random(42) });
    const c = new Linear(20, 30, { random: new Random(43) });
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
    expect(Array.from(a.bias!.data)).toEqual(Array.from(b.bias!.data));
    expect(Array.from(a.weight.data)).not.toEqual(Array.from(c.weight.data));
  });

  it('without an explicit generator, manualSeed fixes the weights', () => {
    manualSeed(7);
    const a = new Linear(5, 4);
    manualSeed(7);
    const b = new Linear(5, 4);
    expect(Array.from(a.weight.data)).toEqual(Array.from(b.weight.data));
    const c = new Linear(5, 4); // the generator moved on
    expect(Array.from(c.weight.data)).not.toEqual(Array.from(a.weight.data));
  });

  it('every init function is reproducible per seed', () => {
    const fns = [
      (r: Random) => init.xavierUniform(zeros([4, 5]), { random: r }),
      (r: Random) => init.xavierNormal(zeros([4, 5]), { random: r }),
      (r: Random) => init.kaimingUniform(zeros([4, 5]), { random: r }),
      (r: Random) => init.kaimingNormal(zeros([4, 5]), { random: r }),
      (r: Random) => init.uniform(zeros([4, 5]), -1, 1, { random: r }),
      (r: Random) => init.normal(zeros([4, 5]), 0, 1, { random: r }),
    ];
    for (const f of fns) expect(f(new Random(11)).toFlatArray()).toEqual(f(new Random(11)).toFlatArray());
  });

  it('resetParameters re-draws from the given generator', () => {
    const fcl = new Linear(3, 2, { random: new Random(5) });
    const first = fcl.weight.toFlatArray();
    fcl.resetParameters(new Random(6));
    expect(fcl.weight.toFlatArray()).not.toEqual(first);
    fcl.resetParameters(new Random(5));
    expect(fcl.weight.toFlatArray()).toEqual(first);
  });
});
