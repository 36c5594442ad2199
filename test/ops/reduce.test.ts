import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  sum, mean, variance, logSumExp, max, min, maxWithIndices, minWithIndices, argmax, argmin, sumTo, tensor, Tensor, softmax, logSoftmax,
  mul, grad,
} from './core.js';
import { randT, expectGrads, expectClose } from './helpers.js';

/** A random shape of rank 1..3 with a random subset of its axes (possibly negative) and keepdim. */
const axesCase = fc
  .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.subarray(shape.map((_, i) => i), { minLength: 1 }).chain((axes) => fc.constant(axes.map((a) => (a % 2 === 0 ? a : a - shape.length)))),
      fc.boolean(),
      fc.integer({ min: 0, max: 10_000 }),
    ),
  );
const RUNS = { numRuns: 15 };

describe('reductions: gradients over random shapes, axes and keepdim', () => {
  it('sum', () => {
    fc.assert(fc.property(axesCase, ([shape, axes, keepdim, seed]) => expectGrads((t) => sum(t, axes, keepdim), [randT(shape, seed)])), RUNS);
  });
  it('mean', () => {
    fc.assert(fc.property(axesCase, ([shape, axes, keepdim, seed]) => expectGrads((t) => mean(t, axes, keepdim), [randT(shape, seed)])), RUNS);
  });
  it('variance (correction 1 and 0)', () => {
    fc.assert(
      fc.property(axesCase, fc.constantFrom(0, 1), ([shape, axes, keepdim, seed], correction) => {
        const count = axes.reduce((n, a) => n * shape[(a + shape.length) % shape.length]!, 1);
        fc.pre(count > correction);
        expectGrads((t) => variance(t, axes, { correction, keepdim }), [randT(shape, seed)]);
      }),
      RUNS,
    );
  });
  it('logSumExp, max and min over one axis', () => {
    fc.assert(
      fc.property(axesCase, ([shape, axes, keepdim, seed]) => {
        const axis = axes[0]!;
        const x = randT(shape, seed, { low: -3, high: 3 });
        expectGrads((t) => logSumExp(t, axis, keepdim), [x]);
        expectGrads((t) => max(t, axis, keepdim), [x]);
        expectGrads((t) => min(t, axis, keepdim), [x]);
      }),
      RUNS,
    );
  });
  it('max and min over everything; sum and mean of all elements', () => {
    const x = randT([3, 4], 3);
    expectGrads((t) => max(t), [x]);
    expectGrads((t) => min(t, undefined, true), [x]);
    expectGrads((t) => sum(t), [x]);
    expectGrads((t) => mean(t), [x]);
  });
  it('sumTo (the one place broadcasting is undone)', () => {
    const g = randT([2, 3, 4], 4);
    expectGrads((t) => sumTo(t, [3, 1]), [g]);
    expectGrads((t) => sumTo(t, [1, 1, 4]), [g]);
    expectGrads((t) => sumTo(t, []), [g]);
  });
});

describe('reductions: values', () => {
  const x = tensor([[1, 5, 3], [4, -2, 6]], { dtype: 'float64' });

  it('sum, mean and keepdim shapes', () => {
    expect(sum(x, 1).toArray()).toEqual([9, 8]);
    expect(sum(x, 0, true).toArray()).toEqual([[5, 3, 9]]);
    expect(sum(x, [0, 1]).toArray()).toEqual(17);
    expect(sum(x, -1, true).shape).toEqual([2, 1]);
    expect(mean(x, 0).toArray()).toEqual([2.5, 1.5, 4.5]);
    expect(mean(x).item()).toBeCloseTo(17 / 6, 15);
  });

  it('variance: unbiased by default, biased with correction 0', () => {
    const v = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(variance(v).item()).toBeCloseTo(5 / 3, 15);
    expect(variance(v, 0, { correction: 0 }).item()).toBeCloseTo(1.25, 15);
    expect(variance(x, 1, { keepdim: true }).shape).toEqual([2, 1]);
  });

  it('logSumExp is stable for large inputs', () => {
    const big = tensor([1000, 1000], { dtype: 'float64' });
    expect(logSumExp(big, 0).item()).toBeCloseTo(1000 + Math.LN2, 12);
    const small = tensor([[-1000, -1000, -1000]], { dtype: 'float64' });
    expect(logSumExp(small, 1).item()).toBeCloseTo(-1000 + Math.log(3), 12);
  });

  it('max/min with indices (first on ties), argmax/argmin', () => {
    const r = maxWithIndices(x, 1);
    expect(r.values.toArray()).toEqual([5, 6]);
    expect(r.indices.dtype).toBe('int32');
    expect(r.indices.toArray()).toEqual([1, 2]);
    const m = minWithIndices(x, 0, true);
    expect(m.values.toArray()).toEqual([[1, -2, 3]]);
    expect(m.indices.toArray()).toEqual([[0, 1, 0]]);
    expect(argmax(x).item()).toBe(5);
    expect(argmin(x, 1).toArray()).toEqual([0, 1]);
    const tie = tensor([2, 7, 7, 1], { dtype: 'float64', requiresGrad: true });
    expect(argmax(tie).item()).toBe(1);
    max(tie).backward();
    expect(tie.grad!.toArray()).toEqual([0, 1, 0, 0]);
  });

  it('a 0-d tensor reduces over axis 0 or -1 to itself, as in PyTorch', () => {
    const s = tensor(5, { dtype: 'float64', requiresGrad: true });
    expect(sum(s, 0).item()).toBe(5);
    expect(sum(s, -1, true).item()).toBe(5);
    expect(mean(s, 0).item()).toBe(5);
    expect(max(s, 0).item()).toBe(5);
    expect(min(s, -1).item()).toBe(5);
    expect(logSumExp(s, 0).item()).toBe(5);
    expect(softmax(s, 0).item()).toBe(1);
    expect(logSoftmax(s).item()).toBe(0);
    expectGrads((t) => sum(t, 0), [s]);
    expectGrads((t) => mean(t, -1), [s]);
  });

  it('sums over a size-0 axis give zeros; mean and max of nothing throw', () => {
    const e = new Tensor(new Float64Array(0), [0, 3]);
    expect(sum(e, 0).toArray()).toEqual([0, 0, 0]);
    expect(() => mean(e, 0)).toThrow('mean: cannot average over an empty dimension of [0,3]');
    expect(() => max(e, 0)).toThrow('max: cannot reduce an empty tensor of shape [0,3]');
  });

  it('sums int32 tensors to int32 and float32 in double precision', () => {
    const k = tensor([1, 2, 3], { dtype: 'int32' });
    expect(sum(k).dtype).toBe('int32');
    expect(sum(k).item()).toBe(6);
    const f = tensor(new Float32Array(10_000).fill(0.1));
    expectClose([sum(f).item()], [10_000 * Math.fround(0.1)], 1e-7);
  });
});

describe('logSumExp, softmax and logSoftmax on infinite rows, as PyTorch 1.13', () => {
  const rows = [[-Infinity, -Infinity, -Infinity], [1, 2, -Infinity], [Infinity, 1, 2], [0.5, -1.25, 3], [Infinity, -Infinity, 0]];
  const weights = [1, 2, 3, -0.5, 1];
  // torch.logsumexp(x, 1) and x.grad after y.backward(weights), printed with float(v).
  const expected = {
    float32: {
      value: [-Infinity, 2.3132617473602295, Infinity, 3.0919857025146484, Infinity],
      grad: [[NaN, NaN, NaN], [0.5378828048706055, 1.462117075920105, 0], [NaN, 0, 0], [-0.037435609847307205, -0.006505333818495274, -0.4560590982437134], [NaN, 0, 0]],
    },
    float64: {
      value: [-Infinity, 2.313261687518223, Infinity, 3.0919857805919686, Infinity],
      grad: [[NaN, NaN, NaN], [0.5378828427399901, 1.4621171572600096, 0], [NaN, 0, 0], [-0.03743560728102014, -0.006505333102685063, -0.4560590596162949], [NaN, 0, 0]],
    },
  } as const;

  for (const dtype of ['float32', 'float64'] as const) {
    it(`logSumExp: an all −∞ row gives −∞, a +∞ entry +∞; gradient NaN there (${dtype}, bit for bit)`, () => {
      const x = tensor(rows, { dtype, requiresGrad: true });
      const y = logSumExp(x, 1);
      expect(Array.from(y.data)).toEqual(expected[dtype].value);
      sum(mul(y, tensor(weights, { dtype }))).backward();
      expect(Array.from(x.grad!.data)).toEqual(expected[dtype].grad.flat());
    });
  }

  it('logSumExp keeps −∞ over axis 0 with keepdim, and a 1-d all −∞ input gives −∞', () => {
    const x = tensor([[-Infinity, 1], [-Infinity, 2]], { requiresGrad: true });
    const y = logSumExp(x, 0, true);
    expect(y.shape).toEqual([1, 2]);
    expect(y.data[0]).toBe(-Infinity);
    sum(y).backward();
    expect(Number.isNaN(x.grad!.data[0])).toBe(true); // torch: [[nan, 0.2689], [nan, 0.7311]]
    expect(x.grad!.data[1]).toBeCloseTo(0.2689414, 6);
    expect(logSumExp(tensor([-Infinity, -Infinity]), 0).item()).toBe(-Infinity);
  });

  it('logSumExp double backward matches torch on a finite row', () => {
    const x = tensor([[0.5, -1.25, 3]], { dtype: 'float64', requiresGrad: true });
    const [g] = grad(sum(logSumExp(x, 1)), [x], { createGraph: true });
    const [gg] = grad(sum(mul(g!, tensor([[1, 2, 3]], { dtype: 'float64' }))), [x]);
    expectClose(gg!.data, [-0.1375569072030331, -0.01089314000814787, 0.1484500472111807], 1e-14);
  });

  it('softmax and logSoftmax: NaN on an all −∞ row and on a row holding +∞ (forward and gradient), −∞ entries of a finite row give 0 / −∞', () => {
    for (const [f, finite, finiteGrad] of [
      [softmax, [0.2689414322376251, 0.7310585975646973, 0], [-0.1966119408607483, 0.1966119259595871, 0]],
      [logSoftmax, [-1.31326162815094, -0.31326165795326233, -Infinity], [-0.6136485934257507, -2.3863515853881836, 3]],
    ] as const) {
      const z = tensor(rows.slice(0, 3), { requiresGrad: true });
      const o = f(z, 1);
      sum(mul(o, tensor([[1, 2, 3]]))).backward();
      const out = Array.from(o.data);
      const g = Array.from(z.grad!.data);
      for (const i of [0, 1, 2, 6, 7, 8]) {
        expect(Number.isNaN(out[i]!), `${f.name} output ${i}`).toBe(true);
        expect(Number.isNaN(g[i]!), `${f.name} gradient ${i}`).toBe(true);
      }
      expect(out.slice(3, 6)).toEqual(finite); // float32 forward: bit for bit with torch
      g.slice(3, 6).forEach((v, i) => expect(v).toBeCloseTo(finiteGrad[i]!, 6));
    }
  });
});

