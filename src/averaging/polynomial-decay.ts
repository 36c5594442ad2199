/** Polynomial-decay averaging (Shamir & Zhang 2013). */
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveOptions } from '../registry/validate.js';
import { makeAverager, type Averager } from './averager.js';

/** Options of {@link polynomialDecay}. */
export interface PolynomialDecayOptions {
  /** η ≥ 0: how strongly recent iterates are favoured (η = 0 is Polyak averaging). Default 3. */
  eta?: number;
}

/** Hyper-parameters of {@link polynomialDecay}. */
export const polynomialDecayHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'number', name: 'eta', default: 3, min: 0, doc: 'η: weight of recent iterates (0 = Polyak)' },
];

/**
 * Polynomial-decay averaging: `x̄_1 = x_1`, `x̄_t = (1 − (η+1)/(t+η))·x̄_{t−1} + ((η+1)/(t+η))·x_t`
 * (t counted from 1). Unlike the plain mean it forgets the early, far-from-optimal iterates, which
 * gives the optimal O(1/t) rate for non-smooth strongly convex SGD. Default η = 3.
 *
 * Reference: Shamir & Zhang (2013), "Stochastic Gradient Descent for Non-smooth Optimization:
 * Convergence Results and Optimal Averaging Schemes", https://arxiv.org/abs/1212.1824
 *
 * @example
 * ```ts
 * const avg = polynomialDecay({ eta: 3 });
 * let state = avg.init({ w });
 * state = avg.update(state, { w });
 * ```
 */
export function polynomialDecay(options: PolynomialDecayOptions = {}): Averager {
  const o = resolveOptions('polynomialDecay', polynomialDecayHyperParameters, options as Record<string, unknown>);
  const eta = o.eta as number;
  return makeAverager('polynomial-decay', (avg, x, n) => {
    const t = n + 1;
    const w = (eta + 1) / (t + eta);
    return (1 - w) * avg + w * x;
  });
}
