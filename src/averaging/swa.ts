/** Stochastic Weight Averaging with PyTorch's AveragedModel semantics. */
import { rejectUnknownOptions } from '../registry/validate.js';
import { makeAverager, type Averager } from './averager.js';

/** An element-wise averaging function, as PyTorch's `avg_fn(averaged, current, num_averaged)`. */
export type AvgFn = (averaged: number, current: number, numAveraged: number) => number;

/** Options of {@link swa}. */
export interface SWAOptions {
  /** The averaging function; default {@link swaAvgFn} (equal weights). */
  avgFn?: AvgFn;
}

/**
 * The equal-weight SWA rule, PyTorch 1.13's default `avg_fn`: `x̄ + (x − x̄)/(n + 1)`.
 *
 * @example
 * ```ts
 * swaAvgFn(1, 3, 1); // 2
 * ```
 */
export const swaAvgFn: AvgFn = (averaged, current, numAveraged) => averaged + (current - averaged) / (numAveraged + 1);

/**
 * PyTorch's `get_ema_avg_fn(decay)`: `β·x̄ + (1 − β)·x`. Default β = 0.999.
 *
 * @example
 * ```ts
 * const avg = swa({ avgFn: emaAvgFn(0.9) });
 * ```
 */
export function emaAvgFn(decay = 0.999): AvgFn {
  if (!(decay >= 0 && decay <= 1)) throw new Error(`emaAvgFn: invalid decay: ${decay} (valid range [0, 1])`);
  return (averaged, current) => decay * averaged + (1 - decay) * current;
}

/**
 * Stochastic Weight Averaging as PyTorch's `AveragedModel`: the first update copies the iterate
 * (n_averaged 0 → 1); each later one sets `x̄ ← avgFn(x̄, x, n_averaged)`, by default the equal-weight
 * mean `x̄ + (x − x̄)/(n + 1)`. Use it with {@link swaLR}; evaluate a network with BatchNorm through
 * {@link withAveragedModule}, which recomputes the statistics for the averaged weights.
 *
 * Reference: Izmailov et al. (2018), "Averaging Weights Leads to Wider Optima and Better Generalization",
 * https://arxiv.org/abs/1803.05407
 *
 * @example
 * ```ts
 * const avg = swa();
 * let state = avg.init(params);
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   trainOneEpoch();
 *   if (epoch >= 75) state = avg.update(state, params);
 * }
 * ```
 */
export function swa(options: SWAOptions = {}): Averager {
  rejectUnknownOptions('swa', options, ['avgFn']);
  const avgFn = options.avgFn ?? swaAvgFn;
  if (typeof avgFn !== 'function') throw new Error(`swa: invalid avgFn: ${String(avgFn)} (expected a function)`);
  return makeAverager('swa', avgFn);
}
