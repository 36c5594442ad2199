/** Interleaved spirals, the classic hard-for-linear-models classification toy. */
import type { Dataset } from '../dataset.js';
import { checkCount, checkNonNegative, pointsDataset, randomOf, type SyntheticOptions } from './synthetic.js';

/** Options of {@link spirals}. */
export interface SpiralsOptions extends SyntheticOptions {
  /** Points per spiral (default 100). */
  samplesPerClass?: number;
  /** Number of spirals = classes (default 2: the two-spirals problem). */
  classes?: number;
  /** Turns each spiral makes from the centre to radius 1 (default 1). */
  turns?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.02). */
  noise?: number;
}

/**
 * K interleaved spiral arms in the plane, class k the k-th arm: point i of n has
 * t = i / n, radius r = 0.05 + 0.95·t, angle θ = 2π·turns·t + 2πk / K, and
 * x = r·(cos θ, sin θ) + noise·N(0, I). Features `[K·n, 2]`, labels int32; seeded, shuffled.
 *
 * @example
 * const data = spirals({ samplesPerClass: 200, noise: 0.03, seed: 1 }); // 400 points, 2 classes
 */
export function spirals(options: SpiralsOptions = {}): Dataset {
  const n = checkCount(options.samplesPerClass ?? 100, 'samplesPerClass', 'spirals');
  const k = checkCount(options.classes ?? 2, 'classes', 'spirals', 1);
  const turns = options.turns ?? 1;
  if (!Number.isFinite(turns)) throw new Error(`spirals: turns must be finite, got ${turns}`);
  const noise = checkNonNegative(options.noise ?? 0.02, 'noise', 'spirals');
  const random = randomOf(options);
  const points: number[] = [];
  const labels: number[] = [];
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      const t = i / n;
      const r = 0.05 + 0.95 * t;
      const theta = 2 * Math.PI * turns * t + (2 * Math.PI * c) / k;
      points.push(r * Math.cos(theta) + noise * random.normal(), r * Math.sin(theta) + noise * random.normal());
      labels.push(c);
    }
  }
  return pointsDataset(points, labels, 2, k, random, options);
}
