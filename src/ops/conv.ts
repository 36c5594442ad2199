/**
 * 2-D convolution (cross-correlation, as in every framework) and its two gradients, three ops that
 * differentiate into one another: conv2d(x, w), its input gradient convT(dy, w) = fold(wᵀ·dy) and its
 * weight gradient convW(x, dy) = Σ dy·unfold(x)ᵀ. Each is linear in both arguments, and the adjoint
 * identities ⟨dy, conv(x, w)⟩ = ⟨convT(dy, w), x⟩ = ⟨convW(x, dy), w⟩ give every gradient of every
 * one of them in terms of the three, to any order. The backend computes each in one call (im2col and
 * the GEMM image by image; in wasm the columns never leave its memory). `conv2dActivated` is conv2d
 * with a bias + activation epilogue, the fused op a Sequential runs for Conv2d → ReLU.
 */
import { backend, type WindowGeometry } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate, promote, type DType } from '../tensor/dtype.js';
import { formatShape, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { fusable } from '../backend/activation-rules.js';
import { add, cast } from './elementwise.js';
import { biasActivation, biasActivationBackward, type FusedActivation } from './bias-activation.js';
import { sum } from './reduce.js';
import { reshape } from './shape.js';
import { pair2, windowGeometry, type Size2 } from './window.js';

export interface Conv2dOptions {
  stride?: Size2;
  padding?: Size2;
  dilation?: Size2;
}

/**
 * Convolves an NCHW input with weight [outChannels, inChannels, kH, kW] and an optional bias
 * [outChannels]: out[n, o] = Σ_c w[o, c] ⋆ x[n, c] + b[o], i.e. weight · unfold(x) per image. The
 * gradients come from the conv/convT/convW trio above (tested against finite differences and
 * PyTorch), the bias gradient from the broadcast add.
 *
 * @example
 * conv2d(randn([8, 1, 28, 28]), randn([16, 1, 3, 3]), zeros([16]), { padding: 1 })  // [8, 16, 28, 28]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  const { g, dtype } = checkConv(x, weight, bias ?? null, options);
  // A bias of the result's dtype is added inside the kernel (its gradient: dy summed per channel).
  if (!bias || bias.dtype === dtype) return convolve(cast(x, dtype), cast(weight, dtype), bias ?? null, g);
  return add(convolve(cast(x, dtype), cast(weight, dtype), null, g), reshape(bias, [1, weight.shape[0]!, 1, 1]));
}

/**
 * act(conv2d(x, weight, bias)) with the bias and the activation as the convolution kernel's epilogue
 * (applied to each image's output while it is in cache), and one pass backward for act' and the bias
 * gradient (`biasActivationGrad`) before the two convolution gradients. Values are those of conv2d
 * then the activation bit for bit; the bias gradient is one double-precision sum per channel (equal
 * within float32 rounding to conv2d's per-axis sums). What `Conv2d → ReLU` runs in a Sequential.
 *
 * @example
 * conv2dActivated(images, kernels, bias, 'relu', { padding: 1 });  // relu(conv2d(images, kernels, bias, { padding: 1 }))
 */
export function conv2dActivated(x: Tensor, weight: Tensor, bias: Tensor, activation: FusedActivation, options: Conv2dOptions & { negativeSlope?: number } = {}): Tensor {
  const { g, dtype } = checkConv(x, weight, bias, options);
  const slope = options.negativeSlope ?? 0.01;
  if (bias.dtype !== dtype || !fusable(activation, slope)) {
    return biasActivation(conv2d(x, weight, null, options), bias, activation, { axis: 1, negativeSlope: slope });
  }
  const [xc, wc] = [cast(x, dtype), cast(weight, dtype)];
  const o = weight.shape[0]!;
  const out = allocate(dtype, g.batch * o * g.outH * g.outW);
  backend().conv2dBiasActivation(xc.data, wc.data, bias.data, g, o, activation, slope, out);
  const result = new Tensor(out, [g.batch, o, g.outH, g.outW]);
  return record(result, 'conv2dBiasActivation', [xc, wc, bias], (dy) => {
    const { dz, dBias } = biasActivationBackward(dy, result, bias, activation, slope, 1);
    return [xc.requiresGrad ? convInput(dz, wc, g) : null, wc.requiresGrad ? convWeight(xc, dz, g, wc.shape) : null, dBias];
  });
}

/** Checks conv2d's operands; returns the window geometry and the result's dtype. */
function checkConv(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions): { g: WindowGeometry; dtype: DType } {
  if (weight.rank !== 4) throw new Error(`conv2d: weight must be 4-D [out, in, kH, kW], got ${formatShape(weight.shape)}`);
  if (x.rank !== 4) throw new Error(`conv2d: expected a 4-D NCHW input, got ${formatShape(x.shape)}`);
  const [outChannels, inChannels, kH, kW] = weight.shape as [number, number, number, number];
  if (x.shape[1] !== inChannels) {
    throw new Error(`conv2d: input ${formatShape(x.shape)} has ${x.shape[1]} channels but weight ${formatShape(weight.shape)} expects ${inChannels}`);
  }
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outChannels)) {
    throw new Error(`conv2d: bias must have shape [${outChannels}], got ${formatShape(bias.shape)}`);
  }
  const stride = pair2(options.stride ?? 1, 'stride', 'conv2d', 1);
  const padding = pair2(options.padding ?? 0, 'padding', 'conv2d', 0);
  const dilation = pair2(options.dilation ?? 1, 'dilation', 'conv2d', 1);
  const g = windowGeometry(x, [kH, kW], stride, padding, dilation, 'conv2d');
  const dtype = promote(x.dtype, weight.dtype);
  if (dtype === 'int32') throw new Error(`conv2d: expected floating-point operands, got int32 ${formatShape(x.shape)} and ${formatShape(weight.shape)}`);
  return { g, dtype };
}

/** conv(x, w) (+ b per channel): [N, C, H, W] ⋆ [O, C, kH, kW] → [N, O, outH, outW]. */
function convolve(x: Tensor, w: Tensor, b: Tensor | null, g: WindowGeometry): Tensor {
  const o = w.shape[0]!;
  const out = allocate(x.dtype, g.batch * o * g.outH * g.outW);
  backend().conv2d(x.data, w.data, b ? b.data : null, g, o, out);
  return record(new Tensor(out, [g.batch, o, g.outH, g.outW]), 'conv2d', b ? [x, w, b] : [x, w], (dy) => [
    x.requiresGrad ? convInput(dy, w, g) : null,
    w.requiresGrad ? convWeight(x, dy, g, w.shape) : null,
    b?.requiresGrad ? sum(dy, [0, 2, 3]) : null,
  ]);
}

/** convT(dy, w): the gradient of conv with respect to x, [N, C, H, W]. */
function convInput(dy: Tensor, w: Tensor, g: WindowGeometry): Tensor {
  const shape = [g.batch, g.channels, g.height, g.width];
  const out = allocate(dy.dtype, sizeOf(shape));
  backend().conv2dInputGrad(dy.data, w.data, g, w.shape[0]!, out);
  return record(new Tensor(out, shape), 'conv2dInputGrad', [dy, w], (h) => [
    dy.requiresGrad ? convolve(h, w, null, g) : null,
    w.requiresGrad ? convWeight(h, dy, g, w.shape) : null,
  ]);
}

/** convW(x, dy): the gradient of conv with respect to w, shaped like w. */
function convWeight(x: Tensor, dy: Tensor, g: WindowGeometry, wShape: Shape): Tensor {
  const out = allocate(x.dtype, sizeOf(wShape));
  backend().conv2dWeightGrad(x.data, dy.data, g, wShape[0]!, out);
  return record(new Tensor(out, wShape), 'conv2dWeightGrad', [x, dy], (h) => [
    x.requiresGrad ? convInput(dy, h, g) : null,
    dy.requiresGrad ? convolve(x, h, null, g) : null,
  ]);
}
