/**
 * The activations, one row each: the unary kernel that computes the forward, its scalar rule (what
 * the JS kernels compute per element), and the derivative written once over an {@link Arithmetic}.
 * That one derivative is, evaluated on tensors, the differentiable VJP (src/ops/activations.ts); on
 * rounded numbers, the JS fused kernel's loop (src/backend/js/fused.ts); on AssemblyScript float32x4
 * expressions, the wasm fused kernel's code (scripts/assembly-activations.ts generates it) — the same
 * operations everywhere, and so the same bits. The wasm kernels take an activation as its unary
 * kernel's op code (src/backend/wasm/codes.ts, from which the AssemblyScript constants are generated).
 *
 * The fused kernels keep only the output y = act(z), so they run an activation only when its
 * derivative is a function of y: always for relu, sigmoid and tanh, and for leakyRelu when its slope
 * is >= 0 (then y > 0 exactly when z > 0). elu, softplus, gelu and silu differentiate from the input.
 */
import { erf } from './js/erf.js';
import type { FusedActivation, UnaryKernel } from './backend.js';
import { UNARY_CODES } from './wasm/codes.js';

/** Every activation with a row in the table (the fused kernels take the {@link FusedActivation}s). */
export type Activation = FusedActivation | 'elu' | 'softplus' | 'gelu' | 'silu';

/**
 * The operations a derivative rule is written in. On tensors they are the differentiable ops (so a
 * VJP built from them has gradients of its own); on numbers each result is rounded to the data's
 * dtype, as storing a tensor op's result would round it (constants too, as they become tensors).
 */
export interface Arithmetic<T> {
  /** a·b. */
  mul(a: T, b: T | number): T;
  /** a + b. */
  add(a: T, b: T | number): T;
  /** c − a for a constant c. */
  rsub(c: number, a: T): T;
  /** a². */
  square(a: T): T;
  /** eᵃ. */
  exp(a: T): T;
  /** erf(a). */
  erf(a: T): T;
  /** 1/(1 + e⁻ᵃ) (on tensors the sigmoid op, so differentiable). */
  sigmoid(a: T): T;
  /** 1 where a > 0, else 0 (NaN gives 0). */
  positive(a: T): T;
  /** 1 where a > `threshold`, else `otherwise` (a constant is rounded to the dtype). */
  oneAbove(a: T, threshold: number, otherwise: T | number): T;
}

/** One activation: its forward, its derivative and its kernel. */
export interface ActivationRule {
  /** The unary kernel computing the forward (named as the activation). */
  readonly kernel: UnaryKernel & Activation;
  /**
   * act(z) in double precision, as the JS unary kernel of the same name computes it. `p0`, `p1`
   * are its parameters, as the unary kernel takes them: leakyRelu's negative slope, elu's α,
   * softplus's β and threshold.
   */
  forward(z: number, p0: number, p1: number): number;
  /**
   * What {@link ActivationRule.derivative} reads: the output y = act(z) (exact for sigmoid, tanh and
   * relu, and what their VJPs save), or the input z.
   */
  readonly from: 'output' | 'input';
  /** act'(z), from y or z as `from` says. */
  derivative<T>(v: T, p0: number, p1: number, a: Arithmetic<T>): T;
  /** Whether the derivative is the same function of the output y too (what the fused kernels need). */
  fromOutput(p0: number): boolean;
}

const always = (): boolean => true;
const never = (): boolean => false;

/**
 * The activation table.
 *
 * @example
 * ACTIVATION_RULES.sigmoid.derivative(0.5, 0, 0, float64Arithmetic);  // 0.25 = σ'(0)
 */
export const ACTIVATION_RULES: { readonly [K in Activation]: ActivationRule & { readonly kernel: K } } = {
  relu: {
    kernel: 'relu',
    // NOTE: `z > 0 ? z : 0` (not Math.max) so NaN propagates and −0 becomes +0.
    forward: (z) => (z > 0 ? z : z !== z ? z : 0),
    from: 'output',
    // 0 at z = 0, as in PyTorch (an even tie split of max(z, 0) would give 0.5).
    derivative: (y, _p0, _p1, a) => a.positive(y),
    fromOutput: always,
  },
  leakyRelu: {
    kernel: 'leakyRelu',
    forward: (z, slope) => (z > 0 ? z : z * slope),
    from: 'input',
    // `slope` at z = 0, PyTorch's convention.
    derivative: (z, slope, _p1, a) => a.oneAbove(z, 0, slope),
    fromOutput: (slope) => slope >= 0 && slope < Infinity,
  },
  sigmoid: {
    kernel: 'sigmoid',
    forward: (z) => 1 / (1 + Math.exp(-z)),
    from: 'output',
    // σ' = σ(1 − σ)
    derivative: (y, _p0, _p1, a) => a.mul(y, a.rsub(1, y)),
    fromOutput: always,
  },
  tanh: {
    kernel: 'tanh',
    forward: Math.tanh,
    from: 'output',
    // tanh' = 1 − tanh²
    derivative: (y, _p0, _p1, a) => a.rsub(1, a.square(y)),
    fromOutput: always,
  },
  elu: {
    kernel: 'elu',
    // z for z > 0, α(eᶻ − 1) otherwise (Clevert et al., 2016).
    forward: (z, alpha) => (z > 0 ? z : alpha * Math.expm1(z)),
    from: 'input',
    derivative: (z, alpha, _p1, a) => a.oneAbove(z, 0, a.mul(a.exp(z), alpha)),
    fromOutput: never,
  },
  softplus: {
    kernel: 'softplus',
    // log(1 + e^{βz})/β, and z itself where βz > threshold (PyTorch's overflow guard).
    forward: (z, beta, threshold) => (z * beta > threshold ? z : Math.log1p(Math.exp(z * beta)) / beta),
    from: 'input',
    // σ(βz), 1 past the threshold.
    derivative: (z, beta, threshold, a) => {
      const bz = a.mul(z, beta);
      return a.oneAbove(bz, threshold, a.sigmoid(bz));
    },
    fromOutput: never,
  },
  gelu: {
    kernel: 'gelu',
    // z·Φ(z) with the exact Gaussian CDF Φ(z) = (1 + erf(z/√2))/2 (Hendrycks & Gimpel, 2016).
    forward: (z) => z * 0.5 * (1 + erf(z * Math.SQRT1_2)),
    from: 'input',
    // Φ(z) + z·φ(z)
    derivative: (z, _p0, _p1, a) => {
      const cdf = a.mul(a.add(a.erf(a.mul(z, Math.SQRT1_2)), 1), 0.5);
      const pdf = a.mul(a.exp(a.mul(a.square(z), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return a.add(cdf, a.mul(z, pdf));
    },
    fromOutput: never,
  },
  silu: {
    kernel: 'silu',
    // z·σ(z) (SiLU / swish).
    forward: (z) => z / (1 + Math.exp(-z)),
    from: 'input',
    // σ(z)(1 + z(1 − σ(z)))
    derivative: (z, _p0, _p1, a) => {
      const s = a.sigmoid(z);
      return a.mul(s, a.add(a.mul(z, a.rsub(1, s)), 1));
    },
    fromOutput: never,
  },
};

/** The fusable activations' names (the {@link FusedActivation}s), in table order. */
export const ACTIVATIONS: readonly FusedActivation[] = ['relu', 'leakyRelu', 'sigmoid', 'tanh'];

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
 * Whether the fused kernels (which keep only the output) compute this activation with this
 * parameter (leakyRelu's slope).
 *
 * @example
 * fusable('leakyRelu', -0.5);  // false: the unfused ops run
 */
export function fusable(activation: FusedActivation, p0: number): boolean {
  return ACTIVATION_RULES[activation].fromOutput(p0);
}

const fround = Math.fround;

/**
 * Arithmetic on float32 numbers: each result rounded with Math.fround, as storing a float32 tensor
 * op's result rounds it (constants too, as they become float32 tensors), and the transcendental ones
 * computed in double as the JS unary kernels compute them. Two literal objects rather than one
 * parameterised by the rounding function, so the JIT inlines them in the fused kernels' loops.
 *
 * @example
 * ACTIVATION_RULES.tanh.derivative(y, 0, 0, float32Arithmetic);  // fround(1 − fround(y²))
 */
export const float32Arithmetic: Arithmetic<number> = {
  mul: (a, b) => fround(a * fround(b)),
  add: (a, b) => fround(a + fround(b)),
  rsub: (c, a) => fround(fround(c) - a),
  square: (a) => fround(a * a),
  exp: (a) => fround(Math.exp(a)),
  erf: (a) => fround(erf(a)),
  sigmoid: (a) => fround(ACTIVATION_RULES.sigmoid.forward(a, 0, 0)),
  positive: (a) => (a > 0 ? 1 : 0),
  oneAbove: (a, threshold, otherwise) => (a > fround(threshold) ? 1 : fround(otherwise)),
};

/**
 * Arithmetic on float64 numbers, unrounded (float64 tensor ops round nothing further).
 *
 * @example
 * ACTIVATION_RULES.sigmoid.derivative(0.5, 0, 0, float64Arithmetic);  // 0.25 = σ'(0)
 */
export const float64Arithmetic: Arithmetic<number> = {
  mul: (a, b) => a * b,
  add: (a, b) => a + b,
  rsub: (c, a) => c - a,
  square: (a) => a * a,
  exp: Math.exp,
  erf,
  sigmoid: (a) => ACTIVATION_RULES.sigmoid.forward(a, 0, 0),
  positive: (a) => (a > 0 ? 1 : 0),
  oneAbove: (a, threshold, otherwise) => (a > threshold ? 1 : otherwise),
};
