/** The constant schedule. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { closedForm, type Schedule } from './schedule.js';

/** Options of {@link constantSchedule}. */
export interface ConstantScheduleOptions {
  /** The learning rate η, used at every step. Required. */
  learningRate: number;
}

/** Hyper-parameters of {@link constantSchedule}. */
export const constantScheduleHyperParameters: readonly HyperParameterSpec[] = [LEARNING_RATE_SPEC];

/**
 * The constant schedule: `η_k = η` for every step k. Plain gradient descent; what a bare number as a
 * learning rate means.
 *
 * Reference: Optax `constant_schedule`, https://optax.readthedocs.io/en/latest/api/optimizer_schedules.html
 *
 * @example
 * ```ts
 * const s = constantSchedule({ learningRate: 0.01 });
 * s.value(0) === s.value(1000); // true
 * ```
 */
export function constantSchedule(options: ConstantScheduleOptions): Schedule {
  const { learningRate } = readScheduleOptions('constant', constantScheduleHyperParameters, options, ['learningRate']);
  return closedForm('constant', () => learningRate, false);
}
