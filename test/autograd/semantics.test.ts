import { describe, it, expect } from 'vitest';
import {
  tensor, grad, noGrad, isGradEnabled, withGradMode, matmul, mul, add, exp, sum, tanh, Tensor, mseLoss, randn, Random,
} from '../ops/core.js';

const f64 = (values: number[] | number[][], requiresGrad = true): Tensor => tensor(values, { dtype: 'float64', requiresGrad });

describe('backward', () => {
  it('accumulates into .grad across two backward calls until zeroGrad', () => {
    const x = f64([1, 2, 3]);
    x.mul(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    x.mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([5, 7, 9]);
    x.zeroGrad();
    expect(x.grad).toBeNull();
    x.sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 1]);
  });

  it('sums the gradients of every path through a tensor used several times', () => {
    const x = f64([0.5, -2]);
    const y = x.mul(x).add(x).mul(x); // x³ + x² → 3x² + 2x
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([3 * 0.25 + 1, 3 * 4 - 4]);
  });

  it('gives inputs that require a gradient their .grad, like parameters (derivative w.r.t. the input)', () => {
    const x = f64([[1, 2]]); // an input
    const w = f64([[1, -1, 2], [0.5, 3, -2]]); // a parameter
    matmul(x, w).sum().backward();
    expect(x.grad!.toArray()).toEqual([[2, 1.5]]); // row sums of w
    expect(w.grad!.toArray()).toEqual([[1, 1, 1], [2, 2, 2]]);
  });

  it('leaves .grad of non-leaf tensors and of tensors without requiresGrad untouched', () => {
    const x = f64([1, 2]);
    const c = f64([3, 4], false);
    const h = x.mul(c);
    h.sum().backward();
    expect(h.grad).toBeNull();
    expect(c.grad).toBeNull();
    expect(x.grad!.toArray()).toEqual([3, 4]);
  });

  it('needs a gradOutput for a non-scalar output and names the shape', () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]);
    const y = x.mul(2);
    expect(() => y.backward()).toThrow('backward: the output has shape [2,3]; backward() without a gradOutput needs a scalar');
    expect(() => y.backward(f64([1, 2, 3], false))).toThrow('backward: gradOutput has shape [3] but the output has shape [2,3]');
    y.backward(f64([[1, 0, 0], [0, 0, 1]], false));
    expect(x.grad!.toArray()).toEqual([[2, 0, 0], [0, 0, 2]]);
  });

  it('refuses a tensor that does not require a gradient', () => {
    expect(() => f64([1, 2], false).sum().backward()).toThrow('backward: the tensor [] does not require a gradient');
  });

  it('frees the graph after backward: a second pass throws naming the op, unless retainGraph', () => {
    const x = f64([1, 2]);
    const y = exp(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(/backward: the graph through 'sum' was freed by an earlier backward\(\); pass \{retainGraph: true\}/);
    const z = exp(x).mul(2);
    const loss = z.sum();
    x.zeroGrad();
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(x.grad!.data[0]).toBeCloseTo(4 * Math.E, 12);
    // A new output built on the freed intermediate names the first freed op it reaches.
    expect(() => z.mul(1).sum().backward()).toThrow("backward: the graph through 'mul' was freed");
  });

  it('handles a deep chain without overflowing the stack', () => {
    const x = f64([1]);
    let y: Tensor = x;
    for (let i = 0; i < 20000; i++) y = y.add(1e-4);
    y.sum().backward();
    expect(x.grad!.item()).toBe(1);
  });
});

describe('noGrad, detach, grad mode', () => {
  it('noGrad records nothing and restores the mode afterwards, even after a throw', () => {
    const x = f64([1, 2]);
    const y = noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      return x.mul(2);
    });
    expect(y.requiresGrad).toBe(false);
    expect(y.gradNode).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(withGradMode(false, () => withGradMode(true, () => isGradEnabled()))).toBe(true);
  });

  it('updates made under noGrad do not enter the graph (a hand-written SGD step)', () => {
    const w = f64([1, -1]);
    const loss = w.mul(w).sum();
    loss.backward();
    noGrad(() => {
      for (let i = 0; i < w.size; i++) w.data[i]! -= 0.25 * w.grad!.data[i]!;
    });
    expect(w.toArray()).toEqual([0.5, -0.5]);
    expect(w.isLeaf).toBe(true);
  });

  it('detach shares data but stops the gradient', () => {
    const x = f64([3, -1]);
    const d = x.detach();
    expect(d.data).toBe(x.data);
    expect(d.requiresGrad).toBe(false);
    d.mul(x).sum().backward(); // d treated as a constant: d/dx = d
    expect(x.grad!.toArray()).toEqual([3, -1]);
  });
});

describe('grad()', () => {
  it('returns gradients without touching .grad, w.r.t. leaves and intermediates', () => {
    const x = f64([1, 2]);
    const h = x.mul(3);
    const y = h.mul(h).sum(); // 9x²
    const [gx, gh] = grad(y, [x, h]);
    expect(gx!.toArray()).toEqual([18, 36]);
    expect(gh!.toArray()).toEqual([6, 12]);
    expect(x.grad).toBeNull();
    expect(gx!.requiresGrad).toBe(false);
  });

  it('throws for an unused input unless allowUnused, which gives zeros', () => {
    const x = f64([1, 2]);
    const unused = f64([[5, 6]]);
    expect(() => grad(x.sum(), [x, unused])).toThrow('grad: input 1 (shape [1,2]) is not used to compute the output; pass {allowUnused: true} to get zeros');
    const [gx, gu] = grad(x.sum(), [x, unused], { allowUnused: true });
    expect(gx!.toArray()).toEqual([1, 1]);
    expect(gu!.toArray()).toEqual([[0, 0]]);
  });

  it('takes a gradOutput for non-scalar outputs (a vector-Jacobian product)', () => {
    const x = f64([1, 2, 3]);
    const [g] = grad(x.mul(x), [x], { gradOutput: f64([1, 10, 100], false) });
    expect(g!.toArray()).toEqual([2, 40, 600]);
    expect(() => grad(x.mul(x), [x])).toThrow('grad: the output has shape [3]');
  });

  it('with createGraph returns a differentiable gradient', () => {
    const x = f64([2]);
    const [g] = grad(x.mul(x).mul(x).sum(), [x], { createGraph: true });
    expect(g!.requiresGrad).toBe(true);
    const [gg] = grad(g!.sum(), [x]);
    expect(gg!.item()).toBe(12); // d²/dx² x³ = 6x
  });
});

describe('dtypes', () => {
  it('float32 and float64 give the same gradients (to float32 precision), each in its own dtype', () => {
    const r = new Random(4);
    const x64 = randn([5, 3], { dtype: 'float64', random: r }).requireGrad();
    const w64 = randn([3, 2], { dtype: 'float64', random: r }).requireGrad();
    const y64 = randn([5, 2], { dtype: 'float64', random: r });
    const x32 = x64.detach().to('float32').requireGrad();
    const w32 = w64.detach().to('float32').requireGrad();
    const y32 = y64.to('float32');
    mseLoss(tanh(matmul(x64, w64)), y64).backward();
    mseLoss(tanh(matmul(x32, w32)), y32).backward();
    expect(w32.grad!.dtype).toBe('float32');
    expect(w64.grad!.dtype).toBe('float64');
    w32.grad!.data.forEach((v, i) => expect(v).toBeCloseTo(w64.grad!.data[i]!, 5));
    x32.grad!.data.forEach((v, i) => expect(v).toBeCloseTo(x64.grad!.data[i]!, 5));
  });

  it('a gradient always has the dtype of its tensor, also when float32 meets float64', () => {
    const a = tensor([1, 2], { requiresGrad: true }); // float32
    const b = f64([3, 4]);
    const y = add(mul(a, b), a).sum();
    expect(y.dtype).toBe('float64');
    y.backward();
    expect(a.grad!.dtype).toBe('float32');
    expect(b.grad!.dtype).toBe('float64');
    expect(a.grad!.toArray()).toEqual([4, 5]);
    const c = tensor([1, 2], { requiresGrad: true });
    const [gc] = grad(sum(mul(c, f64([2, 2], false))), [c]);
    expect(gc!.dtype).toBe('float32');
  });
});
