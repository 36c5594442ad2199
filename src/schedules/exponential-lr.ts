/** ExponentialLR: decay by γ every step. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';

/** Options of {@link exponentialLR}. */
export interface ExponentialLROptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /** The factor γ applied every step. Required. */
  gamma: number;
}

/** Hyper-parameters of {@link exponentialLR}. */
export const exponentialLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'gamma', default: null, min: 0, doc: 'γ: multiplicative decay per step' },
];

/**
 * PyTorch's ExponentialLR: `η_k = η₀ · γ^k`.
 *
 * Computed as PyTorch's chainable form does, `η_k = η_{k-1} · γ` (k ≥ 1), which differs from the
 * closed form `η₀·γ^k` in the last bits; this gives PyTorch's recorded values exactly.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ExponentialLR.html
 *
 * @example
 * ```ts
 * const s = exponentialLR({ learningRate: 0.1, gamma: 0.9 });
 * s.value(2); // 0.08100000000000002
 * ```
 */
export function exponentialLR(options: ExponentialLROptions): Schedule {
  const { learningRate, gamma } = readScheduleOptions('ExponentialLR', exponentialLRHyperParameters, options, ['learningRate', 'gamma']);
  return factorRecurrence('ExponentialLR', learningRate, (k) => (k === 0 ? 1 : gamma));
}
