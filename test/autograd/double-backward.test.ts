/**
 * Double backward: Hessian-vector products by differentiating the gradient (grad with createGraph,
 * then grad again), checked against closed forms and finite differences of the gradient.
 */
import { describe, it, expect } from 'vitest';
import {
  grad, Tensor, tensor, noGrad, matmul, tanh, sigmoid, softplus, gelu, silu, elu, leakyRelu, logSoftmax, softmax, logSumExp,
  exp, log, sqrt, sin, cos, erf, div, pow, mul, sum, mean, max, square, variance, conv2d, maxPool2d, avgPool2d, layerNorm,
  batchNorm, mseLoss, crossEntropy, binaryCrossEntropyWithLogits, huberLoss, klDiv, gather, concat, permute, slice, expand, clamp, abs,
} from '../ops/core.js';
import { randT, expectClose } from '../ops/helpers.js';

function dotAll(a: readonly Tensor[], b: readonly Tensor[]): Tensor {
  return a.map((t, i) => sum(mul(t, b[i]!))).reduce((x, y) => x.add(y));
}

/** H·v by double backward for the scalar f(params). */
function hvp(f: (...p: Tensor[]) => Tensor, params: readonly Tensor[], v: readonly Tensor[]): Tensor[] {
  const g = grad(f(...params), params, { createGraph: true });
  return grad(dotAll(g, v), params, { allowUnused: true });
}

/** (∇f(θ + hv) − ∇f(θ − hv)) / 2h, by plain (first-order) gradients. */
function hvpFiniteDifference(f: (...p: Tensor[]) => Tensor, params: readonly Tensor[], v: readonly Tensor[], h = 1e-5): Float64Array[] {
  const shift = (s: number): void =>
    noGrad(() => params.forEach((p, k) => p.data.forEach((_, i) => (p.data[i] = p.data[i]! + s * h * v[k]!.data[i]!))));
  shift(1);
  const plus = grad(f(...params), params, { allowUnused: true });
  shift(-2);
  const minus = grad(f(...params), params, { allowUnused: true });
  shift(1);
  return plus.map((gp, k) => Float64Array.from(gp.data, (x, i) => (x - minus[k]!.data[i]!) / (2 * h)));
}

function expectHvp(f: (...p: Tensor[]) => Tensor, params: readonly Tensor[], seed = 100, tol = 1e-6): void {
  const v = params.map((p, k) => randT(p.shape, seed + k, { grad: false }));
  const analytic = hvp(f, params, v);
  const numeric = hvpFiniteDifference(f, params, v);
  analytic.forEach((a, k) => {
    expect(a.shape).toEqual(params[k]!.shape);
    expectClose(a.data, numeric[k]!, tol);
  });
  // Not vacuous: some curvature is present.
  expect(analytic.some((a) => a.data.some((x) => Math.abs(x) > 1e-8))).toBe(true);
}

describe('double backward', () => {
  it('x³: the gradient is 3x² and the Hessian-vector product 6x·v', () => {
    const x = tensor([0.5, -1.5, 2], { dtype: 'float64', requiresGrad: true });
    const v = tensor([1, 2, -1], { dtype: 'float64' });
    const f = (t: Tensor): Tensor => sum(pow(t, 3));
    const [g] = grad(f(x), [x], { createGraph: true });
    expectClose(g!.data, [0.75, 6.75, 12]);
    const [hv] = grad(sum(mul(g!, v)), [x]);
    expectClose(hv!.data, [3, -18, -12]);
    expectHvp(f, [x]);
    // Third derivative: d/dx of the diagonal 6x is 6.
    const [g1] = grad(f(x), [x], { createGraph: true });
    const [g2] = grad(sum(g1!), [x], { createGraph: true });
    const [g3] = grad(sum(g2!), [x]);
    expectClose(g3!.data, [6, 6, 6]);
  });

  it('a tanh MLP loss: H·v w.r.t. all parameters matches finite differences of the gradient', () => {
    const x = randT([6, 3], 1, { grad: false });
    const y = randT([6, 2], 2, { grad: false });
    const w1 = randT([3, 4], 3);
    const b1 = randT([4], 4);
    const w2 = randT([4, 2], 5);
    const loss = (a: Tensor, b: Tensor, c: Tensor): Tensor => mseLoss(matmul(tanh(matmul(x, a).add(b)), c), y);
    expectHvp(loss, [w1, b1, w2]);
  });

  it('H·v is symmetric: uᵀ(H v) = vᵀ(H u)', () => {
    const w = randT([3, 3], 7);
    const f = (t: Tensor): Tensor => sum(tanh(matmul(t, t)));
    const u = randT([3, 3], 8, { grad: false });
    const v = randT([3, 3], 9, { grad: false });
    const hv = hvp(f, [w], [v])[0]!;
    const hu = hvp(f, [w], [u])[0]!;
    expect(sum(mul(u, hv)).item()).toBeCloseTo(sum(mul(v, hu)).item(), 10);
  });

  // Every op whose VJP is written with differentiable ops must give correct second derivatives.
  const unary: Record<string, (t: Tensor) => Tensor> = {
    exp, sin, cos, erf, tanh, sigmoid, gelu, silu,
    log: (t) => log(add1(abs(t))),
    sqrt: (t) => sqrt(add1(square(t))),
    softplus: (t) => softplus(t, 2),
    elu: (t) => elu(t, 1.5),
    leakyRelu: (t) => mul(leakyRelu(t, 0.2), t),
    clamp: (t) => mul(clamp(t, -0.5, 0.5), t),
    div: (t) => div(1, add1(square(t))),
    'pow (tensor exponent)': (t) => pow(add1(square(t)), t),
    softmax: (t) => softmax(t, 1),
    logSoftmax: (t) => logSoftmax(t, 0),
    logSumExp: (t) => logSumExp(t, 1),
    max: (t) => mul(max(t, 1, true), t),
    variance: (t) => variance(t, 1),
    'mean/expand': (t) => square(expand(mean(t, 0, true), [3, 4])),
    'permute/slice/concat': (t) => square(concat([slice(permute(t, [1, 0]), [1, 0], [3, 2]), t.reshape([6, 2])], 0)),
    gather: (t) => square(gather(t, 1, tensor([[0, 0], [3, 1], [2, 2]], { dtype: 'int32' }))),
    layerNorm: (t) => layerNorm(t, [4], null, null),
    batchNorm: (t) => batchNorm(t, null, null, null, null, { training: true, momentum: 0.1, eps: 1e-5 }),
  };
  for (const [name, op] of Object.entries(unary)) {
    it(`second derivatives of ${name}`, () => {
      const x = randT([3, 4], 11, { low: -1.5, high: 1.5, avoid: [0, -0.5, 0.5], gap: 0.05 });
      expectHvp((t) => sum(mul(op(t), randT(op(t).shape, 12, { grad: false }))), [x], 200, 2e-6);
    });
  }

  it('second derivatives of matmul, conv2d and pooling', () => {
    const a = randT([2, 3], 21);
    const b = randT([3, 2], 22);
    expectHvp((p, q) => sum(square(matmul(p, q))), [a, b]);
    const img = randT([1, 2, 4, 4], 23);
    const w = randT([2, 2, 3, 3], 24);
    expectHvp((p, q) => sum(square(conv2d(p, q, null, { padding: 1, stride: 2 }))), [img, w]);
    expectHvp((p) => sum(square(maxPool2d(p, { kernelSize: 2 }))), [img]);
    expectHvp((p) => sum(square(avgPool2d(p, { kernelSize: 3, stride: 1, padding: 1, countIncludePad: false }))), [img]);
  });

  it('second derivatives of the losses', () => {
    const logits = randT([4, 3], 31);
    const labels = tensor([0, 2, 1, 2], { dtype: 'int32' });
    expectHvp((p) => crossEntropy(p, labels, { labelSmoothing: 0.1 }), [logits]);
    const target = randT([4, 3], 32, { low: 0, high: 1 });
    expectHvp((p, q) => binaryCrossEntropyWithLogits(p, q), [logits, target]);
    const y = randT([4, 3], 33, { grad: false, low: -3, high: 3 });
    expectHvp((p) => mul(huberLoss(p, y), 1), [logits]);
    const probs = softmax(randT([4, 3], 34, { grad: false }), 1);
    expectHvp((p) => klDiv(logSoftmax(p, 1), probs, { reduction: 'batchmean' }), [logits]);
  });
});

function add1(t: Tensor): Tensor {
  return t.add(1);
}
