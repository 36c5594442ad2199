/**
 * The activations the fused kernels know, one row each: the unary kernel that computes the forward,
 * its scalar rule (what the JS kernels compute per element), the derivative written once over an
 * {@link Arithmetic} — so the same rule is the differentiable VJP on tensors (src/ops/activations.ts)
 * and the per-element loop of the JS fused kernel (src/backend/js/fused.ts), with the same rounding
 * steps and so the same bits — and the op code the wasm kernels receive (the unary kernel's code,
 * src/backend/wasm/codes.ts, from which scripts/build-wasm.mjs generates the AssemblyScript constants).
 *
 * The fused kernels keep only the output y = act(z), so they can run an activation only when its
 * derivative is a function of y: always for relu, sigmoid and tanh, and for leakyRelu when its slope
 * is >= 0 (then y > 0 exactly when z > 0).
 */
import type { FusedActivation, UnaryKernel } from './backend.js';
import { UNARY_CODES } from './wasm/codes.js';

/**
 * The operations a derivative rule is written in. On tensors they are the differentiable ops (so a
 * VJP built from them has gradients of its own); on numbers each result is rounded to the data's
 * dtype, as storing a tensor op's result would round it.
 */
export interface Arithmetic<T> {
  /** a·b. */
  mul(a: T, b: T): T;
  /** c − a for a constant c. */
  rsub(c: number, a: T): T;
  /** a². */
  square(a: T): T;
  /** 1 where a > 0, else 0 (NaN gives 0). */
  positive(a: T): T;
  /** 1 where a > 0, else `otherwise` (rounded to the dtype). */
  positiveOr(a: T, otherwise: number): T;
}

/** One activation: its forward, its derivative and its wasm code. */
export interface ActivationRule {
  /** The unary kernel computing the forward (and the activation's op name). */
  readonly kernel: UnaryKernel & FusedActivation;
  /** act(z) in double precision, as the JS unary kernel of the same name computes it. */
  forward(z: number, slope: number): number;
  /**
   * What {@link ActivationRule.derivative} reads: the output y = act(z) (exact for sigmoid, tanh and
   * relu, and what their VJPs save), or the input z.
   */
  readonly from: 'output' | 'input';
  /** act'(z), from y or z as `from` says. */
  derivative<T>(v: T, slope: number, a: Arithmetic<T>): T;
  /** Whether the derivative is the same function of the output y too (what the fused kernels need). */
  fromOutput(slope: number): boolean;
}

const always = (): boolean => true;

/**
 * The activation table.
 *
 * @example
 * ACTIVATION_RULES.sigmoid.derivative(0.5, 0, float64Arithmetic);  // 0.25 = σ'(0)
 */
export const ACTIVATION_RULES: { readonly [K in FusedActivation]: ActivationRule } = {
  relu: {
    kernel: 'relu',
    // NOTE: `x > 0 ? x : 0` (not Math.max) so NaN propagates and −0 becomes +0.
    forward: (z) => (z > 0 ? z : z !== z ? z : 0),
    from: 'output',
    // 0 at z = 0, as in PyTorch (an even tie split of max(z, 0) would give 0.5).
    derivative: (y, _slope, a) => a.positive(y),
    fromOutput: always,
  },
  leakyRelu: {
    kernel: 'leakyRelu',
    forward: (z, slope) => (z > 0 ? z : z * slope),
    from: 'input',
    // `slope` at z = 0, PyTorch's convention.
    derivative: (z, slope, a) => a.positiveOr(z, slope),
    fromOutput: (slope) => slope >= 0 && slope < Infinity,
  },
  sigmoid: {
    kernel: 'sigmoid',
    forward: (z) => 1 / (1 + Math.exp(-z)),
    from: 'output',
    // σ' = σ(1 − σ)
    derivative: (y, _slope, a) => a.mul(y, a.rsub(1, y)),
    fromOutput: always,
  },
  tanh: {
    kernel: 'tanh',
    forward: Math.tanh,
    from: 'output',
    // tanh' = 1 − tanh²
    derivative: (y, _slope, a) => a.rsub(1, a.square(y)),
    fromOutput: always,
  },
};

/** The activations' names, in table order. */
export const ACTIVATIONS = Object.keys(ACTIVATION_RULES) as readonly FusedActivation[];

/**
 * The code the wasm kernels take for an activation: its unary kernel's op code.
 *
 * @example
 * activationCode('relu');  // UNARY_CODES.relu
 */
export function activationCode(activation: FusedActivation): number {
  const code = UNARY_CODES[ACTIVATION_RULES[activation].kernel];
  if (code === undefined) throw new Error(`activationCode: the wasm unary kernel has no code for '${activation}'`);
  return code;
}

/**
 * Whether the fused kernels (which keep only the output) compute this activation with this slope.
 *
 * @example
 * fusable('leakyRelu', -0.5);  // false: the unfused ops run
 */
export function fusable(activation: FusedActivation, slope: number): boolean {
  return ACTIVATION_RULES[activation].fromOutput(slope);
}

/**
 * Arithmetic on float32 numbers: each result rounded with Math.fround, as storing a float32 tensor
 * op's result rounds it (constants too, as they become float32 tensors). Two literal objects rather
 * than one parameterised by the rounding function, so V8 inlines them in the fused kernels' loops.
 *
 * @example
 * ACTIVATION_RULES.tanh.derivative(y, 0, float32Arithmetic);  // fround(1 − fround(y²))
 */
export const float32Arithmetic: Arithmetic<number> = {
  mul: (a, b) => Math.fround(a * b),
  rsub: (c, a) => Math.fround(Math.fround(c) - a),
  square: (a) => Math.fround(a * a),
  positive: (a) => (a > 0 ? 1 : 0),
  positiveOr: (a, otherwise) => (a > 0 ? 1 : Math.fround(otherwise)),
};

/**
 * Arithmetic on float64 numbers, unrounded (float64 tensor ops round nothing further).
 *
 * @example
 * ACTIVATION_RULES.sigmoid.derivative(0.5, 0, float64Arithmetic);  // 0.25 = σ'(0)
 */
export const float64Arithmetic: Arithmetic<number> = {
  mul: (a, b) => a * b,
  rsub: (c, a) => c - a,
  square: (a) => a * a,
  positive: (a) => (a > 0 ? 1 : 0),
  positiveOr: (a, otherwise) => (a > 0 ? 1 : otherwise),
};
