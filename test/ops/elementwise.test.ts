import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, square, sin, cos, erf, clamp, maximum, minimum, where,
  gt, sign, tensor, Tensor, sum, cast,
} from './core.js';
import { randT, randSigned, expectGrads, broadcastPairArb, expectClose } from './helpers.js';

const seedArb = fc.integer({ min: 0, max: 10_000 });
const RUNS = { numRuns: 12 };

describe('binary ops: gradients of both operands over random broadcast shapes', () => {
  const ops: Record<string, [(a: Tensor, b: Tensor) => Tensor, (shape: number[], seed: number) => Tensor, (shape: number[], seed: number) => Tensor]> = {
    add: [add, (s, k) => randT(s, k), (s, k) => randT(s, k)],
    sub: [sub, (s, k) => randT(s, k), (s, k) => randT(s, k)],
    mul: [mul, (s, k) => randT(s, k), (s, k) => randT(s, k)],
    div: [div, (s, k) => randT(s, k), (s, k) => randSigned(s, k)],
    pow: [pow, (s, k) => randT(s, k, { low: 0.5, high: 2 }), (s, k) => randT(s, k, { low: -1.5, high: 1.5 })],
    maximum: [maximum, (s, k) => randT(s, k), (s, k) => randT(s, k)],
    minimum: [minimum, (s, k) => randT(s, k), (s, k) => randT(s, k)],
  };
  for (const [name, [op, makeA, makeB]] of Object.entries(ops)) {
    it(name, () => {
      fc.assert(
        fc.property(broadcastPairArb(3, 3), seedArb, ([sa, sb], seed) => {
          const a = makeA(sa, seed);
          const b = makeB(sb, seed + 1);
          expect(op(a, b).shape).toEqual([...new Array(Math.max(sa.length, sb.length))].map((_, i) => {
            const da = sa[sa.length - Math.max(sa.length, sb.length) + i] ?? 1;
            const db = sb[sb.length - Math.max(sa.length, sb.length) + i] ?? 1;
            return Math.max(da, db);
          }));
          expectGrads(op, [a, b]);
        }),
        RUNS,
      );
    });
  }

  it('with a plain number as either operand', () => {
    const x = randT([2, 3], 1, { low: 0.5, high: 2 });
    expectGrads((t) => add(2, t), [x]);
    expectGrads((t) => sub(2, t), [x]);
    expectGrads((t) => div(3, t), [x]);
    expectGrads((t) => pow(t, 2.5), [x]);
    expectGrads((t) => pow(2.5, t), [x]);
    expectGrads((t) => maximum(t, 1), [x]);
  });

  it('pow with a negative base and an integer exponent', () => {
    const x = randT([5], 2, { low: -2, high: -0.5 });
    expectGrads((t) => pow(t, 3), [x]);
    expect(pow(tensor([-2], { dtype: 'float64' }), 3).item()).toBe(-8);
  });

  it('the edge shapes: scalar [], [1], leading 1s, size 0', () => {
    expectGrads(mul, [randT([], 1), randT([2, 3], 2)]);
    expectGrads(add, [randT([1], 3), randT([2, 3], 4)]);
    expectGrads(sub, [randT([1, 1, 3], 5), randT([2, 1], 6)]);
    const empty = randT([0, 3], 7);
    const row = randT([3], 8);
    const y = add(empty, row);
    expect(y.shape).toEqual([0, 3]);
    sum(y).backward();
    expect(Array.from(row.grad!.data)).toEqual([0, 0, 0]);
    expect(empty.grad!.shape).toEqual([0, 3]);
  });
});

describe('unary ops: gradients', () => {
  const unary: Record<string, [(t: Tensor) => Tensor, { low?: number; high?: number; avoid?: number[] }]> = {
    neg: [neg, {}],
    exp: [exp, { low: -2, high: 2 }],
    log: [log, { low: 0.2, high: 3 }],
    log1p: [log1p, { low: -0.7, high: 3 }],
    sqrt: [sqrt, { low: 0.2, high: 3 }],
    abs: [abs, { avoid: [0] }],
    square: [square, {}],
    sin: [sin, { low: -4, high: 4 }],
    cos: [cos, { low: -4, high: 4 }],
    erf: [erf, { low: -3, high: 3 }],
    clamp: [(t) => clamp(t, -0.5, 0.4), { avoid: [-0.5, 0.4] }],
    'clamp (one-sided)': [(t) => clamp(t, -0.5), { avoid: [-0.5] }],
  };
  for (const [name, [op, range]] of Object.entries(unary)) {
    it(name, () => {
      fc.assert(
        fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }), seedArb, (shape, seed) => {
          expectGrads(op, [randT(shape, seed, { ...range, gap: 0.05 })]);
        }),
        { numRuns: 6 },
      );
    });
  }

  it('where: gradient flows to the chosen branch only, with broadcasting', () => {
    fc.assert(
      fc.property(broadcastPairArb(3, 3), seedArb, ([sa, sb], seed) => {
        const a = randT(sa, seed);
        const b = randT(sb, seed + 1);
        const cond = gt(randT(sa, seed + 2, { grad: false }), 0);
        expectGrads((x, y) => where(cond, x, y), [a, b]);
      }),
      RUNS,
    );
    const a = tensor([1, 2, 3], { dtype: 'float64', requiresGrad: true });
    const b = tensor([10], { dtype: 'float64', requiresGrad: true });
    const y = where(tensor([1, 0, 1], { dtype: 'float64' }), a, b);
    expect(y.toArray()).toEqual([1, 10, 3]);
    sum(y).backward();
    expect(a.grad!.toArray()).toEqual([1, 0, 1]);
    expect(b.grad!.toArray()).toEqual([1]);
  });
});

describe('elementwise forward values and PyTorch conventions', () => {
  const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64', requiresGrad: true });

  it('computes values', () => {
    expectClose(pow(f64([4, 9]), 0.5).data, [2, 3]);
    expectClose(sqrt(f64([2])).data, [Math.SQRT2]);
    expectClose(log1p(f64([1e-20])).data, [1e-20]);
    expectClose(clamp(f64([-2, 0.3, 5]), -1, 1).data, [-1, 0.3, 1]);
    expect(Array.from(sign(f64([-3, 0, 2])).data)).toEqual([-1, 0, 1]);
    expect(Array.from(maximum(f64([1, 5]), f64([3, 2])).data)).toEqual([3, 5]);
    expect(Array.from(minimum(f64([1, 5]), f64([3, 2])).data)).toEqual([1, 2]);
    expect(Array.from(div(tensor([1, 3], { dtype: 'int32' }), 2).data)).toEqual([0.5, 1.5]);
    expect(div(tensor([1], { dtype: 'int32' }), tensor([2], { dtype: 'int32' })).dtype).toBe('float32');
  });

  it('abs has derivative 0 at 0; clamp passes the gradient at the bounds', () => {
    const x = f64([0, -1, 2]);
    sum(abs(x)).backward();
    expect(x.grad!.toArray()).toEqual([0, -1, 1]);
    const y = f64([-1, 1, 2, -3]);
    sum(clamp(y, -1, 1)).backward();
    expect(y.grad!.toArray()).toEqual([1, 1, 0, 0]);
  });

  it('maximum/minimum split the gradient evenly on ties', () => {
    const a = f64([1, 2]);
    const b = f64([1, 3]);
    sum(maximum(a, b)).backward();
    expect(a.grad!.toArray()).toEqual([0.5, 0]);
    expect(b.grad!.toArray()).toEqual([0.5, 1]);
  });

  it('pow at a zero base: the exponent-0 gradient is 0 and d/dp of 0^p is 0 (as in PyTorch), not NaN', () => {
    const x = f64([0, 2]);
    sum(pow(x, 0)).backward();
    expect(x.grad!.toArray()).toEqual([0, 0]);
    const base = f64([0, 2]);
    const p = f64([2, 2]);
    sum(pow(base, p)).backward();
    expect(base.grad!.toArray()).toEqual([0, 4]);
    expect(p.grad!.data[0]).toBe(0);
    expect(p.grad!.data[1]).toBeCloseTo(4 * Math.LN2, 14);
  });

  it('casts between float dtypes differentiably', () => {
    const x = f64([1.5, -2]);
    const y = cast(x, 'float32');
    expect(y.dtype).toBe('float32');
    sum(mul(y, 3)).backward();
    expect(x.grad!.dtype).toBe('float64');
    expect(x.grad!.toArray()).toEqual([3, 3]);
    expect(cast(x, 'int32').requiresGrad).toBe(false);
  });
});
