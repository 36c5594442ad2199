/**
 * RAdam (Liu et al. 2020): Adam with a rectified adaptive learning rate, matching
 * `torch.optim.RAdam` (1.13), plus PyTorch 2's `decoupledWeightDecay`.
 */
import { runUpdateKernel, transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import { adamFamilyLearningRate } from './specs.js';
import { adamFamilySpecs, decoupledWeightDecaySpec, momentStep, type AdamFamilyOptions, type MomentState } from './adam-family.js';

/** RAdam's hyper-parameters (η default 1e-3). */
export interface RAdamOptions extends AdamFamilyOptions {
  /** Apply λ to the weights (AdamW style) instead of the gradient, default false. */
  decoupledWeightDecay?: boolean;
}

/** Resolved RAdam hyper-parameters. */
export type RAdamHyper = Required<Omit<RAdamOptions, 'betas'>>;

/** RAdam's per-parameter state. */
export type RAdamState = MomentState;

/** RAdam's definition. */
export const radamDefinition: OptimizerDefinition<RAdamHyper, RAdamState> = {
  name: 'RAdam',
  key: 'radam',
  summary: 'Adam with a rectified adaptive learning rate (no warm-up needed).',
  paper: 'https://arxiv.org/abs/1908.03265',
  pytorch: true,
  recommendedLearningRate: adamFamilyLearningRate,
  hyperParameters: adamFamilySpecs({ learningRate: 1e-3, own: [decoupledWeightDecaySpec] }),
  stateKeys: ['step', 'm', 'v'],
  normalize: (o) => normalizeBetas('RAdam', o),
  init: (p) => ({ step: 0, m: slot(p), v: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const { t, b1, b2, c1, c2, eps, sign } = momentStep(s, h);
    const lr = h.learningRate;
    const bc1 = 1 - b1 ** t;
    const bc2 = 1 - b2 ** t;
    const rhoInf = 2 / (1 - b2) - 1;
    const rhoT = rhoInf - (2 * t * b2 ** t) / bc2;
    // The variance of the adaptive rate is tractable only when ρ_t > 5; before that, plain momentum SGD.
    const rectified = rhoT > 5;
    const rect = rectified ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
    const sqrtBc2 = Math.sqrt(bc2);
    const l2 = h.decoupledWeightDecay ? 0 : h.weightDecay;
    const shrink = h.decoupledWeightDecay ? -(lr * h.weightDecay) : 0;
    const m = s.m;
    const v = s.v;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('radam', 'general', out, { p, g, m, v }, { beta1: b1, beta2: b2, bc1, learningRate: lr, sqrtBc2, eps, rect, rectified: rectified ? 1 : 0, sign, l2, shrink })) return;
    for (let i = 0; i < n; i++) {
      const pi = p[i]!;
      const gi = gradientAt(g, p, i, sign, l2);
      const mi = (m[i] = m[i]! * b1 + c1 * gi);
      const vi = (v[i] = v[i]! * b2 + c2 * gi * gi);
      const mHatLr = (mi / bc1) * lr;
      const u = rectified ? -((mHatLr * (sqrtBc2 / (Math.sqrt(vi) + eps))) * rect) : -mHatLr;
      out[i] = out[i]! + (shrink !== 0 ? shrink * pi + u : u);
    }
  },
};

/**
 * RAdam: rectified Adam, as `torch.optim.RAdam`.
 *
 * Update at step t:
 * ```
 * g ← g + λ·p            (or p ← p − η·λ·p when decoupledWeightDecay)
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   m̂ = m/(1 − β1^t)
 * ρ∞ = 2/(1 − β2) − 1,   ρ_t = ρ∞ − 2t·β2^t/(1 − β2^t)
 * if ρ_t > 5:  r = √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),  p ← p − η·m̂·r·√(1 − β2^t)/(√v + ε)
 * else:        p ← p − η·m̂
 * ```
 * Defaults: learningRate 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0.
 * Paper: https://arxiv.org/abs/1908.03265
 *
 * @example
 * const opt = new RAdam(model.namedParameters(), { learningRate: 1e-3 });
 */
export const RAdam: DefinedOptimizerClass<RAdamOptions, RAdamHyper, RAdamState> = optimizerClass(radamDefinition);
/** An instance of {@link RAdam}. */
export type RAdam = DefinedOptimizer<RAdamHyper, RAdamState>;

/**
 * RAdam as a pure transformation (`radam(options)`).
 *
 * @example
 * const tx = radam({ learningRate: 1e-3 });
 */
export const radam: (options?: RAdamOptions) => GradientTransformation<OptimizerState<RAdamState>> = transformationFactory(radamDefinition);
