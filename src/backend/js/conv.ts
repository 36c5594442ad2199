/**
 * Convolution and its two gradients as the reference kernels compose them: im2col, then one matrix
 * product per image (the weight broadcast over the batch), col2im for the input gradient and a
 * double-precision sum over the batch for the weight gradient — the arithmetic of unfold → matmul →
 * fold with autograd, so float64 results are those PyTorch parity was checked on.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { WindowGeometry } from '../backend.js';
import { matmul } from './matmul.js';
import { reduce } from './reduce.js';
import { col2im, im2col } from './window.js';

/** A zeroed array of x's type. */
function like(x: TypedArray, n: number): TypedArray {
  return new (x.constructor as new (n: number) => TypedArray)(n);
}

/** Offsets of `count` consecutive blocks of `size` elements (and all zeros for a broadcast operand). */
function offsets(count: number, size: number): Int32Array {
  return Int32Array.from({ length: count }, (_, i) => i * size);
}

export function conv2d(x: TypedArray, weight: TypedArray, bias: TypedArray | null, g: WindowGeometry, outChannels: number, out: TypedArray): void {
  const rows = g.channels * g.kernelH * g.kernelW;
  const l = g.outH * g.outW;
  const cols = like(x, g.batch * rows * l);
  im2col(x, g, 0, cols);
  matmul(weight, cols, out, outChannels, rows, l, false, false, new Int32Array(g.batch), offsets(g.batch, rows * l));
  if (bias === null) return;
  // The product is rounded to out's type before the bias is added, as matmul then add would.
  for (let img = 0; img < g.batch * outChannels; img++) {
    const b = bias[img % outChannels]!;
    for (let i = img * l, end = i + l; i < end; i++) out[i] = out[i]! + b;
  }
}

export function maxPoolIndices(x: TypedArray, g: WindowGeometry, out: Int32Array): void {
  const { batch, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW } = g;
  let o = 0;
  for (let img = 0; img < batch; img++) {
    const base = img * height * width;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, o++) {
        let best = NaN;
        let at = -1;
        for (let ki = 0; ki < kernelH && !(at >= 0 && best !== best); ki++) {
          const y = oy * strideH - padH + ki * dilationH;
          if (y < 0 || y >= height) continue;
          for (let kj = 0; kj < kernelW; kj++) {
            const xx = ox * strideW - padW + kj * dilationW;
            if (xx < 0 || xx >= width) continue;
            const v = x[base + y * width + xx]!;
            // The first position inside starts; then NaN or a strictly larger value replaces, and a
            // NaN stops the search (the reduce kernel's rule: the first maximum wins, NaN propagates).
            if (at < 0 || v !== v || v > best) {
              best = v;
              at = y * width + xx;
              if (v !== v) break;
            }
          }
        }
        out[o] = at;
      }
    }
  }
}

export function conv2dInputGrad(dy: TypedArray, weight: TypedArray, g: WindowGeometry, outChannels: number, out: TypedArray): void {
  const rows = g.channels * g.kernelH * g.kernelW;
  const l = g.outH * g.outW;
  const cols = like(dy, g.batch * rows * l);
  matmul(weight, dy, cols, rows, outChannels, l, true, false, new Int32Array(g.batch), offsets(g.batch, outChannels * l));
  out.fill(0);
  col2im(cols, g, out);
}

export function conv2dWeightGrad(x: TypedArray, dy: TypedArray, g: WindowGeometry, outChannels: number, out: TypedArray): void {
  const rows = g.channels * g.kernelH * g.kernelW;
  const l = g.outH * g.outW;
  const cols = like(x, g.batch * rows * l);
  im2col(x, g, 0, cols);
  const perImage = like(x, g.batch * outChannels * rows);
  matmul(dy, cols, perImage, outChannels, l, rows, false, true, offsets(g.batch, outChannels * l), offsets(g.batch, rows * l));
  reduce('sum', perImage, 1, g.batch, outChannels * rows, out);
}
