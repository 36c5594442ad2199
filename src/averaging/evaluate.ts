/** Evaluating a model with averaged weights while its live weights stay untouched. */
import { checkSameParameters, parameterEntries, type AveragingState, type NamedParameters, type ParameterArray } from './averager.js';

/** Options of {@link withAveragedWeights}. */
export interface WithAveragedWeightsOptions {
  /**
   * Other arrays that `fn` may change and that must be restored too, e.g. BatchNorm running statistics
   * recomputed for the averaged weights with {@link updateBatchNorm}.
   */
  preserve?: NamedParameters;
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
  const saved: [ParameterArray, ParameterArray][] = [];
  for (const [, live] of [...entries, ...parameterEntries(options.preserve ?? {})]) saved.push([live, live.slice()]);
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
