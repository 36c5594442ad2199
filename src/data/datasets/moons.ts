/** Two interleaving half circles (scikit-learn's `make_moons`). */
import type { Dataset } from '../dataset.js';
import { checkCount, checkNonNegative, pointsDataset, randomOf, type SyntheticOptions } from './synthetic.js';

/** Options of {@link moons}. */
export interface MoonsOptions extends SyntheticOptions {
  /** Total number of points (default 200); the outer moon gets ⌊n/2⌋. */
  samples?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.1). */
  noise?: number;
}

/**
 * Class 0 on the upper half circle (cos t, sin t), class 1 on the lower one
 * (1 − cos t, 0.5 − sin t), t evenly spaced in [0, π], plus noise·N(0, I). Seeded, shuffled.
 *
 * @example
 * const data = moons({ samples: 500, noise: 0.15, seed: 3 });
 */
export function moons(options: MoonsOptions = {}): Dataset {
  const n = checkCount(options.samples ?? 200, 'samples', 'moons');
  const noise = checkNonNegative(options.noise ?? 0.1, 'noise', 'moons');
  const random = randomOf(options);
  const outer = Math.floor(n / 2);
  const points: number[] = [];
  const labels: number[] = [];
  const arc = (count: number, label: number, at: (t: number) => [number, number]): void => {
    for (let i = 0; i < count; i++) {
      const [x, y] = at(count > 1 ? (Math.PI * i) / (count - 1) : 0);
      points.push(x + noise * random.normal(), y + noise * random.normal());
      labels.push(label);
    }
  };
  arc(outer, 0, (t) => [Math.cos(t), Math.sin(t)]);
  arc(n - outer, 1, (t) => [1 - Math.cos(t), 0.5 - Math.sin(t)]);
  return pointsDataset(points, labels, 2, 2, random, options);
}
