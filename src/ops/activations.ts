/**
 * Activation functions. Each forward is one kernel; each VJP is written with differentiable ops
 * (so gradients of gradients work), matching PyTorch's conventions at the kinks. The elementwise
 * ones are their rows of ACTIVATION_RULES (src/backend/activation-rules.ts: forward kernel and
 * derivative), which the fused bias + activation kernels read too.
 */
import { ACTIVATION_RULES, type Activation, type Arithmetic } from '../backend/activation-rules.js';
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
  add: (a, b) => add(a, b),
  rsub: (c, a) => sub(c, a),
  square: (a) => square(a),
  exp: (a) => exp(a),
  erf: (a) => erf(a),
  sigmoid: (a) => sigmoid(a),
  positive: (a) => gt(a, 0),
  oneAbove: (a, threshold, otherwise) => where(gt(a, threshold), 1, otherwise),
};

/**
 * act'(z) as differentiable ops, from `v` — the output y = act(z) or the input z, as the rule's
 * `from` says (or the output when `fromOutput(p0)`: what the fused bias + activation's backward passes). `p0`, `p1`
 * are the activation's parameters (leakyRelu's slope, elu's α, softplus's β and threshold).
 *
 * @example
 * mul(g, activationDerivative(y, 'sigmoid'));  // g · y(1 − y)
 */
export function activationDerivative(v: Tensor, activation: Activation, p0 = 0, p1 = 0): Tensor {
  return ACTIVATION_RULES[activation].derivative(v, p0, p1, tensorArithmetic);
}

/**
 * The activation op from its row of ACTIVATION_RULES: the unary kernel forward, the rule's VJP.
 * `p0`, `p1` are its parameters, as for {@link activationDerivative}.
 *
 * @example
 * applyActivation(x, 'leakyRelu', 0.2);  // leakyRelu(x, 0.2)
 */
export function applyActivation(x: Tensor, activation: Activation, p0 = 0, p1 = 0): Tensor {
  requireFloat(x, activation);
  const rule = ACTIVATION_RULES[activation];
  const y = mapKernel(rule.kernel, x, p0, p1);
  const v = rule.from === 'output' ? y : x;
  return record(y, activation, [x], (g) => [mul(g, activationDerivative(v, activation, p0, p1))]);
}

/** σ(x) = 1/(1+e^{-x}); σ' = σ(1-σ). */
export function sigmoid(x: Tensor): Tensor {
  return applyActivation(x, 'sigmoid');
}

/** tanh(x); tanh' = 1 - tanh². */
export function tanh(x: Tensor): Tensor {
  return applyActivation(x, 'tanh');
}

/**
 * max(x, 0). NOTE: the derivative at exactly 0 is 0, as in PyTorch (writing relu as max(x, 0) with
 * an even tie split would give 0.5 there).
 */
export function relu(x: Tensor): Tensor {
  return applyActivation(x, 'relu');
}

/** x for x > 0, slope·x otherwise; the derivative at 0 is `slope` (PyTorch's convention). */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  return applyActivation(x, 'leakyRelu', negativeSlope);
}

/** x for x > 0, α(eˣ − 1) otherwise (Clevert et al., 2016). */
export function elu(x: Tensor, alpha = 1): Tensor {
  return applyActivation(x, 'elu', alpha);
}

/**
 * log(1 + e^{βx})/β, and x itself where βx > threshold (PyTorch's overflow guard; defaults β = 1,
 * threshold = 20). The derivative is σ(βx) (1 past the threshold).
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  return applyActivation(x, 'softplus', beta, threshold);
}

/** x·Φ(x) with the exact Gaussian CDF Φ(x) = (1 + erf(x/√2))/2 (Hendrycks & Gimpel, 2016). */
export function gelu(x: Tensor): Tensor {
  return applyActivation(x, 'gelu');
}

/** x·σ(x) (SiLU / swish); derivative σ(x)(1 + x(1 − σ(x))). */
export function silu(x: Tensor): Tensor {
  return applyActivation(x, 'silu');
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

