/**
 * Data augmentation: random transformations of a training batch, drawn from a seeded generator so
 * runs stay reproducible (and resumable: the trainer saves the generator).
 */
import { allocate } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { defaultRandom, type Random } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';

/** Maps a batch of inputs to an augmented batch of the same shape. */
export type Augmentation = (x: Tensor) => Tensor;

export interface RandomShiftOptions {
  /** Largest shift in pixels along each axis (shifts are uniform integers in [-max, max]). */
  maxShift: number;
  /** Image size; needed when the batch is flat ([N, H·W]). */
  height: number;
  width: number;
  /** Generator (default: the library-wide one, which checkpoints save). */
  random?: Random;
}

/**
 * Translates each image by a random whole number of pixels, filling with zeros: the classic
 * augmentation for digits (a shifted 3 is still a 3), which makes an MLP generalise better.
 * Accepts [N, H·W] and [N, C, H, W] batches.
 *
 * @example
 * fit(model, { ..., augment: randomShift({ maxShift: 2, height: 28, width: 28 }) });
 */
export function randomShift(options: RandomShiftOptions): Augmentation {
  const { maxShift, height, width } = options;
  if (!Number.isInteger(maxShift) || maxShift < 0) throw new Error(`randomShift: maxShift must be a non-negative integer, got ${maxShift}`);
  return (x: Tensor): Tensor => {
    const random = options.random ?? defaultRandom();
    const pixels = height * width;
    const perSample = x.size / Math.max(x.shape[0] ?? 1, 1);
    if (x.rank < 2 || perSample % pixels !== 0) {
      throw new Error(`randomShift: expected a batch of ${height}x${width} images ([N, ${pixels}] or [N, C, ${height}, ${width}]), got ${formatShape(x.shape)}`);
    }
    const channels = perSample / pixels;
    const out = allocate(x.dtype, x.size);
    const n = x.shape[0]!;
    for (let s = 0; s < n; s++) {
      const dy = random.int(2 * maxShift + 1) - maxShift;
      const dx = random.int(2 * maxShift + 1) - maxShift;
      for (let c = 0; c < channels; c++) {
        const base = (s * channels + c) * pixels;
        for (let y = 0; y < height; y++) {
          const sy = y - dy;
          if (sy < 0 || sy >= height) continue;
          for (let xx = 0; xx < width; xx++) {
            const sx = xx - dx;
            if (sx >= 0 && sx < width) out[base + y * width + xx] = x.data[base + sy * width + sx]!;
          }
        }
      }
    }
    return new Tensor(out, x.shape);
  };
}
