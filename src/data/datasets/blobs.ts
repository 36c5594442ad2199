/** Isotropic Gaussian clusters (scikit-learn's `make_blobs`). */
import type { Dataset } from '../dataset.js';
import { checkCount, checkNonNegative, pointsDataset, randomOf, type SyntheticOptions } from './synthetic.js';

/** Options of {@link blobs}. */
export interface BlobsOptions extends SyntheticOptions {
  /** Total number of points (default 300), shared evenly (the first clusters get the remainder). */
  samples?: number;
  /** Cluster centres (rows of `dims` numbers), or how many to draw uniformly in `box` (default 3). */
  centers?: number | readonly (readonly number[])[];
  /** Standard deviation of each cluster (one for all, or one per cluster; default 1). */
  std?: number | readonly number[];
  /** Dimension of the points when `centers` is a count (default 2). */
  dims?: number;
  /** Range the random centres are drawn from (default [-10, 10]). */
  box?: readonly [number, number];
}

/**
 * Points around K centres, class k drawn from N(centre_k, std_k² I). Seeded, shuffled.
 *
 * @example
 * const data = blobs({ samples: 600, centers: [[0, 0], [4, 4], [0, 4]], std: 0.8, seed: 2 });
 */
export function blobs(options: BlobsOptions = {}): Dataset {
  const n = checkCount(options.samples ?? 300, 'samples', 'blobs');
  const random = randomOf(options);
  let centers: (readonly number[])[];
  if (typeof (options.centers ?? 3) === 'number') {
    const k = checkCount((options.centers as number | undefined) ?? 3, 'centers', 'blobs', 1);
    const dims = checkCount(options.dims ?? 2, 'dims', 'blobs', 1);
    const [lo, hi] = options.box ?? [-10, 10];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw new Error(`blobs: box must be [lo, hi] with lo ≤ hi, got [${lo}, ${hi}]`);
    centers = Array.from({ length: k }, () => Array.from({ length: dims }, () => random.uniformIn(lo, hi)));
  } else {
    centers = (options.centers as readonly (readonly number[])[]).map((c) => [...c]);
    if (centers.length === 0 || centers.some((c) => c.length !== centers[0]!.length || c.length === 0 || !c.every(Number.isFinite))) {
      throw new Error('blobs: centers must be a non-empty list of rows of equal length with finite numbers');
    }
  }
  const k = centers.length;
  const dims = centers[0]!.length;
  const stds = typeof (options.std ?? 1) === 'number' ? centers.map(() => (options.std as number | undefined) ?? 1) : [...(options.std as readonly number[])];
  if (stds.length !== k) throw new Error(`blobs: ${stds.length} standard deviations for ${k} centres`);
  stds.forEach((s) => checkNonNegative(s, 'std', 'blobs'));
  const points: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    const count = Math.floor(n / k) + (c < n % k ? 1 : 0);
    for (let i = 0; i < count; i++) {
      for (let d = 0; d < dims; d++) points.push(centers[c]![d]! + stds[c]! * random.normal());
      labels.push(c);
    }
  }
  return pointsDataset(points, labels, dims, k, random, options);
}
