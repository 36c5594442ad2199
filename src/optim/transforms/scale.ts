/**
 * Scaling verbs: a constant factor, and the learning rate (a number or a `step → value`
 * schedule), which turns a direction into a descent step.
 */
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

/** A learning-rate schedule: the value for step `count` (0-based). */
export type Schedule = (count: number) => number;

/** State of {@link scaleByLearningRate}: how many updates have been made. */
export type CountState = { count: number };

/**
 * Multiplies updates by −η (descent), with η a number or a schedule of the step count.
 *
 * Math: u ← −η_t·u, t = 0, 1, 2, …
 *
 * @example
 * const tx = chain(clipByGlobalNorm(1), scaleByLearningRate((t) => 0.1 / (1 + t)));   // SGD with 1/t decay
 */
export function scaleByLearningRate(learningRate: number | Schedule): GradientTransformation<CountState> {
  const rate = (t: number): number => {
    const v = typeof learningRate === 'function' ? learningRate(t) : learningRate;
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
