import { describe, expect, it } from 'vitest';
import { ema, emaAvgFn, makeAverager, polyak, polynomialDecay, swa, type Averager, type AveragingState } from '../../src/averaging/index.js';

const iterates = [
  [1, -2, 3],
  [2, 0, 1],
  [-1, 4, 5],
  [0.5, 0.25, -3],
  [3, 3, 3],
];

function feed(averager: Averager, xs: number[][] = iterates): AveragingState[] {
  let state = averager.init({ w: new Float64Array(3) });
  return xs.map((x) => (state = averager.update(state, { w: Float64Array.from(x) })));
}

describe('averagers', () => {
  it('Polyak: the running mean; SWA with equal weights is the same', () => {
    const states = feed(polyak());
    states.forEach((s, t) => {
      const mean = [0, 1, 2].map((i) => iterates.slice(0, t + 1).reduce((acc, x) => acc + x[i]!, 0) / (t + 1));
      [0, 1, 2].forEach((i) => expect(s.averaged.w![i]).toBeCloseTo(mean[i]!, 14));
      expect(s.count).toBe(t + 1);
    });
    expect(feed(swa()).map((s) => Array.from(s.averaged.w!))).toEqual(states.map((s) => Array.from(s.averaged.w!)));
  });

  it('the first update copies the iterate exactly', () => {
    for (const a of [polyak(), polynomialDecay(), ema({ decay: 0.3 }), swa(), swa({ avgFn: () => NaN })]) {
      expect(Array.from(feed(a, [[0.1, 0.2, 0.3]])[0]!.averaged.w!)).toEqual([0.1, 0.2, 0.3]);
    }
  });

  it('polynomial decay: (1 − w)·x̄ + w·x with w = (η+1)/(t+η); η = 0 is Polyak', () => {
    const states = feed(polynomialDecay({ eta: 3 }));
    let expected = iterates[0]!;
    for (let t = 2; t <= iterates.length; t++) {
      const w = 4 / (t + 3);
      expected = expected.map((v, i) => (1 - w) * v + w * iterates[t - 1]![i]!);
      expect(Array.from(states[t - 1]!.averaged.w!)).toEqual(expected);
    }
    const p0 = feed(polynomialDecay({ eta: 0 })).at(-1)!.averaged.w!;
    const pol = feed(polyak()).at(-1)!.averaged.w!;
    p0.forEach((v, i) => expect(v).toBeCloseTo(pol[i]!, 14));
  });

  it('EMA: β·x̄ + (1 − β)·x, as SWA with emaAvgFn', () => {
    const states = feed(ema({ decay: 0.9 }));
    let expected = iterates[0]!;
    for (let t = 1; t < iterates.length; t++) {
      expected = expected.map((v, i) => 0.9 * v + (1 - 0.9) * iterates[t]![i]!);
      expect(Array.from(states[t]!.averaged.w!)).toEqual(expected);
    }
    expect(feed(swa({ avgFn: emaAvgFn(0.9) })).at(-1)!.averaged.w).toEqual(states.at(-1)!.averaged.w);
    expect(feed(ema()).length).toBe(5);
  });

  it('SWA with a custom avgFn receives n_averaged', () => {
    const seen: number[] = [];
    feed(swa({ avgFn: (a, x, n) => (seen.push(n), a + x) }), iterates.slice(0, 3));
    expect(seen).toEqual([1, 1, 1, 2, 2, 2]);
    const max = makeAverager('max', (a, x) => Math.max(a, x));
    expect(Array.from(feed(max).at(-1)!.averaged.w!)).toEqual([3, 4, 5]);
  });

  it('update is pure: the state and the parameters are not modified', () => {
    const a = polyak();
    const w = Float64Array.from([1, 2, 3]);
    const s1 = a.update(a.init({ w }), { w });
    const before = Array.from(s1.averaged.w!);
    const x = Float64Array.from([5, 5, 5]);
    const s2 = a.update(s1, { w: x });
    expect(Array.from(s1.averaged.w!)).toEqual(before);
    expect(s1.count).toBe(1);
    expect(Array.from(x)).toEqual([5, 5, 5]);
    expect(Array.from(s2.averaged.w!)).toEqual([3, 3.5, 4]);
  });

  it('works on float32 parameters, in a Map, keeping float64 averages', () => {
    const a = polyak();
    const w = Float32Array.from([0.1, 0.2]);
    let state = a.init(new Map([['w', w]]));
    state = a.update(state, new Map([['w', w]]));
    state = a.update(state, new Map([['w', Float32Array.from([0.3, 0.4])]]));
    expect(state.averaged.w).toBeInstanceOf(Float64Array);
    expect(state.averaged.w![0]).toBeCloseTo((Math.fround(0.1) + Math.fround(0.3)) / 2, 15);
  });
});

describe('averaging bad input', () => {
  it('reports unknown, missing and resized parameters, a foreign state, and bad options', () => {
    const a = swa();
    const state = a.init({ w: new Float64Array(3), b: new Float64Array(1) });
    expect(() => a.update(state, { w: new Float64Array(3) })).toThrow("swa: parameter 'b' is missing");
    expect(() => a.update(state, { w: new Float64Array(3), b: new Float64Array(1), c: new Float64Array(1) })).toThrow(
      "swa: unknown parameter 'c' (the state has w, b)",
    );
    expect(() => a.update(state, { w: new Float64Array(4), b: new Float64Array(1) })).toThrow(
      "swa: parameter 'w' has 4 values but the state has 3",
    );
    expect(() => a.update(state, { w: [1, 2, 3] as never, b: new Float64Array(1) })).toThrow(
      "parameter 'w' must be a Float32Array or Float64Array",
    );
    expect(() => polyak().update(state, { w: new Float64Array(3), b: new Float64Array(1) })).toThrow(
      "polyak: cannot update a 'swa' averaging state",
    );
    expect(() => a.update({ ...state, count: -1 }, { w: new Float64Array(3), b: new Float64Array(1) })).toThrow('swa: invalid state count: -1');
    expect(() => ema({ decay: 1.5 })).toThrow('ema: invalid decay: 1.5 (valid range [0, 1])');
    expect(() => ema({ beta: 0.9 } as never)).toThrow("ema: unknown option 'beta'");
    expect(() => polynomialDecay({ eta: -1 })).toThrow('polynomialDecay: invalid eta: -1 (valid range [0, inf))');
    expect(() => polynomialDecay({ eta: NaN })).toThrow('polynomialDecay: invalid eta: NaN');
    expect(() => swa({ avgFn: 3 as never })).toThrow('swa: invalid avgFn: 3 (expected a function)');
    expect(() => swa({ avg_fn: () => 0 } as never)).toThrow("swa: unknown option 'avg_fn'; did you mean 'avgFn'?");
    expect(() => emaAvgFn(-0.1)).toThrow('emaAvgFn: invalid decay: -0.1 (valid range [0, 1])');
  });
});
