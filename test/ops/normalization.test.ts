import { describe, it, expect } from 'vitest';
import { batchNorm, layerNorm, dropout, tensor, Random, sum, mean, variance } from './core.js';
import { randT, expectGrads, expectClose } from './helpers.js';

const train = { training: true, momentum: 0.1, eps: 1e-5 };
const evalMode = { training: false, momentum: 0.1, eps: 1e-5 };

describe('batchNorm', () => {
  for (const shape of [[4, 3], [2, 3, 2, 2], [3, 2, 4]]) {
    it(`training on ${JSON.stringify(shape)}: gradients of input, weight and bias`, () => {
      const x = randT(shape, 1);
      const w = randT([shape[1]!], 2);
      const b = randT([shape[1]!], 3);
      const rm = randT([shape[1]!], 4, { grad: false });
      const rv = randT([shape[1]!], 5, { low: 0.5, high: 2, grad: false });
      expectGrads((p, q, r) => batchNorm(p, rm, rv, q, r, train), [x, w, b]);
      expectGrads((p) => batchNorm(p, null, null, null, null, train), [x]);
    });
  }

  it('eval: gradients of input, weight and bias with fixed running statistics', () => {
    const x = randT([2, 3, 2, 2], 6);
    const w = randT([3], 7);
    const b = randT([3], 8);
    const rm = randT([3], 9, { grad: false });
    const rv = randT([3], 10, { low: 0.5, high: 2, grad: false });
    expectGrads((p, q, r) => batchNorm(p, rm, rv, q, r, evalMode), [x, w, b]);
  });

  it('training normalises with the biased batch variance and updates running stats with the unbiased one', () => {
    const x = tensor([[1, 10], [3, 20], [8, 60]], { dtype: 'float64' });
    const rm = tensor([0.5, -1], { dtype: 'float64' });
    const rv = tensor([2, 3], { dtype: 'float64' });
    const y = batchNorm(x, rm, rv, null, null, { training: true, momentum: 0.25, eps: 0 });
    // Column 0: mean 4, biased variance 26/3, unbiased 13.
    expectClose([y.data[0]!, y.data[2]!, y.data[4]!], [-3, -1, 4].map((d) => d / Math.sqrt(26 / 3)));
    expectClose(mean(y, 0).data, [0, 0]);
    expectClose(variance(y, 0, { correction: 0 }).data, [1, 1]);
    expectClose(rm.data, [0.75 * 0.5 + 0.25 * 4, 0.75 * -1 + 0.25 * 30]);
    expectClose(rv.data, [0.75 * 2 + 0.25 * 13, 0.75 * 3 + 0.25 * 700]);
  });

  it('eval normalises with the running statistics and leaves them unchanged', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'float64' });
    const rm = tensor([1, 1], { dtype: 'float64' });
    const rv = tensor([4, 0.25], { dtype: 'float64' });
    const w = tensor([2, 1], { dtype: 'float64' });
    const b = tensor([0, 10], { dtype: 'float64' });
    const y = batchNorm(x, rm, rv, w, b, { training: false, momentum: 0.1, eps: 0 });
    expect(y.toArray()).toEqual([[0, 12], [2, 16]]);
    expect(Array.from(rm.data)).toEqual([1, 1]);
  });
});

describe('layerNorm', () => {
  it('gradients over one and two normalised axes, with and without affine', () => {
    const x = randT([3, 4], 11);
    expectGrads((p, q, r) => layerNorm(p, [4], q, r), [x, randT([4], 12), randT([4], 13)]);
    const y = randT([2, 2, 3], 14);
    expectGrads((p, q) => layerNorm(p, [2, 3], q, null), [y, randT([2, 3], 15)]);
    expectGrads((p) => layerNorm(p, [3], null, null, 1e-3), [y]);
  });

  it('normalises each row to mean 0 and biased variance 1', () => {
    const x = tensor([[1, 2, 3, 4], [10, 10, 10, 14]], { dtype: 'float64' });
    const y = layerNorm(x, [4], null, null, 0);
    expectClose(mean(y, 1).data, [0, 0]);
    expectClose(variance(y, 1, { correction: 0 }).data, [1, 1]);
    expectClose(y.data.slice(4), [-1, -1, -1, 3].map((d) => d / Math.sqrt(3)));
  });
});

describe('dropout', () => {
  it('with a fixed generator: the gradient equals the mask, zeros with probability p and 1/(1−p) elsewhere', () => {
    const p = 0.3;
    const x = randT([20, 25], 16);
    const y = dropout(x, p, true, new Random(42));
    sum(y).backward();
    // The mask, drawn independently from the same seed.
    const r = new Random(42);
    const mask = Array.from({ length: x.size }, () => (r.uniform() < p ? 0 : 1 / (1 - p)));
    expect(Array.from(x.grad!.data)).toEqual(mask);
    expectClose(y.data, Array.from(x.data, (v, i) => v * mask[i]!), 1e-15);
    const dropped = mask.filter((m) => m === 0).length / mask.length;
    expect(Math.abs(dropped - p)).toBeLessThan(0.05);
    // gradcheck with the mask fixed by re-seeding on every call.
    expectGrads((t) => dropout(t, p, true, new Random(7)), [randT([3, 4], 17)]);
  });

  it('is the identity outside training or with p = 0, and zeroes everything with p = 1', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64' });
    expect(dropout(x, 0.5, false)).toBe(x);
    expect(dropout(x, 0, true)).toBe(x);
    expect(Array.from(dropout(x, 1, true, new Random(1)).data)).toEqual([0, 0, 0]);
  });

  it('keeps the expected value: mean(dropout(1)) ≈ 1', () => {
    const y = dropout(tensor(new Float64Array(20000).fill(1)), 0.5, true, new Random(3));
    expect(Math.abs(mean(y).item() - 1)).toBeLessThan(0.03);
  });
});
