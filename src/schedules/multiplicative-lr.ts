/** MultiplicativeLR: the rate multiplied every step by a user-given factor of the step. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { lambdaFactorHyperParameters, readLambdaFactor, type LambdaFactorOptions } from './lambda-factor.js';
import { factorRecurrence, type Schedule } from './schedule.js';

/** Options of {@link multiplicativeLR}: the initial rate and the factor λ applied at every step k ≥ 1. */
export type MultiplicativeLROptions = LambdaFactorOptions;

/** Hyper-parameters of {@link multiplicativeLR} (besides `lrLambda` and `constants`). */
export const multiplicativeLRHyperParameters: readonly HyperParameterSpec[] = lambdaFactorHyperParameters;

/**
 * PyTorch's MultiplicativeLR: `η_0 = η₀`, `η_k = η_{k-1} · λ(k)` for k ≥ 1, i.e. `η_k = η₀ · Π_{j=1..k} λ(j)`.
 *
 * Computed as PyTorch does, one multiplication per step (so the values equal PyTorch's bit for bit).
 * A non-finite factor is reported as an error. Inside {@link sequentialLR} it continues from the rate in
 * force before its milestone (PyTorch's `step(0)` keeps the optimizer's rate: MultiplicativeLR has no
 * closed form), and inside {@link chainedScheduler} it multiplies the rate the other schedules set.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.MultiplicativeLR.html
 *
 * @example
 * ```ts
 * const s = multiplicativeLR({ learningRate: 0.1, lrLambda: () => 0.95 });
 * s.value(2); // 0.09025 (0.1 · 0.95 · 0.95)
 * const t = multiplicativeLR({ learningRate: 0.1, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 0.1 } });
 * t.value(1); // 0.09090909090909091
 * ```
 */
export function multiplicativeLR(options: MultiplicativeLROptions): Schedule {
  const { learningRate, factor } = readLambdaFactor('MultiplicativeLR', options);
  // λ(0) is never called: PyTorch's construction keeps the rate. SequentialLR restarts it from the
  // rate in force (it has no closed form).
  return factorRecurrence('MultiplicativeLR', learningRate, (k) => (k === 0 ? 1 : factor(k)), (lrBefore) => lrBefore);
}
