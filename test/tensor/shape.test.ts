import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { broadcastShapes, formatShape } from '../../src/tensor/shape.js';
import { normalizeAxes, normalizeAxis, stridesOf, sizeOf } from '../../src/tensor/shape.js';
import { expand, permute, reshape, sumTo, tensor, Tensor, Random } from '../ops/core.js';
import { shapeArb, broadcastPairArb } from '../ops/helpers.js';

/** NumPy's rule, written independently: pad with leading 1s, then each pair equal or one is 1. */
function numpyBroadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const pa = [...new Array<number>(rank - a.length).fill(1), ...a];
  const pb = [...new Array<number>(rank - b.length).fill(1), ...b];
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    if (pa[i] === pb[i]) out.push(pa[i]!);
    else if (pa[i] === 1) out.push(pb[i]!);
    else if (pb[i] === 1) out.push(pa[i]!);
    else return null;
  }
  return out;
}

const anyShape = fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 4 });

function seqTensor(shape: readonly number[], seed = 1): Tensor {
  const r = new Random(seed);
  const n = sizeOf(shape);
  return new Tensor(Float64Array.from({ length: n }, () => r.uniformIn(-1, 1)), shape);
}

describe('broadcastShapes', () => {
  it('matches an independent NumPy reference, throwing exactly when NumPy would', () => {
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        const expected = numpyBroadcast(a, b);
        if (expected === null) {
          expect(() => broadcastShapes(a, b, 'add')).toThrow(`add: cannot broadcast ${formatShape(a)} with ${formatShape(b)}`);
        } else {
          expect(broadcastShapes(a, b, 'add')).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is commutative', () => {
    fc.assert(
      fc.property(anyShape, anyShape, (a, b) => {
        const ab = numpyBroadcast(a, b) === null ? 'error' : broadcastShapes(a, b, 'op');
        const ba = numpyBroadcast(b, a) === null ? 'error' : broadcastShapes(b, a, 'op');
        expect(ab).toEqual(ba);
      }),
      { numRuns: 200 },
    );
  });

  it('always succeeds on generated compatible pairs and the result covers both operands', () => {
    fc.assert(
      fc.property(broadcastPairArb(4, 4), ([a, b]) => {
        const out = broadcastShapes(a, b, 'op');
        expect(out.length).toBe(Math.max(a.length, b.length));
        // Broadcasting each operand to the result is the identity on the result.
        expect(broadcastShapes(a, out, 'op')).toEqual(out);
        expect(broadcastShapes(out, b, 'op')).toEqual(out);
      }),
      { numRuns: 200 },
    );
  });

  it('handles the edge cases: scalars, [1], leading 1s and size 0', () => {
    expect(broadcastShapes([], [2, 3], 'op')).toEqual([2, 3]);
    expect(broadcastShapes([1], [2, 3], 'op')).toEqual([2, 3]);
    expect(broadcastShapes([1, 1, 3], [2, 1], 'op')).toEqual([1, 2, 3]);
    expect(broadcastShapes([0, 3], [1, 3], 'op')).toEqual([0, 3]);
    expect(broadcastShapes([0], [1], 'op')).toEqual([0]);
    expect(() => broadcastShapes([0], [2], 'mul')).toThrow('mul: cannot broadcast [0] with [2]: dimension 0 is 0 vs 2');
    expect(() => broadcastShapes([2, 3], [4, 3], 'sub')).toThrow('sub: cannot broadcast [2,3] with [4,3]: dimension 0 is 2 vs 4');
  });
});

describe('shape helpers', () => {
  it('formats, sizes and strides shapes', () => {
    expect(formatShape([32, 10])).toBe('[32,10]');
    expect(formatShape([])).toBe('[]');
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
  });

  it('normalizes axes, rejecting out-of-range and repeated ones', () => {
    expect(normalizeAxis(-1, 3, 'sum')).toBe(2);
    expect(normalizeAxis(0, 3, 'sum')).toBe(0);
    expect(() => normalizeAxis(3, 3, 'sum')).toThrow('sum: axis 3 is out of range for a tensor of rank 3');
    expect(() => normalizeAxis(-4, 3, 'sum')).toThrow('sum: axis -4 is out of range for a tensor of rank 3');
    expect(() => normalizeAxis(1.5, 3, 'sum')).toThrow('sum: axis 1.5 is out of range');
    expect(normalizeAxes([2, -3], 3, 'mean')).toEqual([0, 2]);
    expect(normalizeAxes(undefined, 2, 'mean')).toEqual([0, 1]);
    expect(() => normalizeAxes([1, -1], 2, 'mean')).toThrow('mean: axes [1,-1] repeat an axis');
  });
});

describe('shape round trips (property)', () => {
  it('sumTo(expand(x, s), x.shape) = x · (size(s) / size(x))', () => {
    fc.assert(
      fc.property(broadcastPairArb(3, 3), fc.integer({ min: 0, max: 1000 }), ([a, b], seed) => {
        const s = broadcastShapes(a, b, 'op');
        const x = seqTensor(a, seed);
        const back = sumTo(expand(x, s), x.shape);
        expect(back.shape).toEqual(x.shape);
        const ratio = sizeOf(s) / sizeOf(a);
        back.data.forEach((v, i) => expect(v).toBeCloseTo(x.data[i]! * ratio, 12));
      }),
      { numRuns: 100 },
    );
  });

  it('reshape to any factorisation and back is the identity, and keeps row-major order', () => {
    fc.assert(
      fc.property(shapeArb(4, 4), fc.integer({ min: 0, max: 1000 }), (shape, seed) => {
        const x = seqTensor(shape, seed);
        const r = new Random(seed);
        const flatShape = [x.size];
        // A random target: split the size into a random number of factors.
        const target: number[] = [];
        let rest = x.size;
        while (rest > 1 && target.length < 3) {
          const divisors = Array.from({ length: rest }, (_, i) => i + 1).filter((d) => rest % d === 0);
          const d = divisors[r.int(divisors.length)]!;
          target.push(d);
          rest /= d;
        }
        target.push(rest);
        const y = reshape(x, target);
        expect(y.shape).toEqual(target);
        expect(Array.from(reshape(y, flatShape).data)).toEqual(Array.from(x.data));
        expect(reshape(y, shape).toArray()).toEqual(x.toArray());
        // -1 infers the missing dimension.
        expect(reshape(x, [-1]).shape).toEqual(flatShape);
      }),
      { numRuns: 100 },
    );
  });

  it('permute by p then by its inverse is the identity, and permute moves elements as indexing says', () => {
    const permArb = fc.integer({ min: 1, max: 4 }).chain((rank) =>
      fc.tuple(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank }),
        fc.shuffledSubarray(Array.from({ length: rank }, (_, i) => i), { minLength: rank, maxLength: rank }),
      ),
    );
    fc.assert(
      fc.property(permArb, fc.integer({ min: 0, max: 1000 }), ([shape, perm], seed) => {
        const x = seqTensor(shape, seed);
        const y = permute(x, perm);
        expect(y.shape).toEqual(perm.map((p) => shape[p]));
        const inverse = new Array<number>(perm.length);
        perm.forEach((p, i) => (inverse[p] = i));
        expect(Array.from(permute(y, inverse).data)).toEqual(Array.from(x.data));
        // Element check: y[i0..] = x[j] where j[perm[k]] = i[k].
        const xs = stridesOf(shape);
        const ys = stridesOf(y.shape);
        for (let flat = 0; flat < y.size; flat++) {
          let xPos = 0;
          for (let k = 0; k < perm.length; k++) xPos += (Math.floor(flat / ys[k]!) % y.shape[k]!) * xs[perm[k]!]!;
          expect(y.data[flat]).toBe(x.data[xPos]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps tensors immutable: a reshape shares data but never lets the shape be mutated', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => (x.shape as number[]).push(5)).toThrow();
    expect(reshape(x, [4]).data).toBe(x.data);
  });
});
