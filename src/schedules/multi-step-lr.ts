/** MultiStepLR: decay by γ at each milestone. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, checkMilestones, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';
import { pow } from '../numerics/libm.js';

// PyTorch counts milestones (a Counter), so their order does not matter.
function sortedCopy(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])].sort((a, b) => (a as number) - (b as number)) : value;
}

/** Options of {@link multiStepLR}. */
export interface MultiStepLROptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /** The steps at which the rate is multiplied by γ, in any order (a repeated milestone applies γ twice). Required. */
  milestones: readonly number[];
  /** The multiplicative factor γ. Default 0.1. */
  gamma?: number;
}

/** Hyper-parameters of {@link multiStepLR} (besides `milestones`, a list). */
export const multiStepLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'gamma', default: 0.1, min: 0, doc: 'γ: multiplicative decay factor' },
];

/**
 * PyTorch's MultiStepLR: `η_k = η₀ · γ^(number of milestones ≤ k)`.
 *
 * Computed as PyTorch's chainable form does: at a milestone m that occurs c times,
 * `η_m = η_{m-1} · γ^c`; elsewhere `η_k = η_{k-1}`. Default γ = 0.1.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.MultiStepLR.html
 *
 * @example
 * ```ts
 * const s = multiStepLR({ learningRate: 0.1, milestones: [30, 80] });
 * [0, 30, 80].map(s.value); // [0.1, 0.010000000000000002, 0.0010000000000000002]
 * ```
 */
export function multiStepLR(options: MultiStepLROptions): Schedule {
  const o = readScheduleOptions('MultiStepLR', multiStepLRHyperParameters, options, ['learningRate', 'milestones'], ['milestones']);
  const milestones = checkMilestones('MultiStepLR', 'milestones', sortedCopy(o.milestones), false);
  const counts = new Map<number, number>();
  for (const m of milestones) counts.set(m, (counts.get(m) ?? 0) + 1);
  return factorRecurrence('MultiStepLR', o.learningRate, (k) => {
    const c = counts.get(k);
    return c === undefined ? 1 : pow(o.gamma, c);
  });
}
