/**
 * act(y + bias) as one op: a layer's bias and the activation after it in one pass forward, and one
 * pass backward that gives both dy·act'(…) and the bias gradient. What `Sequential` runs for a
 * Linear or Conv2d followed by ReLU, LeakyReLU, Sigmoid or Tanh (src/nn/fusion.ts).
 *
 * "Fused" in descent means this and only this: a layer's bias and its activation in one kernel
 * (`biasActivation` here, the convolution's epilogue in `conv2dActivated`, src/ops/conv.ts), with
 * the values and gradients of the two separate ops. Other single-kernel ops (the softmax
 * cross-entropy) and the optimizers' update kernels are not called fused.
 */
import { backend, type FusedActivation } from '../backend/index.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, normalizeAxis, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { fusable } from '../backend/activation-rules.js';
import { activationDerivative, applyActivation } from './activations.js';
import { add, mul, requireFloat } from './elementwise.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';

export type { FusedActivation } from '../backend/index.js';

export interface BiasActivationOptions {
  /** The axis of `y` the bias runs along (default 1: features of [N, F], channels of [N, C, H, W]). */
  axis?: number;
  /** leakyRelu's slope for negative inputs (default 0.01, as `leakyRelu`). */
  negativeSlope?: number;
}

/**
 * The activation op alone (the unfused path): relu(x), leakyRelu(x, negativeSlope), sigmoid(x) or tanh(x).
 *
 * @example
 * activate(x, 'leakyRelu', { negativeSlope: 0.2 });  // leakyRelu(x, 0.2)
 */
export function activate(x: Tensor, activation: FusedActivation, options: BiasActivationOptions = {}): Tensor {
  return applyActivation(x, activation, options.negativeSlope ?? 0.01); // the others ignore the slope
}

/**
 * act(y + bias) with `bias` [C] broadcast along `axis` of `y` — equal, values and gradients, to
 * `act(add(y, reshape(bias, [1, C, 1, …])))`, but in one kernel each way: forward writes only the
 * output, and backward computes dz = dy·act'(out) from the saved output (relu: out > 0) together with
 * the bias gradient Σ dz over every other axis. With `createGraph` the backward is built from
 * differentiable ops instead, so second derivatives are those of the unfused ops. Activations:
 * relu, leakyRelu (slope >= 0; a negative slope takes the unfused path), sigmoid, tanh.
 *
 * On the JS backend every value is the unfused ops' bit for bit, and so is the bias gradient of a
 * 2-D `y`; for higher ranks the bias gradient is one double-precision sum per channel (the unfused
 * `sum` rounds to the dtype after each axis), equal within float32 rounding.
 *
 * @example
 * const y = matmul(x, w);                                   // [32, 128]
 * const h = biasActivation(y, b, 'relu');                   // relu(y + b), b: [128]
 * const c = biasActivation(conv2d(img, k), cb, 'tanh', { axis: 1 });  // per-channel bias [C]
 */
export function biasActivation(y: Tensor, bias: Tensor, activation: FusedActivation, options: BiasActivationOptions = {}): Tensor {
  requireFloat(y, 'biasActivation');
  const a = normalizeAxis(options.axis ?? 1, y.rank, 'biasActivation');
  const channels = y.shape[a]!;
  if (bias.rank !== 1 || bias.shape[0] !== channels) {
    throw new Error(`biasActivation: bias must have shape [${channels}] (axis ${a} of ${formatShape(y.shape)}), got ${formatShape(bias.shape)}`);
  }
  const slope = options.negativeSlope ?? 0.01;
  if (bias.dtype !== y.dtype || !fusable(activation, slope)) {
    return activate(add(y, reshape(bias, y.shape.map((d, i) => (i === a ? d : 1)))), activation, options);
  }
  const outer = sizeOf(y.shape.slice(0, a));
  const inner = sizeOf(y.shape.slice(a + 1));
  const out = allocate(y.dtype, y.size);
  backend().biasActivation(activation, y.data, bias.data, outer, channels, inner, out, slope);
  const result = new Tensor(out, y.shape);
  return record(result, 'biasActivation', [y, bias], (g) => {
    const { dz, dBias } = biasActivationBackward(g, result, bias, activation, slope, a);
    return [y.requiresGrad ? dz : null, dBias];
  });
}

/**
 * The backward of a fused bias + activation whose output is `out`: dz = g·act'(out) and, when the
 * bias requires a gradient, dBias = Σ dz over every axis but `axis`. Under createGraph (or for a
 * gradient of another dtype) it is built from the activation rule's differentiable ops, so second
 * derivatives are those of the unfused ops; otherwise it is one `biasActivationGrad` kernel.
 * Shared by `biasActivation` and `conv2dActivated`.
 *
 * @example
 * const { dz, dBias } = biasActivationBackward(g, out, bias, 'relu', 0.01, 1);
 */
export function biasActivationBackward(g: Tensor, out: Tensor, bias: Tensor, activation: FusedActivation, slope: number, axis: number): { dz: Tensor; dBias: Tensor | null } {
  if (isGradEnabled() || g.dtype !== out.dtype) {
    // createGraph: the unfused VJPs, recorded (they read `out`, which is part of the graph).
    const dz = mul(g, activationDerivative(out, activation, slope));
    const others = out.shape.map((_, i) => i).filter((i) => i !== axis);
    return { dz, dBias: bias.requiresGrad ? sum(dz, others) : null };
  }
  const dz = allocate(out.dtype, out.size);
  const dBias = bias.requiresGrad ? allocate(bias.dtype, bias.size) : null;
  const outer = sizeOf(out.shape.slice(0, axis));
  const inner = sizeOf(out.shape.slice(axis + 1));
  backend().biasActivationGrad(activation, g.data, out.data, outer, out.shape[axis]!, inner, dz, dBias, slope);
  return { dz: new Tensor(dz, out.shape), dBias: dBias ? new Tensor(dBias, bias.shape) : null };
}
