/** PolynomialLR: polynomial decay to zero over totalIters steps. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';
import { pow } from '../numerics/libm.js';

/** Options of {@link polynomialLR}. */
export interface PolynomialLROptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /** The number of steps T until the rate reaches 0. Default 5. */
  totalIters?: number;
  /** The power p of the polynomial. Default 1 (linear decay). */
  power?: number;
}

/** Hyper-parameters of {@link polynomialLR}. */
export const polynomialLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'integer', name: 'totalIters', default: 5, min: 0, doc: 'T: steps until the rate reaches 0' },
  { kind: 'number', name: 'power', default: 1, min: 0, doc: 'p: the power of the polynomial' },
];

/**
 * PyTorch's PolynomialLR: `η_k = η₀·(1 − min(k, T)/T)^p`.
 *
 * Computed with PyTorch's recursion `η_k = η_{k-1}·((1 − k/T)/(1 − (k−1)/T))^p` for 1 ≤ k ≤ T, so the
 * values equal PyTorch's bit for bit. Defaults: T = 5, p = 1.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.PolynomialLR.html
 *
 * @example
 * ```ts
 * const s = polynomialLR({ learningRate: 0.1, totalIters: 20, power: 2 });
 * s.value(1);  // 0.09025
 * s.value(20); // 0
 * ```
 */
export function polynomialLR(options: PolynomialLROptions): Schedule {
  const { learningRate, totalIters: total, power } = readScheduleOptions('PolynomialLR', polynomialLRHyperParameters, options, ['learningRate']);
  return factorRecurrence('PolynomialLR', learningRate, (k) =>
    k === 0 || k > total ? 1 : pow((1.0 - k / total) / (1.0 - (k - 1) / total), power),
  );
}
