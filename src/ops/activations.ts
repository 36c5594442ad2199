/**
 * Activation functions. Each forward is one kernel; each VJP is written with differentiable ops
 * (so gradients of gradients work), matching PyTorch's conventions at the kinks. relu, leakyRelu,
 * sigmoid and tanh are their rows of ACTIVATION_RULES (src/backend/activation-rules.ts), which the
 * fused kernels read too.
 */
import { ACTIVATION_RULES, type Arithmetic } from '../backend/activation-rules.js';
import type { FusedActivation } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, erf, exp, gt, log, mapKernel, mul, requireFloat, square, sub, where } from './elementwise.js';
import { max, sum } from './reduce.js';

/**
 * The activation rules' arithmetic on tensors: differentiable ops, so a VJP built from a rule has
 * gradients of its own (gradients of gradients work).
 */
const tensorArithmetic: Arithmetic<Tensor> = {
  mul: (a, b) => mul(a, b),
  rsub: (c, a) => sub(c, a),
  square: (a) => square(a),
  positive: (a) => gt(a, 0),
  positiveOr: (a, otherwise) => where(gt(a, 0), 1, otherwise),
};

/**
 * act'(z) as differentiable ops, from `v` — the output y = act(z) or the input z, as the rule's
 * `from` says (or the output when `fromOutput(slope)`: what the fused ops' backward passes).
 *
 * @example
 * mul(g, activationDerivative(y, 'sigmoid'));  // g · y(1 − y)
 */
export function activationDerivative(v: Tensor, activation: FusedActivation, negativeSlope = 0.01): Tensor {
  return ACTIVATION_RULES[activation].derivative(v, negativeSlope, tensorArithmetic);
}

/**
 * The activation op from its row of ACTIVATION_RULES: the unary kernel forward, the rule's VJP.
 * `negativeSlope` is leakyRelu's (the others ignore it).
 *
 * @example
 * applyActivation(x, 'leakyRelu', 0.2);  // leakyRelu(x, 0.2)
 */
export function applyActivation(x: Tensor, activation: FusedActivation, negativeSlope: number): Tensor {
  requireFloat(x, activation);
  const rule = ACTIVATION_RULES[activation];
  const y = mapKernel(rule.kernel, x, negativeSlope);
  const v = rule.from === 'output' ? y : x;
  return record(y, activation, [x], (g) => [mul(g, activationDerivative(v, activation, negativeSlope))]);
}

/** σ(x) = 1/(1+e^{-x}); σ' = σ(1-σ). */
export function sigmoid(x: Tensor): Tensor {
  return applyActivation(x, 'sigmoid', 0);
}

/** tanh(x); tanh' = 1 - tanh². */
export function tanh(x: Tensor): Tensor {
  return applyActivation(x, 'tanh', 0);
}

/**
 * max(x, 0). NOTE: the derivative at exactly 0 is 0, as in PyTorch (writing relu as max(x, 0) with
 * an even tie split would give 0.5 there).
 */
export function relu(x: Tensor): Tensor {
  return applyActivation(x, 'relu', 0);
}

/** x for x > 0, slope·x otherwise; the derivative at 0 is `slope` (PyTorch's convention). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return applyActivation(x, 'leakyRelu', negativeSlope);
}

/** x for x > 0, α(eˣ − 1) otherwise (Clevert et al., 2016). */
export function elu(x: Tensor, alpha = 1): Tensor {
  requireFloat(x, 'elu');
  return record(mapKernel('elu', x, alpha), 'elu', [x], (g) => [mul(g, where(gt(x, 0), 1, mul(exp(x), alpha)))]);
}

/**
 * log(1 + e^{βx})/β, and x itself where βx > threshold (PyTorch's overflow guard; defaults β = 1,
 * threshold = 20). The derivative is σ(βx) (1 past the threshold).
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  requireFloat(x, 'softplus');
  return record(mapKernel('softplus', x, beta, threshold), 'softplus', [x], (g) => {
    const bx = mul(x, beta);
    return [mul(g, where(gt(bx, threshold), 1, sigmoid(bx)))];
  });
}

/** x·Φ(x) with the exact Gaussian CDF Φ(x) = (1 + erf(x/√2))/2 (Hendrycks & Gimpel, 2016). */
export function gelu(x: Tensor): Tensor {
  requireFloat(x, 'gelu');
  return record(mapKernel('gelu', x), 'gelu', [x], (g) => {
    const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
    const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
    return [mul(g, add(cdf, mul(x, pdf)))];
  });
}

/** x·σ(x) (SiLU / swish); derivative σ(x)(1 + x(1 − σ(x))). */
export function silu(x: Tensor): Tensor {
  requireFloat(x, 'silu');
  return record(mapKernel('silu', x), 'silu', [x], (g) => {
    const s = sigmoid(x);
    return [mul(g, mul(s, add(mul(x, sub(1, s)), 1)))];
  });
}

/** e^{x_i} / Σ_j e^{x_j} along `axis`, computed after subtracting the maximum (stable). */
export function softmax(x: Tensor, axis = -1): Tensor {
  requireFloat(x, 'softmax');
  const a = normalizeAxis(axis, x.rank, 'softmax');
  const e = exp(sub(x, max(x, a, true).detach()));
  return div(e, sum(e, a, true));
}

/** x_i − log Σ_j e^{x_j} along `axis`, stable for large logits. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  requireFloat(x, 'logSoftmax');
  const a = normalizeAxis(axis, x.rank, 'logSoftmax');
  const shifted = sub(x, max(x, a, true).detach());
  return sub(shifted, log(sum(exp(shifted), a, true)));
}

