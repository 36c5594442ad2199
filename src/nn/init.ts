/**
 * Weight initialisation, in place, from the seeded generator (`options.random`, default the
 * library-wide `defaultRandom()`), with PyTorch's `torch.nn.init` formulas. Values are drawn
 * row-major, one uniform (or normal) sample per element, so a seed fixes the weights on every
 * platform. Imported as a namespace: `init.kaimingUniform(w)`.
 */
import { formatShape, type Shape } from '../tensor/shape.js';
import { defaultRandom, type Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';

/** Names accepted by {@link calculateGain} (PyTorch's, in camelCase). */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Which fan scales the variance: fanIn keeps the forward variance, fanOut the backward one. */
export type FanMode = 'fanIn' | 'fanOut';

export interface InitOptions {
  /** Generator to draw from (default: `defaultRandom()`, reseeded by `manualSeed`). */
  random?: Random;
}

export interface XavierOptions extends InitOptions {
  /** Scale factor (default 1); use `calculateGain(nonlinearity)`. */
  gain?: number;
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the rectifier after this layer (only for 'leakyRelu'; default 0). */
  a?: number;
  /** Default 'fanIn'. */
  mode?: FanMode;
  /** Default 'leakyRelu' (with a = 0 that is ReLU's gain √2), as in PyTorch. */
  nonlinearity?: Nonlinearity;
}

/**
 * The recommended gain for a nonlinearity (PyTorch's `calculate_gain`): 1 for linear, conv and
 * sigmoid; 5/3 for tanh; √2 for relu; √(2/(1+slope²)) for leakyRelu (slope `param`, default 0.01);
 * 3/4 for selu.
 *
 * @example
 * calculateGain('relu');            // 1.4142135623730951
 * calculateGain('leakyRelu', 0.2);  // 1.3867504905630728
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'convTranspose1d': case 'convTranspose2d': case 'convTranspose3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new Error(`calculateGain: negative slope ${slope} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'; valid: linear, conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, sigmoid, tanh, relu, leakyRelu, selu`);
  }
}

/**
 * [fanIn, fanOut] of a weight shape: for [out, in, ...kernel], fanIn = in·∏kernel and
 * fanOut = out·∏kernel (PyTorch's `_calculate_fan_in_and_fan_out`). Needs at least 2 dimensions.
 *
 * @example
 * calculateFanInAndFanOut([16, 3, 5, 5]);  // [75, 400]
 */
export function calculateFanInAndFanOut(shape: Shape): [number, number] {
  if (shape.length < 2) throw new Error(`init: fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions, got ${formatShape(shape)}`);
  const receptive = shape.slice(2).reduce((n, d) => n * d, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

function fill(t: Tensor, op: string, sample: () => number): Tensor {
  if (t.dtype === 'int32') throw new Error(`init.${op}: expected a float32 or float64 tensor, got int32 of shape ${formatShape(t.shape)}`);
  const data = t.data;
  for (let i = 0; i < data.length; i++) data[i] = sample();
  return t;
}

/**
 * Fills with U(low, high) samples.
 *
 * @example
 * init.uniform(w, -0.1, 0.1, { random: new Random(0) });
 */
export function uniform(t: Tensor, low = 0, high = 1, options: InitOptions = {}): Tensor {
  if (!(low <= high)) throw new Error(`init.uniform: low ${low} must not exceed high ${high}`);
  const r = options.random ?? defaultRandom();
  return fill(t, 'uniform', () => r.uniformIn(low, high));
}

/** Fills with N(mean, std²) samples. @example init.normal(w, 0, 0.02); */
export function normal(t: Tensor, mean = 0, std = 1, options: InitOptions = {}): Tensor {
  if (!(std >= 0)) throw new Error(`init.normal: std must be >= 0, got ${std}`);
  const r = options.random ?? defaultRandom();
  return fill(t, 'normal', () => mean + std * r.normal());
}

/** Fills with `value`. @example init.constant(b, 0.1); */
export function constant(t: Tensor, value: number): Tensor {
  return fill(t, 'constant', () => value);
}

/** Fills with 0. @example init.zeros(layer.bias); */
export function zeros(t: Tensor): Tensor {
  return constant(t, 0);
}

/** Fills with 1. @example init.ones(bn.weight); */
export function ones(t: Tensor): Tensor {
  return constant(t, 1);
}

/**
 * Xavier/Glorot uniform (Glorot & Bengio, 2010): U(−a, a) with a = gain·√(6/(fanIn+fanOut)).
 *
 * @example
 * init.xavierUniform(linear.weight, { gain: init.calculateGain('tanh') });
 */
export function xavierUniform(t: Tensor, options: XavierOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  const a = Math.sqrt(3) * std;
  return uniform(t, -a, a, options);
}

/** Xavier/Glorot normal: N(0, std²) with std = gain·√(2/(fanIn+fanOut)). @example init.xavierNormal(w); */
export function xavierNormal(t: Tensor, options: XavierOptions = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const std = (options.gain ?? 1) * Math.sqrt(2 / (fanIn + fanOut));
  return normal(t, 0, std, options);
}

function kaimingStd(t: Tensor, options: KaimingOptions, op: string): number {
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new Error(`init.${op}: mode must be 'fanIn' or 'fanOut', got ${JSON.stringify(mode)}`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const gain = calculateGain(options.nonlinearity ?? 'leakyRelu', options.a ?? 0);
  return gain / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * He/Kaiming uniform (He et al., 2015): U(−b, b) with b = gain·√(3/fan), gain from
 * `calculateGain(nonlinearity, a)`. With a = √5 (PyTorch's Linear/Conv default) b = 1/√fanIn.
 *
 * @example
 * init.kaimingUniform(conv.weight, { nonlinearity: 'relu' });
 */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  if (t.size === 0) return t;
  const bound = Math.sqrt(3) * kaimingStd(t, options, 'kaimingUniform');
  return uniform(t, -bound, bound, options);
}

/** He/Kaiming normal: N(0, std²) with std = gain/√fan. @example init.kaimingNormal(w, { mode: 'fanOut', nonlinearity: 'relu' }); */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  if (t.size === 0) return t;
  return normal(t, 0, kaimingStd(t, options, 'kaimingNormal'), options);
}

/**
 * PyTorch's default for Linear and Conv layers: weight by kaimingUniform with a = √5, i.e.
 * U(−1/√fanIn, 1/√fanIn), then the bias from U(−1/√fanIn, 1/√fanIn). Weight first, then bias.
 *
 * @example
 * init.defaultLayerInit(linear.weight, linear.bias, { random: new Random(1) });
 */
export function defaultLayerInit(weight: Tensor, bias: Tensor | null, options: InitOptions = {}): void {
  kaimingUniform(weight, { ...options, a: Math.sqrt(5) });
  if (bias !== null) {
    const [fanIn] = calculateFanInAndFanOut(weight.shape);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, -bound, bound, options);
  }
}
