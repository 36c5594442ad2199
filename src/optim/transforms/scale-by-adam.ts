/**
 * Adam's scaling as a composable verb (Optax's `scale_by_adam`): the bias-corrected moment ratio,
 * before any learning rate. It is Adam's own definition run with η = −1 and no decay, so its output
 * d = (m/(1 − β1^t)) / (√v̂/√(1 − β2^t) + ε) has exactly the bits Adam's step scales by −η: a chain
 * `chain(scaleByAdam(o), addDecayedWeights(λ), scaleByLearningRate(η))` gives the same bits as
 * `adamw({ ...o, weightDecay: λ, learningRate: η })`, and without the decay those of `adam(...)`.
 */
import { resolveHyper, transformationWith, type OptimizerState } from '../definition.js';
import { adamDefinition, type AdamState } from '../optimizers/adam.js';
import type { GradientTransformation } from '../transform.js';

/** The options of {@link scaleByAdam}: Adam's, without learning rate, decay or maximize. */
export interface ScaleByAdamOptions {
  /** β1, default 0.9. */
  beta1?: number;
  /** β2, default 0.999. */
  beta2?: number;
  /** ε, default 1e-8 (added after the square root, as in PyTorch). */
  eps?: number;
  /** Keep the running maximum of v (AMSGrad); default false. */
  amsgrad?: boolean;
}

/**
 * Scales updates by Adam's bias-corrected moment ratio.
 *
 * Math: m ← β1·m + (1 − β1)·u, v ← β2·v + (1 − β2)·u², v̂ ← max(v̂, v) if amsgrad else v,
 * u ← (m/(1 − β1^t)) / (√v̂/√(1 − β2^t) + ε). Paper: https://arxiv.org/abs/1412.6980
 *
 * @example
 * const adamw = chain(scaleByAdam({ beta2: 0.99 }), addDecayedWeights(1e-2), scaleByLearningRate(1e-3));
 */
export function scaleByAdam(options: ScaleByAdamOptions = {}): GradientTransformation<OptimizerState<AdamState>> {
  const h = resolveHyper(adamDefinition, { ...options });
  // η = −1 makes Adam's step −η·d = d: the direction alone, with Adam's arithmetic.
  return transformationWith(adamDefinition, { ...h, learningRate: -1, weightDecay: 0, maximize: false }, 'scaleByAdam');
}
