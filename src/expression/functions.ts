/**
 * The functions and constants an expression may call, each written with descent's differentiable
 * ops, so gradients and Hessians of a user's formula come from the library's own autograd.
 */
import * as act from '../ops/activations.js';
import * as ew from '../ops/elementwise.js';
import { Tensor } from '../tensor/tensor.js';

/** A value during evaluation: a plain number (a constant sub-expression) or a tensor. */
export type Value = number | Tensor;

/** One callable function: its arity and its implementation on tensors. */
export interface ExpressionFunction {
  /** Number of arguments. */
  arity: number;
  /** One-line description shown in help text. */
  doc: string;
  /** The function on tensors (numbers are lifted to tensors before the call when needed). */
  apply(args: Tensor[]): Tensor;
}

const unary = (doc: string, f: (t: Tensor) => Tensor): ExpressionFunction => ({ arity: 1, doc, apply: ([a]) => f(a!) });
const binary = (doc: string, f: (a: Tensor, b: Tensor) => Tensor): ExpressionFunction => ({ arity: 2, doc, apply: ([a, b]) => f(a!, b!) });

/** Every function an expression may call, by name. */
export const EXPRESSION_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = {
  sin: unary('sine', ew.sin),
  cos: unary('cosine', ew.cos),
  tan: unary('tangent, sin/cos', (t) => ew.div(ew.sin(t), ew.cos(t))),
  exp: unary('exponential', ew.exp),
  log: unary('natural logarithm', ew.log),
  ln: unary('natural logarithm', ew.log),
  log1p: unary('log(1 + u), accurate near 0', ew.log1p),
  sqrt: unary('square root', ew.sqrt),
  abs: unary('absolute value (derivative 0 at 0)', ew.abs),
  square: unary('u²', ew.square),
  tanh: unary('hyperbolic tangent', act.tanh),
  sinh: unary('hyperbolic sine, (eᵘ − e⁻ᵘ)/2', (t) => ew.mul(ew.sub(ew.exp(t), ew.exp(ew.neg(t))), 0.5)),
  cosh: unary('hyperbolic cosine, (eᵘ + e⁻ᵘ)/2', (t) => ew.mul(ew.add(ew.exp(t), ew.exp(ew.neg(t))), 0.5)),
  sigmoid: unary('logistic 1/(1 + e⁻ᵘ)', act.sigmoid),
  relu: unary('max(u, 0)', act.relu),
  softplus: unary('log(1 + eᵘ)', (t) => act.softplus(t)),
  erf: unary('error function', ew.erf),
  min: binary('the smaller of two values', ew.minimum),
  max: binary('the larger of two values', ew.maximum),
  pow: binary('a^b', ew.pow),
};

/** Named constants. */
export const EXPRESSION_CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E, tau: 2 * Math.PI };

/** A number as a 0-d float64 tensor. */
export function scalarTensor(v: number): Tensor {
  return new Tensor(Float64Array.of(v), []);
}

/** Calls `fn` on values; when every argument is a number the result is folded to a number. */
export function callFunction(fn: ExpressionFunction, args: readonly Value[]): Value {
  const allNumbers = args.every((a) => typeof a === 'number');
  const tensors = args.map((a) => (typeof a === 'number' ? scalarTensor(a) : a));
  const out = fn.apply(tensors);
  return allNumbers ? out.item() : out;
}
