/**
 * Adam (Kingma & Ba 2015) with AMSGrad (Reddi et al. 2018), matching `torch.optim.Adam` (1.13), and
 * AdamW (Loshchilov & Hutter 2019), matching `torch.optim.AdamW`: Adam's whole math, in one file.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { ensureSlot, runUpdateKernel, transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { adamFamilyLearningRate, weightDecaySpec } from './specs.js';
import { adamFamilySpecs, momentStep, type AdamFamilyOptions, type MomentState } from './adam-family.js';

/** Adam's hyper-parameters (η default 1e-3). */
export interface AdamOptions extends AdamFamilyOptions {
  /** Keep the maximum of v (AMSGrad); default false. */
  amsgrad?: boolean;
}

/** Resolved Adam hyper-parameters. */
export type AdamHyper = Required<Omit<AdamOptions, 'betas'>>;

/** Adam's per-parameter state. */
export interface AdamState extends MomentState {
  /** max of v so far (AMSGrad only). */
  vMax: FloatArray;
}

/** The hyper-parameters Adam and AdamW share; AdamW overrides the weight-decay default and doc. */
export function adamHyperParameters(weightDecay: HyperParameterSpec): readonly HyperParameterSpec[] {
  return adamFamilySpecs({ learningRate: 1e-3, weightDecay, own: [{ kind: 'boolean', name: 'amsgrad', default: false, doc: 'use the running maximum of v (AMSGrad)' }] });
}

/**
 * The Adam kernel, shared with AdamW. `decoupled` selects where λ acts: on the gradient (Adam's L2)
 * or directly on the weights (AdamW: p ← p − η·(d + λ·p), d the Adam direction).
 */
export function adamKernel(decoupled: boolean): OptimizerDefinition<AdamHyper, AdamState>['step'] {
  return (p, g, s, h, out) => {
    const n = p.length;
    const { t, b1, b2, c1, c2, eps, sign } = momentStep(s, h);
    const wd = h.weightDecay;
    const lr = h.learningRate;
    // d = (m / (1 − β1^t)) / (√v̂ / √(1 − β2^t) + ε) (ε after the correction, as PyTorch), then
    // p + (−η)·(d + λ·p): the order in which chain(scaleByAdam, addDecayedWeights(λ),
    // scaleByLearningRate(η)) computes it, so that chain can give AdamW's bits.
    const bc1 = 1 - b1 ** t;
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const negLr = -lr;
    const m = s.m;
    const v = s.v;
    const plain = !h.amsgrad && !h.maximize && wd === 0;
    const decay = decoupled ? wd : 0;
    const vMax = h.amsgrad ? ensureSlot(s, 'vMax', p) : null;
    const variant = plain ? 'plain' : !h.amsgrad && !h.maximize && decoupled ? 'decoupled' : 'general';
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('adam', variant, out, { p, g, m, v, vMax }, {
        beta1: b1, beta2: b2, bc1, bc2Sqrt, eps, negLr, sign, l2: decoupled ? 0 : wd, decay,
      })) return;
    if (plain) {
      // The common case without per-element branches.
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const mi = (m[i] = m[i]! * b1 + c1 * gi);
        const vi = (v[i] = v[i]! * b2 + c2 * gi * gi);
        out[i] = out[i]! + negLr * ((mi / bc1) / (Math.sqrt(vi) / bc2Sqrt + eps));
      }
      return;
    }
    if (!h.amsgrad && !h.maximize && decoupled) {
      // AdamW's common case: decay and Adam step in one branch-free pass.
      for (let i = 0; i < n; i++) {
        const gi = g[i]!;
        const mi = (m[i] = m[i]! * b1 + c1 * gi);
        const vi = (v[i] = v[i]! * b2 + c2 * gi * gi);
        const d = (mi / bc1) / (Math.sqrt(vi) / bc2Sqrt + eps);
        out[i] = out[i]! + negLr * (d + decay * p[i]!);
      }
      return;
    }
    const l2 = decoupled ? 0 : wd;
    for (let i = 0; i < n; i++) {
      const pi = p[i]!;
      const gi = gradientAt(g, p, i, sign, l2);
      const mi = (m[i] = m[i]! * b1 + c1 * gi);
      const vi = (v[i] = v[i]! * b2 + c2 * gi * gi);
      let vHat = vi;
      if (vMax !== null) {
        vHat = Math.max(vMax[i]!, vi);
        vMax[i] = vHat;
      }
      const d = (mi / bc1) / (Math.sqrt(vHat) / bc2Sqrt + eps);
      out[i] = out[i]! + negLr * (decay !== 0 ? d + decay * pi : d);
    }
  };
}

/** Adam's definition (`decoupled` false) or AdamW's (true): one kernel, λ on the gradient or on the weights. */
function adamFamilyDefinition(decoupled: boolean): OptimizerDefinition<AdamHyper, AdamState> {
  const name = decoupled ? 'AdamW' : 'Adam';
  return {
    name,
    key: name.toLowerCase(),
    summary: decoupled ? 'Adam with weight decay decoupled from the gradient statistics.' : 'Adaptive moment estimation: bias-corrected averages of g and g²; AMSGrad optional.',
    paper: decoupled ? 'https://arxiv.org/abs/1711.05101' : 'https://arxiv.org/abs/1412.6980',
    pytorch: true,
    recommendedLearningRate: adamFamilyLearningRate,
    hyperParameters: adamHyperParameters(
      decoupled ? { kind: 'number', name: 'weightDecay', default: 1e-2, min: 0, doc: 'decoupled weight decay λ: p ← p − η·(d + λ·p), d the Adam direction' } : weightDecaySpec,
    ),
    stateKeys: ['step', 'm', 'v', 'vMax'],
    normalize: (o) => normalizeBetas(name, o),
    init: (p, h) => (h.amsgrad ? { step: 0, m: slot(p), v: slot(p), vMax: slot(p) } : { step: 0, m: slot(p), v: slot(p) }) as AdamState,
    step: adamKernel(decoupled),
  };
}

/** Adam's definition. */
export const adamDefinition = adamFamilyDefinition(false);

/** AdamW's definition: Adam's kernel with decoupled decay. */
export const adamwDefinition = adamFamilyDefinition(true);

/**
 * Adam: adaptive moment estimation, as `torch.optim.Adam`.
 *
 * Update at step t, with g the gradient:
 * ```
 * g ← g + λ·p                              (weightDecay λ, L2)
 * m ← β1·m + (1 − β1)·g
 * v ← β2·v + (1 − β2)·g²
 * v̂ ← max(v̂, v) if amsgrad, else v
 * d ← (m/(1 − β1^t)) / (√v̂ / √(1 − β2^t) + ε)
 * p ← p − η·d
 * ```
 * Defaults: learningRate 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0, amsgrad false,
 * maximize false. Paper: https://arxiv.org/abs/1412.6980 (AMSGrad: https://openreview.net/forum?id=ryQu7f-RZ)
 *
 * @example
 * const opt = new Adam(model.namedParameters(), { learningRate: 1e-3 });
 * opt.zeroGrad(); loss.backward(); opt.step();
 */
export const Adam: DefinedOptimizerClass<AdamOptions, AdamHyper, AdamState> = optimizerClass(adamDefinition);
/** An instance of {@link Adam}. */
export type Adam = DefinedOptimizer<AdamHyper, AdamState>;

/**
 * Adam as a pure transformation (`adam(options)`).
 * Update rule and defaults: see {@link Adam}.
 *
 * @example
 * const tx = adam({ learningRate: 1e-2 });
 * let state = tx.init(params);
 * ({ updates, state } = tx.update(grads, state, params));
 */
export const adam: (options?: AdamOptions) => GradientTransformation<OptimizerState<AdamState>> = transformationFactory(adamDefinition);

/** AdamW's hyper-parameters: Adam's, with weightDecay (decoupled) defaulting to 1e-2. */
export type AdamWOptions = AdamOptions;

/**
 * AdamW: Adam with decoupled weight decay, as `torch.optim.AdamW`.
 *
 * Update at step t:
 * ```
 * m ← β1·m + (1 − β1)·g,   v ← β2·v + (1 − β2)·g²,   v̂ ← max(v̂, v) if amsgrad else v
 * d ← (m/(1 − β1^t)) / (√v̂ / √(1 − β2^t) + ε)
 * p ← p − η·(d + λ·p)                      (decoupled: λ never enters m or v)
 * ```
 * Defaults: learningRate 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 1e-2, amsgrad false,
 * maximize false. `chain(scaleByAdam(), addDecayedWeights(λ), scaleByLearningRate(η))` gives the same
 * bits. Paper: https://arxiv.org/abs/1711.05101
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
