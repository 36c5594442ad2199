/**
 * Writing scheduled values into an optimizer: the way a {@link Schedule} drives a PyTorch-style
 * optimizer (its other face, inside a pure transformation chain, is {@link scaleByLearningRate}).
 * The optimizer is described structurally, so any object with parameter groups works (descent's
 * optimizers, or a hand-written loop) and this module does not depend on `src/optim`.
 */
import { type PlateauState } from './plateau-state.js';
import { isSchedule, type Schedule } from './schedule.js';

/** A parameter group as the schedules see it: a learning rate and, optionally, momentum or β1. */
export interface SchedulableParamGroup {
  learningRate: number;
  /** SGD / RMSprop momentum: set by schedules that cycle momentum. */
  momentum?: number;
  /** Adam-family β1 as its own field: set by schedules that cycle momentum. */
  beta1?: number;
  /** Adam-family betas as a pair (PyTorch style): `betas[0]` is set by schedules that cycle momentum. */
  betas?: [number, number];
}

/** Anything with parameter groups whose learning rate (and momentum) may be set. */
export interface SchedulableOptimizer {
  paramGroups: SchedulableParamGroup[];
}

/**
 * Applies a schedule to an optimizer: sets every parameter group's learning rate to
 * `schedule.value(step)` (or `schedules[i].value(step)` for group i), and, for a schedule that cycles
 * momentum, the group's `momentum`, else `beta1`, else `betas[0]` to `momentum(step)`. Call it once
 * per step, with the number of steps taken so far (PyTorch: after `optimizer.step()`,
 * `scheduler.step()` moves to the next value). This is how a schedule drives a PyTorch-style
 * optimizer (and what `fit` does); a pure transformation chain takes the same schedule object
 * through {@link scaleByLearningRate} instead.
 *
 * @example
 * ```ts
 * const schedule = oneCycleLR({ maxLr: 0.1, totalSteps: 1000 });
 * for (let step = 0; step < 1000; step++) {
 *   applySchedule(optimizer, schedule, step);
 *   optimizer.step();
 * }
 * ```
 */
export function applySchedule(
  optimizer: SchedulableOptimizer,
  schedule: Schedule | readonly Schedule[],
  step: number,
): void {
  const groups = optimizer.paramGroups;
  const schedules = isSchedule(schedule) ? groups.map(() => schedule) : schedule;
  if (schedules.length !== groups.length) {
    throw new Error(`applySchedule: ${schedules.length} schedules for ${groups.length} parameter groups`);
  }
  // Compute everything first so that a failing schedule leaves the optimizer unchanged.
  const values = schedules.map((s, i) => {
    const lr = s.value(step);
    if (!Number.isFinite(lr)) throw new Error(`applySchedule: the schedule of group ${i} gave learning rate ${lr} at step ${step}`);
    return { lr, momentum: s.momentum?.(step) };
  });
  values.forEach(({ momentum }, i) => {
    const g = groups[i]!;
    if (momentum !== undefined && g.momentum === undefined && g.beta1 === undefined && g.betas === undefined) {
      throw new Error(`applySchedule: the schedule cycles momentum but parameter group ${i} has no momentum, beta1 or betas`);
    }
  });
  values.forEach(({ lr, momentum }, i) => {
    const g = groups[i]!;
    g.learningRate = lr;
    if (momentum === undefined) return;
    if (g.momentum !== undefined) g.momentum = momentum;
    else if (g.beta1 !== undefined) g.beta1 = momentum;
    else g.betas = [momentum, g.betas![1]];
  });
}

/**
 * Sets every parameter group's learning rate from a {@link PlateauState} (one rate per group).
 *
 * @example
 * ```ts
 * state = plateau.update(state, validationLoss);
 * applyPlateauState(optimizer, state);
 * ```
 */
export function applyPlateauState(optimizer: SchedulableOptimizer, state: PlateauState): void {
  const groups = optimizer.paramGroups;
  if (state.learningRates.length !== groups.length) {
    throw new Error(`applyPlateauState: the state has ${state.learningRates.length} learning rates for ${groups.length} parameter groups`);
  }
  groups.forEach((g, i) => {
    g.learningRate = state.learningRates[i]!;
  });
}
