/**
 * NAdam (Dozat 2016): Adam with Nesterov momentum and a momentum-decay schedule, matching
 * `torch.optim.NAdam` (1.13), plus PyTorch 2's `decoupledWeightDecay`.
 */
import { runUpdateKernel, transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import { adamFamilyLearningRate } from './specs.js';
import { adamFamilySpecs, decoupledWeightDecaySpec, momentStep, type AdamFamilyOptions, type MomentState } from './adam-family.js';

/** NAdam's hyper-parameters (η default 2e-3). */
export interface NAdamOptions extends AdamFamilyOptions {
  /** ψ, default 4e-3: how fast μ_t approaches β1. */
  momentumDecay?: number;
  /** Apply λ to the weights (AdamW style) instead of the gradient, default false. */
  decoupledWeightDecay?: boolean;
}

/** Resolved NAdam hyper-parameters. */
export type NAdamHyper = Required<Omit<NAdamOptions, 'betas'>>;

/** NAdam's per-parameter state. */
export interface NAdamState extends MomentState {
  /** Π μ_i, the running product of the momentum schedule. */
  muProduct: number;
}

/** NAdam's definition. */
export const nadamDefinition: OptimizerDefinition<NAdamHyper, NAdamState> = {
  name: 'NAdam',
  key: 'nadam',
  summary: 'Adam with Nesterov momentum and a momentum-decay schedule.',
  paper: 'https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ',
  pytorch: true,
  recommendedLearningRate: adamFamilyLearningRate,
  hyperParameters: adamFamilySpecs({
    learningRate: 2e-3,
    own: [{ kind: 'number', name: 'momentumDecay', default: 4e-3, min: 0, logScale: true, doc: 'momentum decay ψ: μ_t = β1·(1 − ½·0.96^(t·ψ))' }, decoupledWeightDecaySpec],
  }),
  stateKeys: ['step', 'muProduct', 'm', 'v'],
  normalize: (o) => normalizeBetas('NAdam', o),
  init: (p) => ({ step: 0, muProduct: 1, m: slot(p), v: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const { t, b1, b2, c1, c2, eps, sign } = momentStep(s, h);
    const lr = h.learningRate;
    const bc2 = 1 - b2 ** t;
    const mu = b1 * (1 - 0.5 * 0.96 ** (t * h.momentumDecay));
    const muNext = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * h.momentumDecay));
    const muProduct = s.muProduct * mu;
    s.muProduct = muProduct;
    // PyTorch 1.13 computes μ-product_{t+1} as Π_t·μ_t·μ_{t+1} (μ_t counted twice; later versions
    // use Π_t·μ_{t+1}). descent follows 1.13, the version its numerics are checked against.
    const muProductNext = muProduct * mu * muNext;
    const cg = (-lr * (1 - mu)) / (1 - muProduct);
    const cm = (-lr * muNext) / (1 - muProductNext);
    const l2 = h.decoupledWeightDecay ? 0 : h.weightDecay;
    const shrink = h.decoupledWeightDecay ? -(lr * h.weightDecay) : 0;
    const m = s.m;
    const v = s.v;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('nadam', 'general', out, { p, g, m, v }, { beta1: b1, beta2: b2, bc2, eps, cg, cm, sign, l2, shrink })) return;
    for (let i = 0; i < n; i++) {
      const pi = p[i]!;
      const gi = gradientAt(g, p, i, sign, l2);
      const mi = (m[i] = m[i]! * b1 + c1 * gi);
      const vi = (v[i] = v[i]! * b2 + c2 * gi * gi);
      // NAdam's denominator corrects v before the square root, unlike Adam's.
      const denom = Math.sqrt(vi / bc2) + eps;
      const u = (cg * gi) / denom + (cm * mi) / denom;
      out[i] = out[i]! + (shrink !== 0 ? shrink * pi + u : u);
    }
  },
};

/**
 * NAdam: Nesterov-accelerated Adam, as `torch.optim.NAdam`.
 *
 * Update at step t:
 * ```
 * g ← g + λ·p            (or p ← p − η·λ·p when decoupledWeightDecay)
 * μ_t = β1·(1 − ½·0.96^(t·ψ)),   Π_t = Π_{t−1}·μ_t
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   d = √(v/(1 − β2^t)) + ε
 * p ← p − η(1 − μ_t)/(1 − Π_t) · g/d − η·μ_{t+1}/(1 − Π_t·μ_t·μ_{t+1}) · m/d
 * ```
 * The second denominator is PyTorch 1.13's (μ_t appears twice); PyTorch ≥ 2.0 writes
 * 1 − Π_t·μ_{t+1}. The difference is small (it only rescales the momentum term) and descent matches
 * 1.13, the version the parity checker compares against.
 * Defaults: learningRate 2e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0, momentumDecay 4e-3,
 * decoupledWeightDecay false. Paper: https://openreview.net/forum?id=OM0jvwB8jIp57ZJjtNEZ
 *
 * @example
 * const opt = new NAdam(model.namedParameters(), { learningRate: 2e-3 });
 */
export const NAdam: DefinedOptimizerClass<NAdamOptions, NAdamHyper, NAdamState> = optimizerClass(nadamDefinition);
/** An instance of {@link NAdam}. */
export type NAdam = DefinedOptimizer<NAdamHyper, NAdamState>;

/**
 * NAdam as a pure transformation (`nadam(options)`).
 *
 * @example
 * const tx = nadam({ learningRate: 2e-3 });
 */
export const nadam: (options?: NAdamOptions) => GradientTransformation<OptimizerState<NAdamState>> = transformationFactory(nadamDefinition);
