import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { sigmoid, tanh, relu, leakyRelu, elu, softplus, gelu, silu, softmax, logSoftmax, tensor, sum, Tensor } from './core.js';
import { randT, expectGrads, expectClose } from './helpers.js';

const shapeArb = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 });
const seedArb = fc.integer({ min: 0, max: 10_000 });

describe('activations: gradients (away from kinks)', () => {
  const fns: Record<string, [(t: Tensor) => Tensor, { low?: number; high?: number; avoid?: number[] }]> = {
    sigmoid: [sigmoid, { low: -4, high: 4 }],
    tanh: [tanh, { low: -3, high: 3 }],
    relu: [relu, { avoid: [0] }],
    leakyRelu: [(t) => leakyRelu(t, 0.2), { avoid: [0] }],
    'leakyRelu (default slope)': [(t) => leakyRelu(t), { avoid: [0] }],
    elu: [(t) => elu(t, 1.5), { low: -3, high: 2, avoid: [0] }],
    softplus: [softplus, { low: -5, high: 5 }],
    'softplus (beta 2, threshold 3: both branches)': [(t) => softplus(t, 2, 3), { low: -3, high: 4, avoid: [1.5] }],
    gelu: [gelu, { low: -4, high: 4 }],
    silu: [silu, { low: -4, high: 4 }],
  };
  for (const [name, [fn, range]] of Object.entries(fns)) {
    it(name, () => {
      fc.assert(fc.property(shapeArb, seedArb, (shape, seed) => expectGrads(fn, [randT(shape, seed, { ...range, gap: 0.05 })])), { numRuns: 6 });
    });
  }

  it('softmax and logSoftmax over each axis', () => {
    const x = randT([2, 3, 4], 1, { low: -3, high: 3 });
    for (const axis of [0, 1, 2, -1]) {
      expectGrads((t) => softmax(t, axis), [x]);
      expectGrads((t) => logSoftmax(t, axis), [x]);
    }
  });
});

describe('activations: values and PyTorch conventions', () => {
  const f64 = (v: number[]): Tensor => tensor(v, { dtype: 'float64', requiresGrad: true });

  it('computes reference values', () => {
    expectClose(sigmoid(f64([0, 2])).data, [0.5, 1 / (1 + Math.exp(-2))]);
    expectClose(elu(f64([-1, 2]), 2).data, [2 * (Math.exp(-1) - 1), 2]);
    expectClose(softplus(f64([0, 30])).data, [Math.LN2, 30]);
    // gelu(1) = Φ(1) with Φ(1) = 0.8413447460685429 (mpmath).
    expectClose(gelu(f64([1, -1])).data, [0.8413447460685429, -1 + 0.8413447460685429], 1e-15);
    expectClose(silu(f64([1])).data, [1 / (1 + Math.exp(-1))]);
    expectClose(leakyRelu(f64([-2, 3]), 0.1).data, [-0.2, 3]);
  });

  it('derivatives at the kink 0: relu 0, leakyRelu the slope, elu alpha', () => {
    const x = f64([0, 0, 0]);
    sum(relu(x)).backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    const y = f64([0]);
    sum(leakyRelu(y, 0.3)).backward();
    expect(y.grad!.toArray()).toEqual([0.3]);
    const z = f64([0]);
    sum(elu(z, 1.5)).backward();
    expect(z.grad!.toArray()).toEqual([1.5]);
  });

  it('softmax sums to 1 and both are stable for huge logits', () => {
    const big = tensor([[1000, 1001, 1002], [-1000, -1000, -1000]], { dtype: 'float64' });
    const p = softmax(big, 1);
    expect(p.data.every(Number.isFinite)).toBe(true);
    expectClose(sum(p, 1).data, [1, 1]);
    expectClose(p.data.slice(3), [1 / 3, 1 / 3, 1 / 3]);
    const lp = logSoftmax(big, 1);
    const lse = 1002 + Math.log(Math.exp(-2) + Math.exp(-1) + 1);
    expectClose(lp.data.slice(0, 3), [1000 - lse, 1001 - lse, 1002 - lse]);
    expect(softmax(big, 0).shape).toEqual([2, 3]);
  });

  it('sigmoid and tanh saturate without NaN', () => {
    const x = f64([-800, 800]);
    expect(Array.from(sigmoid(x).data)).toEqual([0, 1]);
    expect(Array.from(tanh(x).data)).toEqual([-1, 1]);
    sum(sigmoid(x)).backward();
    expect(Array.from(x.grad!.data)).toEqual([0, 0]);
  });
});
