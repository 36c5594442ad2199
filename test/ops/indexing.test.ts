import { describe, it, expect } from 'vitest';
import { gather, indexSelect, oneHot, scatterInto, tensor, sum } from './core.js';
import { randT, expectGrads } from './helpers.js';
import { int32 } from '../helpers/int-tensor.js';


describe('indexing: gradients', () => {
  it('gather along each axis, with repeated indices (the gradient scatter-adds)', () => {
    const x = randT([3, 4], 1);
    expectGrads((t) => gather(t, 1, int32([[0, 0, 3], [2, 1, 2], [3, 3, 3]])), [x]);
    expectGrads((t) => gather(t, 0, int32([[2, 0, 0, 1], [2, 2, 1, 0]])), [x]);
    expectGrads((t) => gather(t, -1, int32([[1], [0]])), [x]); // index smaller than x in other dims
  });

  it('indexSelect with repeats, on inner and outer axes', () => {
    const x = randT([3, 2, 4], 2);
    expectGrads((t) => indexSelect(t, 0, [2, 0, 2]), [x]);
    expectGrads((t) => indexSelect(t, 2, int32([3, 3, 1])), [x]);
    expectGrads((t) => indexSelect(t, 1, []), [x]);
  });

  it('scatterInto (the adjoint of gather)', () => {
    const src = randT([2, 3], 3);
    expectGrads((t) => scatterInto(t, 1, int32([[0, 0, 4], [1, 2, 1]]), [2, 5]), [src]);
  });
});

describe('indexing: values', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('gather picks per-row entries; the gradient accumulates repeats', () => {
    expect(gather(x, 1, int32([[2, 0], [1, 1]])).toArray()).toEqual([[3, 1], [5, 5]]);
    const w = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    sum(gather(w, 1, int32([[1, 1, 2]]))).backward();
    expect(w.grad!.toArray()).toEqual([[0, 2, 1]]);
  });

  it('indexSelect picks rows or columns', () => {
    expect(indexSelect(x, 0, [1, 1, 0]).toArray()).toEqual([[4, 5, 6], [4, 5, 6], [1, 2, 3]]);
    expect(indexSelect(x, 1, int32([2, 0])).toArray()).toEqual([[3, 1], [6, 4]]);
    expect(indexSelect(x, 0, tensor([1], { dtype: 'float64' })).toArray()).toEqual([[4, 5, 6]]);
  });

  it('oneHot builds one-hot rows of the requested dtype', () => {
    const h = oneHot(int32([2, 0]), 3);
    expect(h.toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(h.dtype).toBe('float32');
    expect(oneHot(int32([[1]]), 2, 'float64').shape).toEqual([1, 1, 2]);
  });
});
