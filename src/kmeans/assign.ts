/** Nearest-centre assignment and the K-means cost. */
import type { PointSet } from './points.js';

/** Squared distance from point `i` of `points` to centre `k` of `centres` (both row-major, D columns). */
export function squaredDistance(points: Float64Array, i: number, centres: Float64Array, k: number, dims: number): number {
  let s = 0;
  for (let d = 0; d < dims; d++) {
    const diff = points[i * dims + d]! - centres[k * dims + d]!;
    s += diff * diff;
  }
  return s;
}

/** Index of the nearest centre to point `i` (the first one on ties) and the squared distance to it. */
export function nearestCentre(points: Float64Array, i: number, centres: Float64Array, k: number, dims: number): { index: number; distance: number } {
  let index = 0;
  let distance = Infinity;
  for (let c = 0; c < k; c++) {
    const s = squaredDistance(points, i, centres, c, dims);
    if (s < distance) {
      distance = s;
      index = c;
    }
  }
  return { index, distance };
}

/**
 * The K-means cost: the mean over all points of the squared distance to the nearest centre,
 * E = (1/N) Σᵢ minₖ ‖xᵢ − cₖ‖².
 *
 * @example
 * kMeansCost({ data: Float64Array.of(0, 0, 2, 0), count: 2, dims: 2 }, Float64Array.of(1, 0));   // 1
 */
export function kMeansCost(points: PointSet, centres: Float64Array): number {
  const k = centres.length / points.dims;
  let total = 0;
  for (let i = 0; i < points.count; i++) total += nearestCentre(points.data, i, centres, k, points.dims).distance;
  return total / points.count;
}

/** The nearest centre of every point. */
export function assignPoints(points: PointSet, centres: Float64Array): Int32Array {
  const k = centres.length / points.dims;
  const out = new Int32Array(points.count);
  for (let i = 0; i < points.count; i++) out[i] = nearestCentre(points.data, i, centres, k, points.dims).index;
  return out;
}
