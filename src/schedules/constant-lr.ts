/** ConstantLR: a constant multiplier for the first steps, then the base rate. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';

/** Options of {@link constantLR}. */
export interface ConstantLROptions {
  /** The base learning rate η₀. Required. */
  learningRate: number;
  /** The multiplier used before totalIters, in (0, 1]. Default 1/3. */
  factor?: number;
  /** The step from which the base rate is used. Default 5. */
  totalIters?: number;
}

/** Hyper-parameters of {@link constantLR}. */
export const constantLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'factor', default: 1 / 3, min: 0, max: 1, minExclusive: true, doc: 'multiplier before totalIters' },
  { kind: 'integer', name: 'totalIters', default: 5, min: 0, doc: 'steps at the reduced rate' },
];

/**
 * PyTorch's ConstantLR: `η_k = η₀·factor` for k < totalIters, then `η₀`.
 *
 * Computed as PyTorch does: `η_0 = η₀·factor`, and at k = totalIters `η_k = η_{k-1}·(1/factor)`
 * (which may differ from η₀ in the last bit, as in PyTorch). With totalIters = 0 the reduced rate stays
 * for ever, as in PyTorch. Defaults: factor = 1/3, totalIters = 5.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ConstantLR.html
 *
 * @example
 * ```ts
 * const s = constantLR({ learningRate: 0.1, factor: 0.5, totalIters: 4 });
 * [0, 3, 4].map(s.value); // [0.05, 0.05, 0.1]
 * ```
 */
export function constantLR(options: ConstantLROptions): Schedule {
  const { learningRate: base, factor, totalIters: total } = readScheduleOptions('ConstantLR', constantLRHyperParameters, options, ['learningRate']);
  // SequentialLR restarts it with PyTorch's closed form at 0 (different only when totalIters is 0).
  const restartValue = base * (factor + (0 >= total ? 1 - factor : 0));
  return factorRecurrence('ConstantLR', base, (k) => (k === 0 ? factor : k === total ? 1.0 / factor : 1), () => restartValue);
}
