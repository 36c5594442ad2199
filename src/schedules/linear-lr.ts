/** LinearLR: a linear ramp of the multiplier from startFactor to endFactor. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { factorRecurrence, type Schedule } from './schedule.js';

/** Options of {@link linearLR}. */
export interface LinearLROptions {
  /** The base learning rate η₀. Required. */
  learningRate: number;
  /** The multiplier at step 0, in (0, 1]. Default 1/3. */
  startFactor?: number;
  /** The multiplier from step totalIters on, in [0, 1]. Default 1. */
  endFactor?: number;
  /** The number of steps of the ramp. Default 5. */
  totalIters?: number;
}

/** Hyper-parameters of {@link linearLR}. */
export const linearLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'startFactor', default: 1 / 3, min: 0, max: 1, minExclusive: true, doc: 'multiplier at step 0' },
  { kind: 'number', name: 'endFactor', default: 1, min: 0, max: 1, doc: 'multiplier from totalIters on' },
  { kind: 'integer', name: 'totalIters', default: 5, min: 0, doc: 'length of the ramp in steps' },
];

/**
 * PyTorch's LinearLR: `η_k = η₀·(f_s + (f_e − f_s)·min(k, T)/T)` with f_s = startFactor,
 * f_e = endFactor, T = totalIters. The usual linear warm-up (f_s small, f_e = 1).
 *
 * Computed with PyTorch's recursion, `η_k = η_{k-1}·(1 + (f_e − f_s)/(T·f_s + (k−1)(f_e − f_s)))`
 * for 1 ≤ k ≤ T, so the values equal PyTorch's bit for bit. Defaults: f_s = 1/3, f_e = 1, T = 5.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.LinearLR.html
 *
 * @example
 * ```ts
 * const s = linearLR({ learningRate: 0.1, startFactor: 0.25, totalIters: 4 });
 * s.value(0); // 0.025
 * s.value(4); // 0.10000000000000002 (PyTorch's recursion; the closed form gives 0.1)
 * ```
 */
export function linearLR(options: LinearLROptions): Schedule {
  const o = readScheduleOptions('LinearLR', linearLRHyperParameters, options, ['learningRate']);
  const { startFactor: fs, endFactor: fe, totalIters: total } = o;
  return factorRecurrence('LinearLR', o.learningRate, (k) =>
    k === 0 ? fs : k > total ? 1 : 1 + (fe - fs) / (total * fs + (k - 1) * (fe - fs)),
  );
}
