/**
 * Lion (Chen et al. 2023): sign of an interpolated momentum, with decoupled weight decay.
 */
import { runUpdateKernel, transformationFactory, normalizeBetas, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { betaSpec, learningRateSpec, maximizeSpec, type BetasOptions, type CommonOptions, type StepState } from './specs.js';

/** Lion's hyper-parameters: β1 (default 0.9) interpolates momentum and gradient for the update's sign, β2 (0.99) is the momentum's decay. */
export interface LionOptions extends CommonOptions, BetasOptions {
  /** λ, default 0: decoupled weight decay. */
  weightDecay?: number;
}

/** Resolved Lion hyper-parameters. */
export type LionHyper = Required<Omit<LionOptions, 'betas'>>;

/** Lion's per-parameter state. */
export interface LionState extends StepState {
  /** m, the momentum (exponential average of g with β2). */
  m: FloatArray;
}

/** Lion's definition. */
export const lionDefinition: OptimizerDefinition<LionHyper, LionState> = {
  name: 'Lion',
  key: 'lion',
  summary: 'Sign of an interpolated momentum: every coordinate moves by exactly ±η.',
  paper: 'https://arxiv.org/abs/2302.06675',
  pytorch: false,
  // The Lion paper: 3–10 times smaller than AdamW's rate.
  recommendedLearningRate: (_o, scale) => (scale === 'small' ? 3e-3 : undefined),
  hyperParameters: [
    learningRateSpec(1e-4),
    betaSpec('beta1', 0.9, 'interpolation β1 between momentum and gradient for the update sign'),
    betaSpec('beta2', 0.99, 'decay rate β2 of the momentum'),
    { kind: 'number', name: 'weightDecay', default: 0, min: 0, doc: 'decoupled weight decay λ: p ← p − η·λ·p' },
    maximizeSpec,
  ],
  stateKeys: ['step', 'm'],
  normalize: (o) => normalizeBetas('Lion', o),
  init: (p) => ({ step: 0, m: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    s.step += 1;
    const lr = h.learningRate;
    const b1 = h.beta1;
    const b2 = h.beta2;
    const c1 = 1 - b1;
    const c2 = 1 - b2;
    const decay = lr * h.weightDecay;
    const sign = gradientSign(h.maximize);
    const m = s.m;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('lion', 'general', out, { p, g, m }, { beta1: b1, beta2: b2, learningRate: lr, decay, sign })) return;
    for (let i = 0; i < n; i++) {
      const gi = sign * g[i]!;
      const mi = m[i]!;
      const c = b1 * mi + c1 * gi;
      m[i] = b2 * mi + c2 * gi;
      out[i] = out[i]! + (-decay * p[i]! - lr * Math.sign(c));
    }
  },
};

/**
 * Lion: EvoLved Sign Momentum. Every coordinate moves by exactly ±η (plus decay).
 *
 * Update:
 * ```
 * c = β1·m + (1 − β1)·g
 * p ← p − η·(sign(c) + λ·p)
 * m ← β2·m + (1 − β2)·g
 * ```
 * Defaults: learningRate 1e-4, beta1 0.9, beta2 0.99, weightDecay 0.
 * Paper: https://arxiv.org/abs/2302.06675
 *
 * @example
 * const opt = new Lion(model.namedParameters(), { learningRate: 3e-4, weightDecay: 0.1 });
 */
export const Lion: DefinedOptimizerClass<LionOptions, LionHyper, LionState> = optimizerClass(lionDefinition);
/** An instance of {@link Lion}. */
export type Lion = DefinedOptimizer<LionHyper, LionState>;

/**
 * Lion as a pure transformation (`lion(options)`).
 *
 * @example
 * const tx = lion({ learningRate: 3e-4 });
 */
export const lion: (options?: LionOptions) => GradientTransformation<OptimizerState<LionState>> = transformationFactory(lionDefinition);
