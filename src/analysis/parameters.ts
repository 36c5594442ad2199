/**
 * The parameters an analysis works on, and their values as one flat vector: the Hessian, its
 * eigenvectors, slice directions and trajectory snapshots all live in that vector space.
 */
import type { Tensor } from '../tensor/tensor.js';

/** Parameters as a list of tensors, or as `model.namedParameters()` pairs. */
export type AnalysisParameters = readonly Tensor[] | ReadonlyArray<readonly [string, Tensor]>;

/**
 * The trainable tensors of `params`, in order. Tensors with `requiresGrad` off (frozen parameters)
 * are left out: the loss is a function of the trainable ones only.
 */
export function trainableTensors(params: AnalysisParameters, where: string): Tensor[] {
  const tensors = params.map((p) => (Array.isArray(p) ? (p as readonly [string, Tensor])[1] : (p as Tensor)));
  const trainable = tensors.filter((t) => t.requiresGrad);
  if (trainable.length === 0) throw new Error(`${where}: no parameter requires a gradient (got ${tensors.length} tensors, all frozen or none)`);
  for (const t of trainable) {
    if (t.dtype === 'int32') throw new Error(`${where}: parameters must be float32 or float64, got an int32 tensor`);
  }
  return trainable;
}

/** The number of values in `tensors`. */
export function flatSize(tensors: readonly Tensor[]): number {
  return tensors.reduce((n, t) => n + t.size, 0);
}

/**
 * The trainable parameters' current values as one flat float64 vector (in the order of `params`):
 * a snapshot of the weights, e.g. one point of a trajectory for {@link projectTrajectory}.
 *
 * @example
 * const trajectory: Float64Array[] = [];
 * // ... after each epoch:
 * trajectory.push(flattenParameters(model.namedParameters()));
 */
export function flattenParameters(params: AnalysisParameters): Float64Array {
  const tensors = trainableTensors(params, 'flattenParameters');
  const flat = new Float64Array(flatSize(tensors));
  let offset = 0;
  for (const t of tensors) {
    flat.set(t.data, offset);
    offset += t.size;
  }
  return flat;
}

/** Writes `flat` (float64, in parameter order) into the tensors' storage, rounding to their dtype. */
export function writeFlat(tensors: readonly Tensor[], flat: ArrayLike<number>): void {
  let offset = 0;
  for (const t of tensors) {
    const data = t.data;
    for (let i = 0; i < t.size; i++) data[i] = flat[offset + i]!;
    offset += t.size;
  }
}

/** Euclidean inner product of two flat vectors. */
export function dotFlat(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
