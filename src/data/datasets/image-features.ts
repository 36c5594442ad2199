/**
 * Turning 8-bit grey images into feature tensors: pixel bytes scaled to [0, 1] (byte / 255) or kept
 * as 0..255, laid out flat `[N, H·W]` (for an MLP) or as images `[N, 1, H, W]` (NCHW, for a conv net).
 */
import { Tensor } from '../../tensor/tensor.js';

/** How image loaders shape and scale their pixels. */
export interface ImageFeatureOptions {
  /** `'flat'` (default): `[N, H·W]`; `'image'`: `[N, 1, H, W]`. */
  layout?: 'flat' | 'image';
  /** Scale bytes to [0, 1] as byte / 255 (default true); false keeps 0..255. */
  normalize?: boolean;
}

let table: Float32Array | null = null;

/**
 * Float32 features from `n` images of `height × width` bytes, stored one after another.
 *
 * @example
 * const x = imageFeatures(bytes, 2, 28, 28, { layout: 'image' }); // [2, 1, 28, 28], values in [0, 1]
 */
export function imageFeatures(pixels: Uint8Array, n: number, height: number, width: number, options: ImageFeatureOptions = {}): Tensor {
  const normalize = options.normalize ?? true;
  if (!table) {
    table = new Float32Array(256);
    for (let b = 0; b < 256; b++) table[b] = b / 255;
  }
  const lookup = table;
  const out = new Float32Array(n * height * width);
  if (normalize) for (let i = 0; i < out.length; i++) out[i] = lookup[pixels[i]!]!;
  else out.set(pixels.subarray(0, out.length));
  const shape = options.layout === 'image' ? [n, 1, height, width] : [n, height * width];
  return new Tensor(out, shape);
}
