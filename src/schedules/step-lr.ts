/** StepLR: decay by γ every `stepSize` steps. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';

/** Options of {@link stepLR}. */
export interface StepLROptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /** The period s of the decay, in steps. Required. */
  stepSize: number;
  /** The multiplicative factor γ. Default 0.1. */
  gamma?: number;
}

/** Hyper-parameters of {@link stepLR}. */
export const stepLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'integer', name: 'stepSize', default: null, min: 1, doc: 's: decay every s steps' },
  { kind: 'number', name: 'gamma', default: 0.1, min: 0, doc: 'γ: multiplicative decay factor' },
];

/**
 * PyTorch's StepLR: `η_k = η₀ · γ^⌊k/s⌋`.
 *
 * Computed as PyTorch's chainable form does, `η_k = η_{k-1}·γ` when `k` is a positive multiple of `s`
 * and `η_k = η_{k-1}` otherwise (a {@link factorRecurrence}), so the values equal PyTorch's bit for
 * bit. Default γ = 0.1.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.StepLR.html
 *
 * @example
 * ```ts
 * const s = stepLR({ learningRate: 0.1, stepSize: 30 });
 * s.value(29); // 0.1
 * s.value(30); // 0.010000000000000002
 * ```
 */
export function stepLR(options: StepLROptions): Schedule {
  const { learningRate, stepSize, gamma } = readScheduleOptions('StepLR', stepLRHyperParameters, options, ['learningRate', 'stepSize']);
  return factorRecurrence('StepLR', learningRate, (k) => (k > 0 && k % stepSize === 0 ? gamma : 1));
}
