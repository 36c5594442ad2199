/** The points K-means clusters, as one flat float64 array of N rows of D numbers. */
import { Tensor } from '../tensor/tensor.js';

/** N points of dimension D, row-major. */
export interface PointSet {
  readonly data: Float64Array;
  readonly count: number;
  readonly dims: number;
}

/** Anything K-means accepts as data: a tensor [N, D], rows of numbers, or a {@link PointSet}. */
export type KMeansData = Tensor | readonly (readonly number[])[] | PointSet;

/** The data as a {@link PointSet}, checked (non-empty, equal row lengths, finite values). */
export function toPointSet(data: KMeansData, owner = 'kMeans'): PointSet {
  let set: PointSet;
  if (data instanceof Tensor) {
    if (data.rank !== 2) throw new Error(`${owner}: expected points of shape [N, D], got [${data.shape.join(', ')}]`);
    set = { data: Float64Array.from(data.data), count: data.shape[0]!, dims: data.shape[1]! };
  } else if (Array.isArray(data)) {
    const rows = data as readonly (readonly number[])[];
    const dims = rows[0]?.length ?? 0;
    if (rows.some((r) => r.length !== dims)) throw new Error(`${owner}: every point needs ${dims} coordinates`);
    set = { data: Float64Array.from(rows.flat()), count: rows.length, dims };
  } else {
    set = data as PointSet;
    if (set.data.length !== set.count * set.dims) throw new Error(`${owner}: ${set.data.length} numbers for ${set.count} points of dimension ${set.dims}`);
  }
  if (set.count === 0 || set.dims === 0) throw new Error(`${owner}: no points to cluster`);
  if (!set.data.every(Number.isFinite)) throw new Error(`${owner}: the points contain NaN or infinite values`);
  return set;
}
