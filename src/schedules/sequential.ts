/** Joined schedules (Optax's join_schedules, PyTorch's SequentialLR). */
import { checkMilestones, required, resolveScheduleOptions } from './options.js';
import { isChainedScheduler } from './chained.js';
import { checkStep, isSchedule, type Schedule } from './schedule.js';

/**
 * Runs `schedules[i]` from milestone `milestones[i-1]` on, each with its own step count restarted at 0:
 * `η_k = schedules[i](k − m_i)` where `i` is the number of milestones ≤ k and `m_0 = 0`.
 *
 * This is PyTorch 1.13's SequentialLR semantics: at a milestone the next scheduler is restarted with
 * `step(0)`, as its {@link Schedule.restartFrom} says (PyTorch's closed form at step 0; for CosineAnnealingLR that is
 * `η_min + (η₀ − η_min)·(1 + cos 0)/2`, reproduced to the bit), and continues with its own steps.
 * Schedulers without a closed form start from the rate in force before the milestone instead:
 * MultiplicativeLR keeps it at the milestone, and SWALR anneals from it starting at its step 1
 * (PyTorch counts SWALR's steps from its construction), as PyTorch 1.13 does.
 * If every part cycles momentum, so does the joined schedule.
 *
 * Reference: Optax `join_schedules`, https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html;
 * https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.SequentialLR.html
 *
 * @example
 * ```ts
 * const s = joinSchedules(
 *   [linearLR({ learningRate: 0.1, startFactor: 0.1, totalIters: 5 }), cosineAnnealingLR({ learningRate: 0.1, tMax: 25 })],
 *   [5],
 * );
 * s.value(5); // 0.1: the cosine starts at the milestone
 * ```
 */
export function joinSchedules(schedules: readonly Schedule[], milestones: readonly number[], owner = 'joinSchedules'): Schedule {
  if (!Array.isArray(schedules) || schedules.length === 0 || !schedules.every(isSchedule)) {
    throw new Error(`${owner}: invalid schedules (expected a non-empty list of schedules)`);
  }
  const ms = checkMilestones(owner, 'milestones', milestones, true);
  if (ms[0] === 0) throw new Error(`${owner}: invalid milestones: ${JSON.stringify(ms)} (a milestone must be >= 1)`);
  if (ms.length !== schedules.length - 1) {
    throw new Error(
      `${owner}: expected ${schedules.length - 1} milestones for ${schedules.length} schedules, got ${ms.length}`,
    );
  }
  // Part i > 0 is restarted from the rate in force just before its milestone (which only earlier
  // parts determine), so the parts are built in order, on first use.
  const parts: Schedule[] = [schedules[0]!];
  const part = (i: number): Schedule => {
    while (parts.length <= i) {
      const j = parts.length;
      const next = schedules[j]!;
      parts.push(next.restartFrom?.(value(ms[j - 1]! - 1)) ?? next);
    }
    return parts[i]!;
  };
  const locate = (k: number): [number, number] => {
    checkStep(owner, k, false);
    let i = 0;
    while (i < ms.length && ms[i]! <= k) i++;
    return [i, i === 0 ? k : k - ms[i - 1]!];
  };
  const value = (k: number): number => {
    const [i, local] = locate(k);
    return part(i).value(local);
  };
  if (!schedules.every((p) => p.momentum !== undefined)) return { value };
  const momentum = (k: number): number => {
    const [i, local] = locate(k);
    // Every part cycles momentum; a restarted part that carries none keeps its schedule's.
    return (part(i).momentum ?? schedules[i]!.momentum!)(local);
  };
  return { value, momentum };
}

/** Options of {@link sequentialLR}. */
export interface SequentialLROptions {
  /** The schedules, in order. Required. */
  schedules: readonly Schedule[];
  /** The steps at which the next schedule takes over: one fewer than `schedules`, increasing. Required. */
  milestones: readonly number[];
}

/**
 * PyTorch's SequentialLR: {@link joinSchedules} with PyTorch's option names.
 * `η_k = schedules[i](k − milestones[i−1])` for `milestones[i−1] ≤ k < milestones[i]`.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.SequentialLR.html
 *
 * @example
 * ```ts
 * const warm = linearLR({ learningRate: 0.1, startFactor: 0.1, totalIters: 5 });
 * const s = sequentialLR({ schedules: [warm, cosineAnnealingLR({ learningRate: 0.1, tMax: 25 })], milestones: [5] });
 * ```
 */
export function sequentialLR(options: SequentialLROptions): Schedule {
  const o = resolveScheduleOptions('SequentialLR', [], options, ['schedules', 'milestones']);
  required('SequentialLR', o, 'schedules');
  required('SequentialLR', o, 'milestones');
  if (Array.isArray(o.schedules)) {
    const i = (o.schedules as unknown[]).findIndex((s) => isSchedule(s) && isChainedScheduler(s));
    if (i >= 0) {
      // PyTorch 1.13 fails too: SequentialLR rewinds each scheduler's last_epoch, which ChainedScheduler lacks.
      throw new Error(`SequentialLR: schedules[${i}] is a ChainedScheduler, which PyTorch 1.13's SequentialLR cannot hold (it has no last_epoch)`);
    }
  }
  return joinSchedules(o.schedules as Schedule[], o.milestones as number[], 'SequentialLR');
}
