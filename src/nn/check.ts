/** Argument checks shared by the layers' constructors and forwards; messages name the layer. */
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Size2 } from '../ops/window.js';

export type { Size2 };

/** Throws unless `value` is an integer >= `min` (1 by default). */
export function checkInteger(value: unknown, what: string, layer: string, min = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new Error(`${layer}: ${what} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number (of either sign). */
export function checkFinite(value: unknown, what: string, layer: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${layer}: ${what} must be a finite number, got ${String(value)}`);
  return value;
}

/** Throws unless `value` is a finite number > 0 (or >= 0 when `allowZero`). */
export function checkPositive(value: unknown, what: string, layer: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new Error(`${layer}: ${what} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(value)}`);
  }
  return value;
}

/** Expands a `Size2` to [h, w] and checks both are integers >= `min`. */
export function checkSize2(value: Size2, what: string, layer: string, min = 1): [number, number] {
  const [h, w] = typeof value === 'number' ? [value, value] : Array.isArray(value) && value.length === 2 ? value : [NaN, NaN];
  if (!Number.isInteger(h) || !Number.isInteger(w) || h! < min || w! < min) {
    throw new Error(`${layer}: ${what} must be an integer >= ${min} or a pair of them, got ${JSON.stringify(value)}`);
  }
  return [h!, w!];
}

/** Throws unless `x` is a 4-D NCHW tensor with `channels` channels (when given). */
export function checkImage(x: Tensor, layer: string, channels?: number): void {
  if (x.rank !== 4) throw new Error(`${layer}: expected a 4-D NCHW input, got ${formatShape(x.shape)}`);
  if (channels !== undefined && x.shape[1] !== channels) {
    throw new Error(`${layer}: expected ${channels} input channels (NCHW), got ${formatShape(x.shape)}`);
  }
}

/** `[h,w]` as `3` when square, else `[3,5]`, for reprs. */
export function formatSize2(size: readonly [number, number]): string {
  return size[0] === size[1] ? String(size[0]) : `[${size[0]},${size[1]}]`;
}
