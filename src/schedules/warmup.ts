/** Linear learning-rate warm-up in front of any schedule. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveScheduleOptions } from './options.js';
import { closedForm, type Schedule } from './schedule.js';
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
 * Linear warm-up, then `after`: with η* = after(0) and f₀ = startFactor,
 * `η_k = η*·(f₀ + (1 − f₀)·k/W)` for k < W, and `η_k = after(k − W)` from step W on, exactly
 * (unlike PyTorch's SequentialLR, `after` is not restarted from the ramp's last rate). Default f₀ = 0.
 *
 * Reference: Goyal et al. (2017), "Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour",
 * https://arxiv.org/abs/1706.02677
 *
 * @example
 * ```ts
 * const s = warmup(cosineAnnealingLR({ learningRate: 0.1, tMax: 100 }), { warmupSteps: 10 });
 * s(0);  // 0
 * s(5);  // 0.05
 * s(10); // 0.1
 * ```
 */
export function warmup(after: Schedule, options: WarmupOptions): Schedule {
  const o = resolveScheduleOptions('warmup', warmupHyperParameters, options);
  if (typeof after !== 'function') throw new Error(`warmup: invalid schedule: ${String(after)} (expected a schedule)`);
  if (o.warmupSteps === null) throw new Error("warmup: missing required option 'warmupSteps'");
  const w = o.warmupSteps as number;
  const f0 = o.startFactor as number;
  const target = after(0);
  const ramp = closedForm('warmup', (k) => target * (f0 + ((1 - f0) * k) / w), false);
  // Wrapped so that joinSchedules finds no PyTorch restart variant: `after` runs as given.
  const rest: Schedule = (k) => after(k);
  return joinSchedules([ramp, rest], [w], 'warmup');
}
