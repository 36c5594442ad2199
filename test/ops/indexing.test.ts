import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  Random, backend, gather, getBackendName, grad, indexSelect, mul, oneHot, registerBackend, scatterInto, setBackend, sum, tensor, Tensor,
} from './core.js';
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

describe('indexing: whole-row gathers (indexSelect, and gather of whole rows)', () => {
  /** The element-by-element definition: out[b, j, i] = x[b, idx[j], i] around `axis`. */
  function selectByElement(x: Tensor, axis: number, idx: readonly number[]): number[] {
    const blocks = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const n = x.shape[axis]!;
    const row = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const out: number[] = [];
    for (let b = 0; b < blocks; b++) for (const j of idx) for (let i = 0; i < row; i++) out.push(x.data[(b * n + j) * row + i]!);
    return out;
  }

  const caseArb = fc
    .tuple(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.constantFrom('float32', 'float64', 'int32' as const), fc.integer({ min: 0, max: 10_000 }))
    .chain(([shape, axisSeed, dtype, seed]) => {
      const axis = axisSeed % shape.length;
      return fc.tuple(fc.constant(shape), fc.constant(axis), fc.constant(dtype), fc.constant(seed), fc.array(fc.integer({ min: 0, max: shape[axis]! - 1 }), { maxLength: 7 }));
    });

  it('indexSelect gives the element-wise values for float32, float64 and int32, any shape and axis, repeats and runs', () => {
    fc.assert(
      fc.property(caseArb, ([shape, axis, dtype, seed, idx]) => {
        const r = new Random(seed);
        const size = shape.reduce((a, b) => a * b, 1);
        const values = Array.from({ length: size }, () => (dtype === 'int32' ? r.int(1000) - 500 : r.uniformIn(-1, 1)));
        const x = tensor(values, { dtype }).reshape(shape);
        const picked = indexSelect(x, axis, idx);
        expect(picked.dtype).toBe(dtype);
        expect(picked.shape).toEqual(shape.map((d, i) => (i === axis ? idx.length : d)));
        expect(Array.from(picked.data)).toEqual(selectByElement(x, axis, idx));
        // The same selection written as a gather (the index repeats each row's value) gives the same.
        const full = int32(Array.from({ length: picked.size }, (_, p) => idx[Math.floor(p / x.shape.slice(axis + 1).reduce((a, b) => a * b, 1)) % idx.length]!) as number[]);
        if (idx.length > 0) expect(Array.from(gather(x, axis, full.reshape(picked.shape)).data)).toEqual(Array.from(picked.data));
      }),
      { numRuns: 200 },
    );
  });

  it('long rows (MNIST-sized) and consecutive runs copy exactly, the last row included', () => {
    const x = tensor(Array.from({ length: 10 * 784 }, (_, i) => i)).reshape([10, 784]);
    for (const idx of [[9], [0, 1, 2, 3], [3, 4, 5, 9, 0, 1], [7, 7, 2, 9, 9, 9]]) {
      expect(Array.from(indexSelect(x, 0, idx).data)).toEqual(selectByElement(x, 0, idx));
    }
  });

  it('rejects negative and out-of-range indices before copying, naming the dimension', () => {
    const x = tensor(Array.from({ length: 20 }, (_, i) => i)).reshape([10, 2]);
    expect(() => indexSelect(x, 0, [3, 12])).toThrow('indexSelect: index 12 at position 1 is out of range [0, 10) for axis 0 of [10,2]');
    expect(() => indexSelect(x, 0, int32([0, -1]))).toThrow('indexSelect: index -1 at position 1 is out of range [0, 10) for axis 0 of [10,2]');
    expect(() => indexSelect(x, -1, [2])).toThrow('indexSelect: index 2 at position 0 is out of range [0, 2) for axis 1 of [10,2]');
    expect(() => indexSelect(tensor(3), 0, [1])).toThrow('indexSelect: index 1 at position 0 is out of range [0, 1) for axis 0 of []');
  });

  it('a 0-d input counts as 1-d of size 1 (as in PyTorch)', () => {
    const picked = indexSelect(tensor(3), 0, [0]);
    expect(picked.shape).toEqual([]);
    expect(picked.item()).toBe(3);
  });

  it('gradients by gradcheck: rows of a matrix and of inner axes, repeats, and the second derivative through the row add', () => {
    const x = randT([5, 3, 4], 7);
    expectGrads((t) => indexSelect(t, 0, [4, 0, 4, 1, 2, 3]), [x]);
    expectGrads((t) => indexSelect(t, 1, [2, 2, 0]), [x]);
    expectGrads((t) => gather(t, 0, int32([[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]]).reshape([2, 3, 4])), [x]);
  });

  it('double backward: the gradient (an index-add of rows) is differentiable, its gradient selects rows again', () => {
    const x = randT([5, 3], 8);
    const v = randT([4, 3], 9);
    const w = randT([5, 3], 10, { grad: false });
    const idx = [1, 4, 1, 0];
    const [gx] = grad(sum(mul(indexSelect(x, 0, idx), v)), [x], { createGraph: true });
    const expectedGx = new Float64Array(15);
    idx.forEach((j, k) => {
      for (let i = 0; i < 3; i++) expectedGx[j * 3 + i] += v.data[k * 3 + i]!;
    });
    expect(Array.from(gx!.data)).toEqual(Array.from(expectedGx));
    const [gv] = grad(sum(mul(gx!, w)), [v]);
    expect(Array.from(gv!.data)).toEqual(Array.from(indexSelect(w, 0, idx).data));
  });

  it('the gradient adds repeated rows in order, the element-wise scatter-add bits (float32)', () => {
    const r = new Random(3);
    const x = tensor(Array.from({ length: 6 * 40 }, () => r.uniformIn(-1, 1))).reshape([6, 40]).requireGrad();
    const g = tensor(Array.from({ length: 5 * 40 }, () => r.uniformIn(-1, 1))).reshape([5, 40]);
    const idx = [2, 5, 2, 2, 0];
    sum(mul(indexSelect(x, 0, idx), g)).backward();
    const expected = new Float32Array(6 * 40);
    idx.forEach((j, k) => {
      for (let i = 0; i < 40; i++) expected[j * 40 + i] += g.data[k * 40 + i]!;
    });
    expect(Array.from(x.grad!.data)).toEqual(Array.from(expected));
  });

  it('indexSelect and a whole-row gather call the row kernel; other gathers do not', () => {
    const inner = backend();
    const calls = { gatherRows: 0, gather: 0 };
    registerBackend({
      ...inner,
      name: 'counting-rows',
      gatherRows: (...a) => (calls.gatherRows++, inner.gatherRows(...a)),
      gather: (...a) => (calls.gather++, inner.gather(...a)),
    });
    const previous = getBackendName();
    setBackend('counting-rows');
    try {
      const x = tensor(Array.from({ length: 40 }, (_, i) => i)).reshape([4, 10]);
      indexSelect(x, 0, [3, 1]);
      gather(x, 0, int32([Array(10).fill(2), Array(10).fill(0)] as number[][]));
      expect(calls).toEqual({ gatherRows: 2, gather: 0 });
      gather(x, 0, int32([[2, 1, 0, 0, 0, 0, 0, 0, 0, 0]]));
      gather(x, 1, int32([[1], [2], [3], [4]]));
      expect(calls).toEqual({ gatherRows: 2, gather: 2 });
    } finally {
      setBackend(previous);
    }
  });
});

describe('indexing: indexSelect keeps its own copy of the indices for the gradient', () => {
  it('refilling the index buffer before backward does not change the gradient', () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]]).requireGrad();
    const buffer = Int32Array.of(2, 2);
    const picked = indexSelect(x, 0, new Tensor(buffer, [2]));
    buffer.set([0, 1]); // the next batch's indices, as a loop reusing its buffer writes them
    sum(picked).backward();
    expect(x.grad!.toArray()).toEqual([[0, 0], [0, 0], [2, 2]]);
  });
});
