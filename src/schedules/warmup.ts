/** Linear learning-rate warm-up in front of any schedule. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { readScheduleOptions } from './options.js';
import { closedForm, isSchedule, type Schedule } from './schedule.js';
import { joinSchedules } from './sequential.js';

/** Options of {@link warmup}. */
export interface WarmupOptions {
  /** The number of warm-up steps W. Required. */
  warmupSteps: number;
  /** The multiplier of the target rate at step 0, in [0, 1). Default 0. */
  startFactor?: number;
}

/** Hyper-parameters of {@link warmup}. */
export const warmupHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'integer', name: 'warmupSteps', default: null, min: 1, doc: 'W: steps of the linear ramp' },
  { kind: 'number', name: 'startFactor', default: 0, min: 0, max: 1, maxExclusive: true, doc: 'multiplier of the target rate at step 0' },
];

/**
 * Linear warm-up, then `after`: with η* = after.value(0) and f₀ = startFactor,
 * `η_k = η*·(f₀ + (1 − f₀)·k/W)` for k < W, and `η_k = after.value(k − W)` from step W on, exactly
 * (unlike PyTorch's SequentialLR, `after` is not restarted from the ramp's last rate). Default f₀ = 0.
 *
 * Reference: Goyal et al. (2017), "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour",
 * https://arxiv.org/abs/1706.02677
 *
 * @example
 * ```ts
 * const s = warmup(cosineAnnealingLR({ learningRate: 0.1, tMax: 100 }), { warmupSteps: 10 });
 * s.value(0);  // 0
 * s.value(5);  // 0.05
 * s.value(10); // 0.1
 * ```
 */
export function warmup(after: Schedule, options: WarmupOptions): Schedule {
  const { warmupSteps: w, startFactor: f0 } = readScheduleOptions('warmup', warmupHyperParameters, options, ['warmupSteps']);
  if (!isSchedule(after)) throw new Error(`warmup: invalid schedule: ${String(after)} (expected a schedule)`);
  const target = after.value(0);
  const ramp = closedForm('warmup', (k) => target * (f0 + ((1 - f0) * k) / w), false);
  // Only the values of `after`: without its restartFrom, joinSchedules runs it as given (not as
  // PyTorch's SequentialLR would restart it).
  return joinSchedules([ramp, { value: after.value }], [w], 'warmup');
}
