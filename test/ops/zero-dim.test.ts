/**
 * 0-d tensors in transpose, narrow, split and gather, and narrow's negative start, against PyTorch
 * 1.13 (`torch.tensor(3.)`): each expectation below is what torch returns or the error it raises.
 */
import { describe, it, expect } from 'vitest';
import { gather, narrow, split, sum, tensor, transpose, Tensor } from './core.js';
import { randT, expectGrads } from './helpers.js';
import { int32 } from '../helpers/int-tensor.js';

const scalar = (): Tensor => tensor(3, { dtype: 'float64', requiresGrad: true });

describe('0-d tensors', () => {
  it('transpose accepts axes 0 and -1 and returns the scalar (torch: transpose(0, 0), transpose(-1, 0))', () => {
    const x = scalar();
    for (const [a, b] of [[0, 0], [-1, 0], [0, -1], [-1, -1]] as const) {
      const y = transpose(x, a, b);
      expect(y.shape).toEqual([]);
      expect(y.item()).toBe(3);
    }
    expect(transpose(x).shape).toEqual([]); // torch: x.t()
    sum(transpose(x, 0, -1)).backward();
    expect(x.grad!.item()).toBe(1);
  });

  it('transpose rejects other axes, naming the shape (torch: "Dimension out of range (expected to be in range of [-1, 0], but got 1)")', () => {
    expect(() => transpose(scalar(), 0, 1)).toThrow('transpose: axis 1 is out of range for a tensor of rank 0 [] (valid axes -1..0)');
    expect(() => transpose(scalar(), -2, 0)).toThrow('transpose: axis -2 is out of range for a tensor of rank 0 []');
    expect(() => transpose(tensor([[1, 2]]), 0, 2)).toThrow('transpose: axis 2 is out of range for a tensor of rank 2 [1,2] (valid axes -2..1)');
  });

  it('narrow throws on a 0-d tensor (torch: "narrow() cannot be applied to a 0-dim tensor.")', () => {
    expect(() => narrow(scalar(), 0, 0, 1)).toThrow('narrow: cannot be applied to a 0-dimensional tensor (shape [])');
    expect(() => narrow(scalar(), -1, 0, 0)).toThrow('narrow: cannot be applied to a 0-dimensional tensor');
  });

  it('split throws on a 0-d tensor (torch: "split expects at least a 1-dimensional tensor")', () => {
    expect(() => split(scalar(), 1)).toThrow('split: expects at least a 1-dimensional tensor, got shape []');
    expect(() => split(scalar(), 2, -1)).toThrow('split: expects at least a 1-dimensional tensor');
  });

  it('gather from a 0-d input: axis 0 or -1, the result has the index shape', () => {
    const x = scalar();
    const y = gather(x, 0, int32(0));
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(3);
    expect(gather(x, -1, int32(0)).item()).toBe(3);
    expect(gather(x, 0, int32([0])).toArray()).toEqual([3]);
    const z = gather(x, 0, int32([0, 0]));
    expect(z.toArray()).toEqual([3, 3]); // torch: tensor([3., 3.])
    sum(z).backward();
    expect(x.grad!.shape).toEqual([]);
    expect(x.grad!.item()).toBe(2);
    expectGrads((t) => gather(t, 0, int32([0, 0, 0])), [randT([], 1)]);
  });

  it('gather with a 0-d index from a 1-d input (torch: tensor([1., 2., 3.]).gather(0, tensor(1)) is tensor(2.))', () => {
    const y = gather(tensor([1, 2, 3]), 0, int32(1));
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(2);
    expectGrads((t) => gather(t, 0, int32(2)), [randT([3], 2)]);
  });

  it('gather errors on 0-d tensors name the shapes', () => {
    // torch: "index 1 is out of bounds for dimension 0 with size 1"
    expect(() => gather(scalar(), 0, int32(1))).toThrow('gather: index 1 at position 0 is out of range [0, 1) for axis 0 of []');
    expect(() => gather(scalar(), 0, int32(-1))).toThrow('gather: index -1 at position 0 is out of range [0, 1) for axis 0 of []');
    // torch: "Dimension out of range (expected to be in range of [-1, 0], but got 1)"
    expect(() => gather(scalar(), 1, int32(0))).toThrow('gather: axis 1 is out of range for a tensor of rank 0 [] (valid axes -1..0)');
    // torch: "Index tensor must have the same number of dimensions as input tensor"
    expect(() => gather(scalar(), 0, int32([[0]]))).toThrow('gather: index of shape [1,1] does not fit [] along axis 0');
    expect(() => gather(tensor([1, 2, 3]), 0, int32([[1]]))).toThrow('gather: index of shape [1,1] does not fit [3] along axis 0');
  });
});

describe('narrow with a negative start (torch wraps it: start + size of the axis)', () => {
  // z = torch.arange(12.).reshape(3, 4)
  const z = (): Tensor => tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);

  it('values as torch.narrow', () => {
    expect(narrow(z(), 1, -2, 2).toArray()).toEqual([[2, 3], [6, 7], [10, 11]]);
    expect(narrow(z(), 1, -4, 4).toArray()).toEqual(z().toArray());
    expect(narrow(z(), -1, -1, 1).toArray()).toEqual([[3], [7], [11]]);
    expect(narrow(z(), 0, -1, 1).toArray()).toEqual([[8, 9, 10, 11]]);
    expect(narrow(z(), 1, -4, 0).shape).toEqual([3, 0]);
    expect(narrow(z(), 1, 4, 0).shape).toEqual([3, 0]); // start may equal the size when length is 0
  });

  it('gradient', () => {
    expectGrads((t) => narrow(t, 1, -3, 2), [randT([2, 4, 2], 3)]);
  });

  it('errors as torch: start outside [-size, size], or start + length past the end', () => {
    // torch: "Dimension out of range (expected to be in range of [-4, 3], but got -5)"
    expect(() => narrow(z(), 1, -5, 1)).toThrow('narrow: start -5 is out of range [-4, 4] for axis 1 of size 4 in [3,4]');
    expect(() => narrow(z(), 1, 5, 0)).toThrow('narrow: start 5 is out of range [-4, 4] for axis 1 of size 4 in [3,4]');
    // torch: "start (3) + length (2) exceeds dimension size (4)."
    expect(() => narrow(z(), 1, -1, 2)).toThrow('narrow: [3, 5) is outside axis 1 of size 4 in [3,4]');
    expect(() => narrow(z(), 1, 0, -1)).toThrow('narrow: [0, -1) is outside axis 1 of size 4 in [3,4]');
  });
});
