/**
 * AdamW (Loshchilov & Hutter 2019): Adam with weight decay decoupled from the gradient, matching
 * `torch.optim.AdamW` (1.13).
 */
import { transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import type { GradientTransformation } from '../transform.js';
import { adamFamilyLearningRate } from './specs.js';
import { adamHyperParameters, adamKernel, type AdamHyper, type AdamOptions, type AdamState } from './adam.js';

/** AdamW's hyper-parameters: Adam's, with weightDecay (decoupled) defaulting to 1e-2. */
export type AdamWOptions = AdamOptions;

/** AdamW's fused definition: the Adam kernel with decoupled decay. */
export const adamwDefinition: OptimizerDefinition<AdamHyper, AdamState> = {
  name: 'AdamW',
  key: 'adamw',
  summary: 'Adam with weight decay decoupled from the gradient statistics.',
  paper: 'https://arxiv.org/abs/1711.05101',
  pytorch: true,
  recommendedLearningRate: adamFamilyLearningRate,
  hyperParameters: adamHyperParameters({
    kind: 'number',
    name: 'weightDecay',
    default: 1e-2,
    min: 0,
    doc: 'decoupled weight decay λ: p ← p − η·λ·p before the Adam step',
  }),
  stateKeys: ['step', 'm', 'v', 'vMax'],
  normalize: (o) => normalizeBetas('AdamW', o),
  init: (p, h) => (h.amsgrad ? { step: 0, m: slot(p), v: slot(p), vMax: slot(p) } : { step: 0, m: slot(p), v: slot(p) }) as AdamState,
  step: adamKernel(true),
};

/**
 * AdamW: Adam with decoupled weight decay, as `torch.optim.AdamW`.
 *
 * Update at step t:
 * ```
 * p ← p − η·λ·p                            (decoupled: λ never enters m or v)
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   v̂ ← max(v̂, v) if amsgrad else v
 * p ← p − η/(1 − β1^t) · m / (√v̂ / √(1 − β2^t) + ε)
 * ```
 * Defaults: learningRate 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 1e-2, amsgrad false,
 * maximize false. Paper: https://arxiv.org/abs/1711.05101
 *
 * @example
 * const opt = new AdamW(model.namedParameters(), { learningRate: 1e-3, weightDecay: 0.05 });
 */
export const AdamW: DefinedOptimizerClass<AdamWOptions, AdamHyper, AdamState> = optimizerClass(adamwDefinition);
/** An instance of {@link AdamW}. */
export type AdamW = DefinedOptimizer<AdamHyper, AdamState>;

/**
 * AdamW as a pure transformation (`adamw(options)`).
 * Update rule and defaults: see {@link AdamW}.
 *
 * @example
 * const tx = adamw({ learningRate: 1e-3, weightDecay: 1e-2 });
 */
export const adamw: (options?: AdamWOptions) => GradientTransformation<OptimizerState<AdamState>> = transformationFactory(adamwDefinition);
