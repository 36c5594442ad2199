/** Seeded choice of the initial centres. */
import type { Random } from '../tensor/random.js';
import { nearestCentre } from './assign.js';
import type { PointSet } from './points.js';

/**
 * How to start: `random` (k distinct data points drawn uniformly; the lecture's setting, with its
 * large variation between runs), `k-means++` (Arthur & Vassilvitskii 2007: each next centre drawn
 * with probability ∝ squared distance to the nearest chosen one), or explicit centres.
 */
export type KMeansInit = 'random' | 'k-means++' | readonly (readonly number[])[];

/** The k initial centres, row-major. */
export function initialCentres(points: PointSet, k: number, init: KMeansInit, random: Random): Float64Array {
  const { data, count, dims } = points;
  const out = new Float64Array(k * dims);
  if (typeof init !== 'string') {
    if (init.length !== k || init.some((c) => c.length !== dims || !c.every(Number.isFinite))) {
      throw new Error(`kMeans: init must give ${k} centres of ${dims} finite coordinates`);
    }
    init.forEach((c, j) => out.set(c, j * dims));
    return out;
  }
  if (k > count) throw new Error(`kMeans: k = ${k} centres but only ${count} points`);
  if (init === 'random') {
    const order = random.permutation(count);
    for (let j = 0; j < k; j++) out.set(data.subarray(order[j]! * dims, (order[j]! + 1) * dims), j * dims);
    return out;
  }
  if (init !== 'k-means++') throw new Error(`kMeans: unknown init '${String(init)}' (valid: random, k-means++, or a list of centres)`);
  const first = random.int(count);
  out.set(data.subarray(first * dims, (first + 1) * dims), 0);
  const d2 = new Float64Array(count);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < count; i++) {
      d2[i] = nearestCentre(data, i, out, j, dims).distance;
      total += d2[i]!;
    }
    let pick = count - 1;
    let u = random.uniform() * total;
    for (let i = 0; i < count; i++) {
      u -= d2[i]!;
      if (u < 0) {
        pick = i;
        break;
      }
    }
    out.set(data.subarray(pick * dims, (pick + 1) * dims), j * dims);
  }
  return out;
}
