/** Two concentric circles (scikit-learn's `make_circles`). */
import type { Dataset } from '../dataset.js';
import { checkCount, checkNonNegative, pointsDataset, randomOf, type SyntheticOptions } from './synthetic.js';

/** Options of {@link circles}. */
export interface CirclesOptions extends SyntheticOptions {
  /** Total number of points (default 200); the outer circle gets ⌊n/2⌋. */
  samples?: number;
  /** Radius of the inner circle relative to the outer one, in (0, 1) (default 0.5). */
  factor?: number;
  /** Standard deviation of the Gaussian noise added to each coordinate (default 0.05). */
  noise?: number;
}

/**
 * Class 0 on the unit circle, class 1 on a circle of radius `factor`, angles evenly spaced in
 * [0, 2π), plus noise·N(0, I). Seeded, shuffled.
 *
 * @example
 * const data = circles({ samples: 400, factor: 0.3, noise: 0.05, seed: 0 });
 */
export function circles(options: CirclesOptions = {}): Dataset {
  const n = checkCount(options.samples ?? 200, 'samples', 'circles');
  const factor = options.factor ?? 0.5;
  if (!(factor > 0 && factor < 1)) throw new Error(`circles: factor must be in (0, 1), got ${factor}`);
  const noise = checkNonNegative(options.noise ?? 0.05, 'noise', 'circles');
  const random = randomOf(options);
  const outer = Math.floor(n / 2);
  const points: number[] = [];
  const labels: number[] = [];
  const ring = (count: number, radius: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const t = (2 * Math.PI * i) / count;
      points.push(radius * Math.cos(t) + noise * random.normal(), radius * Math.sin(t) + noise * random.normal());
      labels.push(label);
    }
  };
  ring(outer, 1, 0);
  ring(n - outer, factor, 1);
  return pointsDataset(points, labels, 2, 2, random, options);
}
