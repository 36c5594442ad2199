/** Evaluating a model with averaged weights while its live weights stay untouched. */
import { checkSameParameters, type AveragingState, type NamedParameters } from './averager.js';

/** Arrays {@link withAveragedWeights} can snapshot and restore (parameters and buffers, counts included). */
export type RestorableArray = Float32Array | Float64Array | Int32Array;

/** Options of {@link withAveragedWeights}. */
export interface WithAveragedWeightsOptions {
  /**
   * Other arrays that `fn` may change and that must be restored too, e.g. BatchNorm running statistics
   * recomputed for the averaged weights (see {@link withAveragedModule}, which does this for a Module).
   */
  preserve?: Readonly<Record<string, RestorableArray>>;
}

/**
 * Runs `fn` with the averaged weights written into `params`, then restores the live weights bit for bit,
 * also when `fn` throws or its promise rejects. Returns what `fn` returns (a promise is awaited before
 * restoring). Averages are rounded to float32 when a parameter is a Float32Array.
 *
 * While `fn` runs, `params` hold the averages: do not train concurrently.
 *
 * Reference: the evaluation step of SWA, https://arxiv.org/abs/1803.05407
 *
 * @example
 * ```ts
 * const accuracy = withAveragedWeights(state, { w, b }, () => evaluate(model));
 * // w and b hold the live weights again here
 * ```
 */
export function withAveragedWeights<T>(
  state: AveragingState,
  params: NamedParameters,
  fn: () => T,
  options: WithAveragedWeightsOptions = {},
): T {
  const entries = checkSameParameters('withAveragedWeights', state.averaged, params);
  const saved: [RestorableArray, RestorableArray][] = [];
  for (const [name, live] of [...entries, ...Object.entries(options.preserve ?? {})]) {
    if (!(live instanceof Float32Array || live instanceof Float64Array || live instanceof Int32Array)) {
      throw new Error(`withAveragedWeights: '${name}' must be a Float32Array, Float64Array or Int32Array`);
    }
    saved.push([live, live.slice()]);
  }
  const restore = (): void => {
    for (const [live, copy] of saved) live.set(copy);
  };
  for (const [name, live] of entries) live.set(state.averaged[name]!);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    restore();
    throw err;
  }
  if (result instanceof Promise) {
    return result.then(
      (value: unknown) => {
        restore();
        return value;
      },
      (err: unknown) => {
        restore();
        throw err;
      },
    ) as T;
  }
  restore();
  return result;
}
