/**
 * Shared arithmetic of the scalers: per-feature statistics over the sample axis, and the per-feature
 * affine map `out = (x − a) / b · s + c`, both computed in float64.
 */
import { allocate } from '../tensor/dtype.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { Dataset } from './dataset.js';

/**
 * The `[N, ...]` features of a tensor or a dataset, and the shape statistics are kept in.
 *
 * @example
 * fitInput(zeros([10, 3]), true, 'StandardScaler'); // { x, shape: [3] }
 */
export function fitInput(data: Tensor | Dataset, perFeature: boolean, op: string): { x: Tensor; shape: number[] } {
  const x = data instanceof Dataset ? data.features : data;
  if (x.rank < 1 || x.shape[0] === 0) throw new Error(`${op}.fit: need at least one sample, got shape ${formatShape(x.shape)}`);
  return { x, shape: perFeature ? x.shape.slice(1) : [] };
}

/**
 * Visits every element of `x` with the index of its feature (its position within a sample).
 *
 * @example
 * forEachFeature(x, 3, (v, f) => (sums[f] += v)); // per-feature sums of x [N, 3]
 */
export function forEachFeature(x: Tensor, featureCount: number, visit: (value: number, feature: number) => void): void {
  const d = x.data;
  for (let i = 0, f = 0; i < d.length; i++) {
    visit(d[i]!, f);
    if (++f === featureCount) f = 0;
  }
}

/**
 * Applies `out = (x − a[f]) / b[f] · s[f] + c[f]` to every element, `f` its feature. `x` must end
 * in `shape` (a batch `[M, ...shape]` or one sample). The result keeps the dtype of `x`.
 *
 * @example
 * mapFeatures(x, [2], [0, 1], [1, 2], [1, 1], [0, 0], 'demo'); // column 0 unchanged, column 1 → (x − 1) / 2
 */
export function mapFeatures(x: Tensor, shape: readonly number[], a: readonly number[], b: readonly number[], s: readonly number[], c: readonly number[], op: string): Tensor {
  const tail = x.shape.slice(x.rank - shape.length);
  if (x.rank < shape.length || tail.some((d, i) => d !== shape[i])) {
    throw new Error(`${op}: fitted on samples of shape ${formatShape(shape)}, got a tensor of shape ${formatShape(x.shape)}`);
  }
  const k = sizeOf(shape);
  const out = allocate(x.dtype, x.size);
  const d = x.data;
  for (let i = 0, f = 0; i < d.length; i++) {
    out[i] = ((d[i]! - a[f]!) / b[f]!) * s[f]! + c[f]!;
    if (++f === k) f = 0;
  }
  return new Tensor(out, x.shape);
}

/**
 * Checks a restored scaler state field: a finite number array of the size of `shape`.
 *
 * @example
 * checkStateArray(state.mean, [3], 'mean', 'StandardScaler'); // a copy, or a clear error
 */
export function checkStateArray(values: unknown, shape: readonly number[], name: string, op: string): number[] {
  if (!Array.isArray(values) || values.length !== sizeOf(shape) || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new Error(`${op}.setState: ${name} must be ${sizeOf(shape)} finite numbers (samples of shape ${formatShape(shape)})`);
  }
  return [...values] as number[];
}
