/** ChainedScheduler: several schedules stepped together on one learning rate. */
import { required, resolveScheduleOptions } from './options.js';
import { chainableForm, isSchedule, recurrence, type Schedule } from './schedule.js';

/** Options of {@link chainedScheduler}. */
export interface ChainedSchedulerOptions {
  /** The schedules, stepped in this order at every step. Required, non-empty. */
  schedules: readonly Schedule[];
}

/**
 * PyTorch's ChainedScheduler: every step, each schedule in turn applies its PyTorch chainable update
 * to the rate the previous ones left: `η_k = u_n(… u_1(η_{k-1}, k) …, k)`, and `η_0` is the rate after
 * their constructions, `u_n(… u_1(η₀, 0) …, 0)`.
 *
 * The chainable updates are PyTorch's `get_lr`: multiplicative schedules (StepLR, MultiStepLR,
 * ExponentialLR, LinearLR, ConstantLR, PolynomialLR, CosineAnnealingLR's recursion, MultiplicativeLR,
 * SWALR) act on the rate they are given, so their effects compose (ConstantLR then ExponentialLR gives
 * `η₀·factor·γ^k` until totalIters); the others (LambdaLR, OneCycleLR, CyclicLR,
 * CosineAnnealingWarmRestarts, any plain function) set an absolute rate and overwrite what came before.
 * The multiplicative schedules must share their learningRate (in PyTorch they share the optimizer); it
 * is η₀. Momentum, when some schedules cycle it, is that of the last of them. Values equal PyTorch
 * 1.13's bit for bit. The result is marked `chained: true` (see {@link Schedule.chained}).
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ChainedScheduler.html
 *
 * @example
 * ```ts
 * const s = chainedScheduler({
 *   schedules: [constantLR({ learningRate: 1, factor: 0.1, totalIters: 2 }), exponentialLR({ learningRate: 1, gamma: 0.9 })],
 * });
 * [0, 1, 2, 3].map(s.value); // [0.1, 0.09000000000000001, 0.81, 0.7290000000000001]
 * ```
 */
export function chainedScheduler(options: ChainedSchedulerOptions): Schedule {
  const owner = 'ChainedScheduler';
  const o = resolveScheduleOptions(owner, [], options, ['schedules']);
  const schedules = required<unknown>(owner, o, 'schedules');
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every(isSchedule)) {
    throw new Error(`${owner}: invalid schedules (expected a non-empty list of schedules)`);
  }
  const forms = schedules.map(chainableForm);
  const bases = forms.map((f) => f.learningRate).filter((lr): lr is number => lr !== undefined);
  if (bases.some((lr) => lr !== bases[0])) {
    throw new Error(
      `${owner}: the schedules start from different learning rates (${bases.join(', ')}); ` +
        'PyTorch chains the schedulers of one optimizer, so give them the same learningRate',
    );
  }
  // With only absolute schedules the starting rate is never read.
  const step = (lr: number, k: number): number => forms.reduce((rate, f) => f.step(rate, k), lr);
  const { value } = recurrence(owner, step(bases[0] ?? Number.NaN, 0), step);
  const momentum = schedules.filter((s) => s.momentum !== undefined).at(-1)?.momentum;
  return momentum === undefined ? { value, chained: true } : { value, momentum, chained: true };
}

/** True for a schedule made by {@link chainedScheduler} (which PyTorch's SequentialLR cannot hold). */
export function isChainedScheduler(schedule: Schedule): boolean {
  return schedule.chained === true;
}
