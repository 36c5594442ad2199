/** Index arithmetic for iterating an output shape while reading broadcast inputs. */
import type { Shape } from './shape.js';

/** Strides of `shape` aligned to `outShape`'s rank, 0 where the input is broadcast. */
export function broadcastStrides(shape: Shape, outShape: Shape): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const axis = rank - shape.length + i;
    strides[axis] = shape[i] === 1 && outShape[axis] !== 1 ? 0 : s;
    s *= shape[i]!;
  }
  return strides;
}

/**
 * Fills `index` with, for every output position (row-major), the position to read in an input of
 * `shape` broadcast to `outShape`. Used by the general (slow) path of broadcasting kernels.
 */
export function broadcastIndex(shape: Shape, outShape: Shape, size: number): Int32Array {
  const strides = broadcastStrides(shape, outShape);
  const rank = outShape.length;
  const index = new Int32Array(size);
  const counter = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let i = 0; i < size; i++) {
    index[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      pos += strides[d]!;
      if (counter[d]! < outShape[d]!) break;
      pos -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return index;
}

/**
 * How an input relates to the output, for fast paths: 'same' (same size, no broadcast), 'scalar'
 * (one element), 'suffix' (the input repeats every `inputSize` elements: its shape is a suffix of
 * the output shape) or 'general'.
 */
export function broadcastKind(shape: Shape, outShape: Shape, inputSize: number, outSize: number): 'same' | 'scalar' | 'suffix' | 'general' {
  if (inputSize === outSize) return 'same';
  if (inputSize === 1) return 'scalar';
  let i = 0;
  while (i < shape.length && shape[i] === 1) i++;
  const core = shape.slice(i);
  const tail = outShape.slice(outShape.length - core.length);
  return core.every((d, j) => d === tail[j]) ? 'suffix' : 'general';
}
