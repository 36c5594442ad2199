/**
 * Adamax (Kingma & Ba 2015, §7.1): Adam with the infinity norm, matching `torch.optim.Adamax` (1.13).
 */
import { runUpdateKernel, transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { adamFamilyLearningRate, type StepState } from './specs.js';
import { adamFamilySpecs, momentStep, type AdamFamilyOptions } from './adam-family.js';

/** Adamax's hyper-parameters (η default 2e-3). */
export type AdamaxOptions = AdamFamilyOptions;

/** Resolved Adamax hyper-parameters. */
export type AdamaxHyper = Required<Omit<AdamaxOptions, 'betas'>>;

/** Adamax's per-parameter state. */
export interface AdamaxState extends StepState {
  /** m, first-moment estimate. */
  m: FloatArray;
  /** u, exponentially weighted infinity norm. */
  u: FloatArray;
}

/** Adamax's definition. */
export const adamaxDefinition: OptimizerDefinition<AdamaxHyper, AdamaxState> = {
  name: 'Adamax',
  key: 'adamax',
  summary: "Adam's variant with the infinity norm of past gradients.",
  paper: 'https://arxiv.org/abs/1412.6980',
  pytorch: true,
  recommendedLearningRate: adamFamilyLearningRate,
  hyperParameters: adamFamilySpecs({ learningRate: 2e-3, beta2Doc: 'decay rate β2 of the infinity norm' }),
  stateKeys: ['step', 'm', 'u'],
  normalize: (o) => normalizeBetas('Adamax', o),
  init: (p) => ({ step: 0, m: slot(p), u: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const { t, b1, b2, c1, eps, sign } = momentStep(s, h);
    const wd = h.weightDecay;
    const negClr = -(h.learningRate / (1 - b1 ** t));
    const m = s.m;
    const u = s.u;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('adamax', 'general', out, { p, g, m, u }, { beta1: b1, beta2: b2, eps, negClr, sign, l2: wd })) return;
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      const mi = (m[i] = m[i]! * b1 + c1 * gi);
      // PyTorch puts ε inside the max: u = max(β2·u, |g| + ε).
      const ui = Math.max(u[i]! * b2, Math.abs(gi) + eps);
      u[i] = ui;
      out[i] = out[i]! + (negClr * mi) / ui;
    }
  },
};

/**
 * Adamax: Adam's variant based on the infinity norm, as `torch.optim.Adamax`.
 *
 * Update at step t:
 * ```
 * g ← g + λ·p
 * m ← β1·m + (1 − β1)·g
 * u ← max(β2·u, |g| + ε)
 * p ← p − η/(1 − β1^t) · m / u
 * ```
 * Defaults: learningRate 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0, maximize false.
 * Paper: https://arxiv.org/abs/1412.6980
 *
 * @example
 * const opt = new Adamax(model.namedParameters(), { learningRate: 2e-3 });
 */
export const Adamax: DefinedOptimizerClass<AdamaxOptions, AdamaxHyper, AdamaxState> = optimizerClass(adamaxDefinition);
/** An instance of {@link Adamax}. */
export type Adamax = DefinedOptimizer<AdamaxHyper, AdamaxState>;

/**
 * Adamax as a pure transformation (`adamax(options)`).
 *
 * @example
 * const tx = adamax({ learningRate: 2e-3 });
 */
export const adamax: (options?: AdamaxOptions) => GradientTransformation<OptimizerState<AdamaxState>> = transformationFactory(adamaxDefinition);
