/** 2-D convolution (cross-correlation, as in every framework) by im2col + matrix product. */
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './elementwise.js';
import { matmul } from './matmul.js';
import { reshape } from './shape.js';
import { pair2, unfold, windowGeometry, type Size2 } from './window.js';

export interface Conv2dOptions {
  stride?: Size2;
  padding?: Size2;
  dilation?: Size2;
}

/**
 * Convolves an NCHW input with weight [outChannels, inChannels, kH, kW] and an optional bias
 * [outChannels]. Written as unfold → matmul → reshape, so its gradient (w.r.t. input, weight and
 * bias) comes from those ops' rules: nothing convolution-specific to get wrong in backward.
 *
 * @example
 * conv2d(randn([8, 1, 28, 28]), randn([16, 1, 3, 3]), zeros([16]), { padding: 1 })  // [8, 16, 28, 28]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
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
  const cols = unfold(x, g, 0); // [N, C·kH·kW, L]
  const out = matmul(reshape(weight, [outChannels, inChannels * kH * kW]), cols); // [N, O, L]
  const image = reshape(out, [g.batch, outChannels, g.outH, g.outW]);
  return bias ? add(image, reshape(bias, [1, outChannels, 1, 1])) : image;
}
