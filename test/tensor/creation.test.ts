import { describe, it, expect } from 'vitest';
import { tensor, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randint, Tensor, Random } from '../ops/core.js';

describe('tensor creation', () => {
  it('builds from nested arrays, flat arrays with a shape, typed arrays and numbers', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(a.shape).toEqual([2, 3]);
    expect(a.dtype).toBe('float32');
    expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([1, 2, 3, 4, 5, 6], { shape: [3, 2], dtype: 'float64' });
    expect(b.dtype).toBe('float64');
    expect(b.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(tensor(new Float64Array([1.5, 2.5])).dtype).toBe('float64');
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    const s = tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
    expect(tensor([]).shape).toEqual([0]);
  });

  it('rounds to float32 by default and keeps full precision in float64', () => {
    expect(tensor([0.1]).data[0]).toBe(Math.fround(0.1));
    expect(tensor([0.1], { dtype: 'float64' }).data[0]).toBe(0.1);
  });

  it('rejects ragged arrays, wrong sizes, bad shapes and unknown dtypes with precise messages', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: [1] should have 2 entries at depth 1');
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('tensor: shape [2,2] needs 4 values but 3 were given');
    expect(() => zeros([2, -1])).toThrow('zeros: invalid shape [2,-1]: dimensions must be non-negative integers');
    expect(() => ones([1.5])).toThrow('ones: invalid shape [1.5]');
    expect(() => eye(-2)).toThrow('eye: invalid shape [-2,-2]');
    expect(() => full([2], 1, { dtype: 'bool' as never })).toThrow("full: unknown dtype 'bool'");
    expect(() => tensor([1], { dtype: 'float16' as never })).toThrow("tensor: unknown dtype 'float16'; valid dtypes: float32, float64, int32");
    expect(() => new Tensor(new Float32Array(3), [2, 2])).toThrow('Tensor: shape [2,2] needs 4 elements but the data has 3');
    expect(() => tensor([1, 2]).item()).toThrow('item: only a one-element tensor has an item; this one has shape [2]');
  });

  it('fills constants', () => {
    expect(Array.from(zeros([2, 2]).data)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ones([3], { dtype: 'float64' }).data)).toEqual([1, 1, 1]);
    expect(full([2], 7).toArray()).toEqual([7, 7]);
    const x = tensor([[1, 2]], { dtype: 'float64' });
    expect(zerosLike(x).dtype).toBe('float64');
    expect(onesLike(x).shape).toEqual([1, 2]);
    expect(ones([2], { requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('makes ranges like torch.arange and torch.linspace', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 2, 0.25, { dtype: 'float64' }).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(3, 3).size).toBe(0);
    expect(() => arange(0, 1, 0)).toThrow('arange: step must be a finite non-zero number, got 0');
    expect(linspace(0, 1, 5, { dtype: 'float64' }).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // The last value is exactly `end` even when the step is inexact.
    const l = linspace(0, 0.3, 4, { dtype: 'float64' });
    expect(l.data[3]).toBe(0.3);
    expect(l.data[0]).toBe(0);
    expect(linspace(2, 3, 0).size).toBe(0);
  });

  it('linspace with one point gives start, as torch.linspace and numpy.linspace do', () => {
    expect(linspace(0, 10, 1).toArray()).toEqual([0]);
    expect(linspace(-3, 5, 1, { dtype: 'float64' }).toArray()).toEqual([-3]);
  });

  it('makes identities', () => {
    expect(eye(2).toArray()).toEqual([[1, 0], [0, 1]]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('samples from the given generator; randint stays in [low, high) as int32', () => {
    const x = rand([1000], { low: -2, high: 3, random: new Random(1) });
    expect(Math.min(...x.data)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...x.data)).toBeLessThan(3);
    const k = randint(-3, 4, [1000], { random: new Random(2) });
    expect(k.dtype).toBe('int32');
    expect(new Set(k.data)).toEqual(new Set([-3, -2, -1, 0, 1, 2, 3]));
    expect(() => randint(3, 3, [2])).toThrow('randint: need integers low < high, got 3, 3');
  });

  it('supports requiresGrad only on float tensors, and zeroGrad/clone/detach', () => {
    expect(() => tensor([1, 2], { dtype: 'int32' }).requireGrad()).toThrow('requireGrad: only floating-point tensors can require gradients (this one is int32)');
    const x = tensor([1, 2], { requiresGrad: true });
    expect(x.isLeaf).toBe(true);
    const y = x.mul(2);
    expect(y.isLeaf).toBe(false);
    expect(() => y.requireGrad(false)).toThrow('requireGrad: cannot switch off gradients of a non-leaf tensor; use detach()');
    const c = x.clone();
    c.data[0] = 9;
    expect(x.data[0]).toBe(1);
    expect(x.toString()).toBe('Tensor([2], float32, requiresGrad)');
  });
});
