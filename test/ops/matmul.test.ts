import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matmul, dot, tensor, Tensor } from './core.js';
import { matmulTransposed } from '../../src/ops/matmul.js';
import { randT, expectGrads, expectClose } from './helpers.js';

describe('matmul: gradients', () => {
  const cases: Array<[string, number[], number[], number[]]> = [
    ['2-D', [3, 4], [4, 2], [3, 2]],
    ['batched', [2, 3, 4], [2, 4, 5], [2, 3, 5]],
    ['broadcast batch (3-D × 2-D)', [2, 3, 4], [4, 2], [2, 3, 2]],
    ['broadcast batch ([2,1] × [3])', [2, 1, 2, 3], [3, 3, 2], [2, 3, 2, 2]],
    ['1-D × 2-D', [4], [4, 3], [3]],
    ['2-D × 1-D', [3, 4], [4], [3]],
    ['1-D × 1-D', [4], [4], []],
    ['1-D × 3-D', [3], [2, 3, 4], [2, 4]],
    ['3-D × 1-D', [2, 4, 3], [3], [2, 4]],
    ['[1,k] × [k,1]', [1, 5], [5, 1], [1, 1]],
  ];
  for (const [name, sa, sb, out] of cases) {
    it(name, () => {
      const a = randT(sa, sa.length * 7 + 1);
      const b = randT(sb, sb.length * 7 + 2);
      expect(matmul(a, b).shape).toEqual(out);
      expectGrads(matmul, [a, b]);
    });
  }

  it('random batch shapes and sizes (property)', () => {
    const dims = fc.integer({ min: 1, max: 3 });
    fc.assert(
      fc.property(dims, dims, dims, fc.array(fc.constantFrom(1, 2), { maxLength: 2 }), fc.boolean(), fc.integer({ min: 0, max: 1000 }), (m, k, n, batch, bcast, seed) => {
        const a = randT([...batch, m, k], seed);
        const b = randT([...(bcast ? [] : batch.map(() => 1)), k, n], seed + 1);
        expectGrads(matmul, [a, b]);
      }),
      { numRuns: 12 },
    );
  });

  it('the transposed products backward uses', () => {
    const a = randT([2, 4, 3], 3);
    const b = randT([2, 5, 4], 4);
    for (const [ta, tb, x, y] of [[true, false, a, randT([4, 2], 5)], [false, true, randT([3, 4], 6), b], [true, true, a, randT([5, 4], 7)]] as const) {
      expectGrads((p, q) => matmulTransposed(p, q, ta, tb), [x, y]);
    }
  });

  it('dot', () => {
    expectGrads(dot, [randT([5], 8), randT([5], 9)]);
  });
});

describe('matmul: values', () => {
  it('multiplies by hand-computed examples', () => {
    const a = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
    const b = tensor([[1, 0, -1], [2, 1, 0.5]], { dtype: 'float64' });
    expect(matmul(a, b).toArray()).toEqual([[5, 2, 0], [11, 4, -1], [17, 6, -2]]);
    expect(matmul(tensor([1, 2]), tensor([[1, 2], [3, 4]])).toArray()).toEqual([7, 10]);
    expect(matmul(tensor([[1, 2], [3, 4]]), tensor([1, 2])).toArray()).toEqual([5, 11]);
    expect(dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item()).toBe(32);
  });

  it('batched with broadcasting equals the loop over batches', () => {
    const a = randT([2, 1, 3, 4], 1, { grad: false });
    const b = randT([3, 4, 2], 2, { grad: false });
    const out = matmul(a, b);
    expect(out.shape).toEqual([2, 3, 3, 2]);
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const ai = new Tensor(a.data.slice(i * 12, i * 12 + 12), [3, 4]);
        const bj = new Tensor(b.data.slice(j * 8, j * 8 + 8), [4, 2]);
        expectClose(out.data.slice((i * 3 + j) * 6, (i * 3 + j) * 6 + 6), matmul(ai, bj).data, 1e-14);
      }
    }
  });

  it('promotes float32 × float64 to float64 and a zero inner dimension gives zeros', () => {
    expect(matmul(tensor([[1, 2]]), tensor([[1], [2]], { dtype: 'float64' })).dtype).toBe('float64');
    const z = matmul(new Tensor(new Float64Array(0), [2, 0]), new Tensor(new Float64Array(0), [0, 3]));
    expect(z.toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
  });
});
