/**
 * What the synthetic generators share: seeding, the output dtype, and packing 2-D points with class
 * labels into a shuffled dataset.
 */
import { allocate } from '../../tensor/dtype.js';
import { Random } from '../../tensor/random.js';
import { Tensor } from '../../tensor/tensor.js';
import { Dataset } from '../dataset.js';

/** Options every synthetic generator takes. */
export interface SyntheticOptions {
  /** Seed of the generator (default 0). Ignored when `random` is given. */
  seed?: number;
  /** A generator to draw from instead of `new Random(seed)`. */
  random?: Random;
  /** Feature dtype (default float32). */
  dtype?: 'float32' | 'float64';
}

/**
 * The generator the options ask for.
 *
 * @example
 * randomOf({ seed: 3 }).uniform(); // same as new Random(3).uniform()
 */
export function randomOf(options: SyntheticOptions): Random {
  return options.random ?? new Random(options.seed ?? 0);
}

/**
 * Checks a count option: an integer ≥ `min` (default 0).
 *
 * @example
 * checkCount(options.samples ?? 200, 'samples', 'moons');
 */
export function checkCount(value: number, name: string, op: string, min = 0): number {
  if (!Number.isInteger(value) || value < min) throw new Error(`${op}: ${name} must be an integer ≥ ${min}, got ${value}`);
  return value;
}

/**
 * Checks a noise or spread option: a finite number ≥ 0.
 *
 * @example
 * checkNonNegative(options.noise ?? 0.1, 'noise', 'moons');
 */
export function checkNonNegative(value: number, name: string, op: string): number {
  if (!Number.isFinite(value) || value < 0) throw new Error(`${op}: ${name} must be a finite number ≥ 0, got ${value}`);
  return value;
}

/**
 * Packs points (row-major, `dims` numbers each) with their class labels into a dataset, in an order
 * shuffled by `random` so that classes are interleaved.
 *
 * @example
 * pointsDataset([0, 0, 1, 1], [0, 1], 2, 2, new Random(0), {}); // 2 points in the plane, 2 classes
 */
export function pointsDataset(points: readonly number[], labels: readonly number[], dims: number, numClasses: number, random: Random, options: SyntheticOptions): Dataset {
  const n = labels.length;
  const order = random.permutation(n);
  const x = allocate(options.dtype ?? 'float32', n * dims);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    for (let d = 0; d < dims; d++) x[i * dims + d] = points[j * dims + d]!;
    y[i] = labels[j]!;
  }
  return new Dataset(new Tensor(x, [n, dims]), new Tensor(y, [n]), { numClasses });
}
