/** Polyak–Ruppert averaging: the running mean of all iterates. */
import { makeAverager, type Averager } from './averager.js';

/**
 * Polyak–Ruppert averaging: `x̄_t = (1/t) Σ_{i≤t} x_i`, computed as `x̄_1 = x_1`,
 * `x̄_t = x̄_{t−1} + (x_t − x̄_{t−1})/t`. Averaging the iterates of SGD with a slowly decaying step
 * size attains the optimal asymptotic rate. No options.
 *
 * Reference: Polyak & Juditsky (1992), "Acceleration of Stochastic Approximation by Averaging",
 * https://doi.org/10.1137/0330046
 *
 * @example
 * ```ts
 * const avg = polyak();
 * let state = avg.init({ w });
 * state = avg.update(state, { w }); // after each step; state.averaged.w is the mean so far
 * ```
 */
export function polyak(): Averager {
  return makeAverager('polyak', (avg, x, n) => avg + (x - avg) / (n + 1));
}
