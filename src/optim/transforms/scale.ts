/**
 * Scaling verbs: a constant factor, and the learning rate (a number or a {@link Schedule}), which
 * turns a direction into a descent step.
 */
import type { Schedule } from '../../schedules/schedule.js';
import { checkSameLengths, mapUpdates, type GradientTransformation } from '../transform.js';

/**
 * Multiplies every update by `factor`.
 *
 * Math: u ← c·u.
 *
 * @example
 * const tx = chain(adam({ learningRate: 1e-3 }), scale(0.5));   // halve Adam's steps
 */
export function scale(factor: number): GradientTransformation<null> {
  if (typeof factor !== 'number' || !Number.isFinite(factor)) throw new Error(`scale: invalid factor: ${String(factor)} (expected a finite number)`);
  return mapUpdates('scale', (updates) => updates.map((u) => Float64Array.from(u, (v) => v * factor)));
}

/** State of {@link scaleByLearningRate}: how many updates have been made. */
export type CountState = { count: number };

/**
 * Multiplies updates by −η (descent), with η a number or a {@link Schedule} of the update count:
 * η_t = `schedule.value(t)`. This is how a schedule drives a pure transformation chain (Optax
 * style); the same schedule object drives a PyTorch-style optimizer through {@link applySchedule}.
 * For convenience a bare function `(t) => η_t` is accepted too and means `{ value: fn }`. Only the
 * rate is used: a schedule's `momentum` is not (applySchedule writes it into parameter groups).
 *
 * Math: u ← −η_t·u, t = 0, 1, 2, …
 *
 * @example
 * const tx = chain(clipByGlobalNorm(1), scaleByLearningRate(cosineAnnealingLR({ learningRate: 0.1, tMax: 100 })));
 * const sgd = chain(identity(), scaleByLearningRate((t) => 0.1 / (1 + t)));   // SGD with 1/t decay
 */
export function scaleByLearningRate(learningRate: number | Schedule | ((step: number) => number)): GradientTransformation<CountState> {
  // Anything that is neither a function nor a schedule is checked as a constant rate (and rejected
  // by the range check unless it is a number).
  const value: (t: number) => unknown =
    typeof learningRate === 'function' ? learningRate
    : typeof learningRate === 'object' && typeof learningRate?.value === 'function' ? learningRate.value
    : () => learningRate;
  const rate = (t: number): number => {
    const v = value(t);
    if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`scaleByLearningRate: invalid learningRate: ${String(v)} at step ${t} (valid range [0, inf))`);
    return v;
  };
  rate(0);
  return {
    name: 'scaleByLearningRate',
    init: () => ({ count: 0 }),
    update(updates, state, params) {
      checkSameLengths('scaleByLearningRate', params, updates);
      const f = -rate(state.count);
      return { updates: updates.map((u) => Float64Array.from(u, (v) => v * f)), state: { count: state.count + 1 } };
    },
  };
}
