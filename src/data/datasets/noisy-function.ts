/** Noisy samples of a 1-D function: the lecture's "estimate the function from samples". */
import { allocate } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { Dataset } from '../dataset.js';
import { checkCount, checkNonNegative, randomOf, type SyntheticOptions } from './synthetic.js';

/** Options of {@link noisyFunction}. */
export interface NoisyFunctionOptions extends SyntheticOptions {
  /** The function to sample (default `Math.sin`). */
  fn?: (x: number) => number;
  /** Number of samples (default 100). */
  samples?: number;
  /** Interval the inputs come from (default [0, 2π]). */
  range?: readonly [number, number];
  /** Standard deviation of the Gaussian noise added to each output (default 0.1). */
  noise?: number;
  /** `'uniform'` (default): inputs drawn uniformly from the range; `'grid'`: evenly spaced, endpoints included. */
  sampling?: 'uniform' | 'grid';
}

/**
 * Samples (xᵢ, f(xᵢ) + εᵢ) with ε ~ N(0, noise²): features `[N, 1]`, float targets `[N, 1]`, for
 * regression with a mean-squared-error loss. Seeded; uniform inputs come in random order.
 *
 * @example
 * const data = noisyFunction({ fn: (x) => Math.sin(3 * x), range: [-1, 1], samples: 200, noise: 0.05, seed: 4 });
 */
export function noisyFunction(options: NoisyFunctionOptions = {}): Dataset {
  const fn = options.fn ?? Math.sin;
  const n = checkCount(options.samples ?? 100, 'samples', 'noisyFunction');
  const [lo, hi] = options.range ?? [0, 2 * Math.PI];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new Error(`noisyFunction: range must be [lo, hi] with lo ≤ hi, got [${lo}, ${hi}]`);
  const noise = checkNonNegative(options.noise ?? 0.1, 'noise', 'noisyFunction');
  const sampling = options.sampling ?? 'uniform';
  if (sampling !== 'uniform' && sampling !== 'grid') throw new Error(`noisyFunction: sampling must be 'uniform' or 'grid', got '${String(sampling)}'`);
  const random = randomOf(options);
  const dtype = options.dtype ?? 'float32';
  const x = allocate(dtype, n);
  const y = allocate(dtype, n);
  for (let i = 0; i < n; i++) {
    const xi = sampling === 'grid' ? (n > 1 ? lo + ((hi - lo) * i) / (n - 1) : lo) : random.uniformIn(lo, hi);
    x[i] = xi;
    const fx = fn(x[i]!); // at the stored (possibly float32-rounded) input
    if (!Number.isFinite(fx)) throw new Error(`noisyFunction: fn(${xi}) = ${fx} is not finite`);
    y[i] = fx + noise * random.normal();
  }
  return new Dataset(new Tensor(x, [n, 1]), new Tensor(y, [n, 1]));
}
