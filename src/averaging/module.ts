/**
 * Averaging applied to an nn Module: its parameters as named arrays, and SWA-style evaluation with the
 * averaged weights, including the BatchNorm statistics recomputation (PyTorch's `update_bn`).
 */
import type { Module } from '../nn/module.js';
import { updateBatchNormStatistics, type BatchNormBatch } from '../nn/update-batch-norm.js';
import type { Tensor } from '../tensor/tensor.js';
import type { AveragingState, ParameterArray } from './averager.js';
import { withAveragedWeights } from './evaluate.js';

/** A module that maps one tensor to an output (what `updateBatchNormStatistics` can drive). */
export type AveragedModule = Module<[Tensor], unknown>;

/**
 * The module's parameters as named arrays (dotted names, as `namedParameters()`), sharing storage with
 * the parameters: what the averagers and {@link withAveragedWeights} take. Take them again after
 * `module.to(dtype)`, which replaces the storage.
 *
 * @example
 * ```ts
 * const avg = swa();
 * let state = avg.init(moduleParameters(model));
 * state = avg.update(state, moduleParameters(model)); // after each epoch of the SWA phase
 * ```
 */
export function moduleParameters(model: AveragedModule): Record<string, ParameterArray> {
  return Object.fromEntries(model.namedParameters().map(([name, p]) => [name, p.data]));
}

/** Options of {@link withAveragedModule}. */
export interface WithAveragedModuleOptions {
  /**
   * Training batches (inputs, or tuples starting with the input) to recompute the BatchNorm running
   * statistics for the averaged weights before `fn` runs. Omit for a model without BatchNorm, or to
   * keep the live statistics.
   */
  batches?: Iterable<BatchNormBatch>;
}

/**
 * Evaluates `model` with averaged weights, as SWA does: writes the averages into the parameters,
 * recomputes the BatchNorm statistics from `options.batches` (nn's `updateBatchNormStatistics`: reset,
 * cumulative average over one pass in training mode), runs `fn`, then restores the live parameters
 * **and** every buffer (running statistics, batch counts) bit for bit, also if `fn` throws.
 *
 * Reference: Izmailov et al. (2018), https://arxiv.org/abs/1803.05407; PyTorch `swa_utils.update_bn`.
 *
 * @example
 * ```ts
 * const accuracy = withAveragedModule(state, model, () => evaluate(model.eval()), { batches: trainInputs });
 * ```
 */
export function withAveragedModule<T>(
  state: AveragingState,
  model: AveragedModule,
  fn: () => T,
  options: WithAveragedModuleOptions = {},
): T {
  const buffers = Object.fromEntries(model.namedBuffers().map(([name, b]) => [name, b.data]));
  const wasTraining = model.training;
  return withAveragedWeights(state, moduleParameters(model), () => {
    if (options.batches !== undefined) updateBatchNormStatistics(model, options.batches);
    try {
      return fn();
    } finally {
      model.train(wasTraining);
    }
  }, { preserve: buffers });
}
