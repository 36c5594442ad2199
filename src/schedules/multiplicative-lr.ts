/** MultiplicativeLR: the rate multiplied every step by a user-given factor of the step. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { lambdaFactor } from './lambda-lr.js';
import { LEARNING_RATE_SPEC, required, resolveScheduleOptions } from './options.js';
import { chainableRecurrence, recurrence, withRestart, type Schedule } from './schedule.js';

/** Options of {@link multiplicativeLR}. */
export interface MultiplicativeLROptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /**
   * The factor λ(k) applied at step k ≥ 1: a function, or the text of a Python lambda such as
   * `'lambda k: 0.95'` (parsed safely, never evaluated; see {@link parseLambda}).
   */
  lrLambda: ((step: number) => number) | string;
  /** Named constants the lambda text may use, e.g. `{ gamma: 0.95 }`. */
  constants?: Readonly<Record<string, number>>;
}

/** Hyper-parameters of {@link multiplicativeLR} (besides `lrLambda` and `constants`). */
export const multiplicativeLRHyperParameters: readonly HyperParameterSpec[] = [LEARNING_RATE_SPEC];

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
 * s(2); // 0.09025 (0.1 · 0.95 · 0.95)
 * const t = multiplicativeLR({ learningRate: 0.1, lrLambda: 'lambda k: 1.0 / (1.0 + c * k)', constants: { c: 0.1 } });
 * t(1); // 0.09090909090909091
 * ```
 */
export function multiplicativeLR(options: MultiplicativeLROptions): Schedule {
  const owner = 'MultiplicativeLR';
  const o = resolveScheduleOptions(owner, multiplicativeLRHyperParameters, options, ['lrLambda', 'constants']);
  const base = required<number>(owner, o, 'learningRate');
  const factor = lambdaFactor(owner, 'lrLambda', required<unknown>(owner, o, 'lrLambda'), o.constants);
  const next = (lr: number, k: number): number => lr * factor(k);
  const schedule = chainableRecurrence(owner, base, (lr) => lr, next);
  return withRestart(schedule, (lrBefore) => recurrence(owner, lrBefore, next));
}
