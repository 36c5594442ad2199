/**
 * Momentum as a composable verb (Optax's `trace`): the velocity b ← μ·b + u (b ← u at the first
 * step), passed on as b, or as u + μ·b with Nesterov momentum. It is SGD's own definition run with
 * η = −1, so `chain(trace({ decay: μ, nesterov }), scaleByLearningRate(η))` gives the same bits as
 * `sgd({ learningRate: η, momentum: μ, nesterov })`.
 */
import { resolveHyper, transformationWith, type OptimizerState } from '../definition.js';
import { sgdDefinition, type SGDState } from '../optimizers/sgd.js';
import type { GradientTransformation } from '../transform.js';

/** The options of {@link trace}. */
export interface TraceOptions {
  /** μ, the momentum (decay of the velocity), default 0.9. */
  decay?: number;
  /** Pass on u + μ·b instead of b (Nesterov momentum, Sutskever et al. 2013); default false. */
  nesterov?: boolean;
}

/**
 * Accumulates a momentum velocity.
 *
 * Math: b ← u (first step), else b ← μ·b + u; u ← u + μ·b if nesterov, else b.
 * Paper: https://www.cs.toronto.edu/~hinton/absps/momentum.pdf
 *
 * @example
 * const momentumSgd = chain(trace({ decay: 0.9 }), scaleByLearningRate(0.01));
 */
export function trace(options: TraceOptions = {}): GradientTransformation<OptimizerState<SGDState>> {
  const { decay = 0.9, nesterov = false } = options;
  // Checked here so the message names trace's own options, not SGD's `momentum`/`dampening`.
  if (!(Number.isFinite(decay) && decay >= 0)) throw new Error(`trace: invalid decay: ${decay} (valid range [0, inf))`);
  if (nesterov && decay === 0) throw new Error('trace: nesterov: true needs a decay > 0 (Nesterov momentum with no momentum is plain gradient passing)');
  const h = resolveHyper(sgdDefinition, { momentum: decay, nesterov });
  // η = −1 makes SGD's step −η·d = d: the velocity alone, with SGD's arithmetic.
  return transformationWith(sgdDefinition, { ...h, learningRate: -1 }, 'trace');
}
