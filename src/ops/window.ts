/** Sliding windows over NCHW images: geometry, and the differentiable unfold / fold pair. */
import { backend, type WindowGeometry } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** A size given as one number for both axes or as [height, width]. */
export type Size2 = number | readonly [number, number];

/** Expands a `Size2` and checks it is made of integers at least `min`. */
export function pair2(value: Size2, name: string, op: string, min: number): [number, number] {
  const [h, w] = typeof value === 'number' ? [value, value] : value;
  if (!Number.isInteger(h) || !Number.isInteger(w) || h < min || w < min) {
    throw new Error(`${op}: ${name} must be integers >= ${min}, got ${JSON.stringify(value)}`);
  }
  return [h, w];
}

/** Computes the output size of a window sweep over `x` ([N, C, H, W]) and checks it is positive. */
export function windowGeometry(x: Tensor, kernel: [number, number], stride: [number, number], padding: [number, number], dilation: [number, number], op: string): WindowGeometry {
  if (x.rank !== 4) throw new Error(`${op}: expected a 4-D NCHW input, got ${formatShape(x.shape)}`);
  const [batch, channels, height, width] = x.shape as [number, number, number, number];
  const outH = Math.floor((height + 2 * padding[0] - dilation[0] * (kernel[0] - 1) - 1) / stride[0]) + 1;
  const outW = Math.floor((width + 2 * padding[1] - dilation[1] * (kernel[1] - 1) - 1) / stride[1]) + 1;
  if (outH < 1 || outW < 1) {
    throw new Error(`${op}: a ${kernel[0]}x${kernel[1]} window (dilation ${dilation.join('x')}, padding ${padding.join('x')}) does not fit the ${height}x${width} input ${formatShape(x.shape)}`);
  }
  return {
    batch, channels, height, width,
    kernelH: kernel[0], kernelW: kernel[1], strideH: stride[0], strideW: stride[1],
    padH: padding[0], padW: padding[1], dilationH: dilation[0], dilationW: dilation[1], outH, outW,
  };
}

/**
 * im2col as a differentiable op: [N, C, H, W] → [N, C·kH·kW, outH·outW]. Padding reads `padValue`
 * (0 for convolution and average pooling, -∞ for max pooling). The gradient folds back (col2im).
 */
export function unfold(x: Tensor, g: WindowGeometry, padValue = 0): Tensor {
  const rows = g.channels * g.kernelH * g.kernelW;
  const out = allocate(x.dtype, g.batch * rows * g.outH * g.outW);
  backend().im2col(x.data, g, padValue, out);
  return record(new Tensor(out, [g.batch, rows, g.outH * g.outW]), 'unfold', [x], (grad) => [fold(grad, g)]);
}

/** col2im as a differentiable op (the adjoint of unfold): sums columns back into the image. */
export function fold(cols: Tensor, g: WindowGeometry): Tensor {
  const shape = [g.batch, g.channels, g.height, g.width];
  const out = allocate(cols.dtype, sizeOf(shape));
  backend().col2im(cols.data, g, out);
  return record(new Tensor(out, shape), 'fold', [cols], (grad) => [unfold(grad, g, 0)]);
}
