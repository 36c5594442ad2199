import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  reshape, flatten, squeeze, unsqueeze, permute, transpose, expand, slice, narrow, concat, stack, split, sum, mul, square, tensor, Tensor,
} from './core.js';
import { embed } from '../../src/ops/shape.js';
import { randT, expectGrads } from './helpers.js';

const seedArb = fc.integer({ min: 0, max: 10_000 });

describe('shape ops: gradients', () => {
  it('reshape (with -1), flatten, squeeze, unsqueeze', () => {
    const x = randT([2, 1, 3], 1);
    expectGrads((t) => reshape(t, [3, -1]), [x]);
    expectGrads((t) => flatten(t), [x]);
    expectGrads((t) => flatten(t, 1), [x]);
    expectGrads((t) => squeeze(t), [x]);
    expectGrads((t) => squeeze(t, 1), [x]);
    expectGrads((t) => unsqueeze(t, -1), [x]);
    expectGrads((t) => unsqueeze(t, 0), [x]);
  });

  it('permute and transpose over random permutations', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 2, maxLength: 4 }).chain((shape) =>
          fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length })),
        ),
        seedArb,
        ([shape, perm], seed) => {
          const x = randT(shape, seed);
          expectGrads((t) => permute(t, perm), [x]);
          expectGrads((t) => transpose(t), [x]);
          expectGrads((t) => transpose(t, 0, -1), [x]);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('expand from [], [1], leading-1 and inner-1 shapes', () => {
    expectGrads((t) => expand(t, [2, 3]), [randT([], 2)]);
    expectGrads((t) => expand(t, [2, 3]), [randT([1], 3)]);
    expectGrads((t) => expand(t, [4, 2, 3]), [randT([1, 3], 4)]);
    expectGrads((t) => expand(t, [2, 3, 2]), [randT([2, 1, 2], 5)]);
  });

  it('slice (negative and clamped bounds), narrow, embed', () => {
    const x = randT([3, 4, 2], 6);
    expectGrads((t) => slice(t, [1, -3], [3, 100]), [x]);
    expectGrads((t) => slice(t, [0, 0, 1], [2, 4, 2]), [x]);
    expectGrads((t) => narrow(t, 1, 1, 2), [x]);
    expectGrads((t) => embed(t, [1, 0], [4, 3]), [randT([2, 3], 7)]);
  });

  it('concat, stack and split along each axis', () => {
    const a = randT([2, 3], 8);
    const b = randT([2, 1], 9);
    const c = randT([2, 3], 10);
    expectGrads((p, q) => concat([p, q], 1), [a, b]);
    expectGrads((p, q) => concat([p, q, p], 0), [a, c]);
    expectGrads((p, q) => stack([p, q], 0), [a, c]);
    expectGrads((p, q) => stack([p, q], -1), [a, c]);
    const x = randT([5, 2], 11);
    expectGrads((t) => stack(split(t, 2, 0).map((piece, i) => sum(mul(square(piece), i + 1)))), [x]);
  });
});

describe('shape ops: values', () => {
  const x = tensor([[1, 2, 3], [4, 5, 6]]);

  it('reshape shares storage and keeps row-major order; flatten/squeeze/unsqueeze shapes', () => {
    expect(reshape(x, [3, 2]).toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(reshape(x, [-1]).shape).toEqual([6]);
    expect(flatten(tensor([[[1], [2]]])).shape).toEqual([2]);
    expect(flatten(tensor(3)).shape).toEqual([1]);
    expect(squeeze(tensor([[[1, 2]]])).shape).toEqual([2]);
    expect(squeeze(x, 0).shape).toEqual([2, 3]); // not size 1: unchanged
    expect(unsqueeze(x, 1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
  });

  it('transpose, permute, expand', () => {
    expect(transpose(x).toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(permute(tensor([[[1, 2], [3, 4]]]), [2, 0, 1]).toArray()).toEqual([[[1, 3]], [[2, 4]]]);
    expect(expand(tensor([[1], [2]]), [2, 3]).toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
    expect(transpose(tensor([1, 2])).toArray()).toEqual([1, 2]);
  });

  it('slice, narrow, concat, stack, split', () => {
    expect(slice(x, [0, 1], [2, 3]).toArray()).toEqual([[2, 3], [5, 6]]);
    expect(slice(x, [-1], [])).toBeInstanceOf(Tensor);
    expect(slice(x, [-1], []).toArray()).toEqual([[4, 5, 6]]);
    expect(narrow(x, 1, 2, 1).toArray()).toEqual([[3], [6]]);
    expect(concat([x, tensor([[7], [8]])], 1).toArray()).toEqual([[1, 2, 3, 7], [4, 5, 6, 8]]);
    expect(concat([tensor([1], { dtype: 'int32' }), tensor([2.5], { dtype: 'float64' })]).toArray()).toEqual([1, 2.5]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).toArray()).toEqual([[1, 3], [2, 4]]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
    expect(split(tensor([1, 2, 3, 4, 5]), 2).map((t) => t.toArray())).toEqual([[1, 2], [3, 4], [5]]);
  });
});
