/**
 * Schedule-Free AdamW (Defazio et al. 2024, "The Road Less Scheduled"), matching the reference
 * `AdamWScheduleFreeReference` of facebookresearch/schedule_free (bias correction inside the
 * denominator, the average weighted by the un-corrected learning rate).
 */
import { transformationFactory, normalizeBetas, slot, type OptimizerState } from '../definition.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray, ParamsInput } from '../types.js';
import { averageAndInterpolate, scheduleFreeAveragingSpecs, scheduleFreeInit, scheduleFreeStep, ScheduleFreeOptimizer, type ScheduleFreeAveraging, type ScheduleFreeDefinition, type ScheduleFreeState } from './schedule-free.js';
import { adamFamilyLearningRate, betaSpec, epsSpec, learningRateSpec, type BetasOptions } from './specs.js';

/** Schedule-Free AdamW's hyper-parameters: β1 (default 0.9) is the interpolation y = β1·x + (1 − β1)·z (there is no first moment), β2 (0.999) the second moment's decay. */
export interface AdamWScheduleFreeOptions extends Partial<ScheduleFreeAveraging>, BetasOptions {
  /** η, default 0.0025 (the reference's default). */
  learningRate?: number;
  /** ε, default 1e-8. */
  eps?: number;
  /** λ, default 0: decoupled weight decay z ← z − η_t·λ·(y, or z with decayAtZ). */
  weightDecay?: number;
  /** Decay at z instead of y, default false. */
  decayAtZ?: boolean;
}

/** Resolved hyper-parameters. */
export type AdamWScheduleFreeHyper = Required<Omit<AdamWScheduleFreeOptions, 'betas'>>;

/** Schedule-Free AdamW's per-parameter state: the shared points and counters, and v. */
export interface AdamWScheduleFreeState extends ScheduleFreeState {
  /** v, the exponential average of g² (the reference's exp_avg_sq). */
  v: FloatArray;
}

/** Schedule-Free AdamW's definition: the whole update in one pass per parameter. */
export const adamwScheduleFreeDefinition: ScheduleFreeDefinition<AdamWScheduleFreeHyper, AdamWScheduleFreeState> = {
  name: 'AdamWScheduleFree',
  key: 'adamw-schedule-free',
  summary: 'Schedule-Free AdamW: Adam scaling without a schedule; evaluation at the running average (train/eval modes).',
  paper: 'https://arxiv.org/abs/2405.15682',
  pytorch: false,
  recommendedLearningRate: adamFamilyLearningRate,
  hyperParameters: [
    learningRateSpec(0.0025),
    betaSpec('beta1', 0.9, 'interpolation β1 of the gradient point y = β1·x + (1 − β1)·z'),
    betaSpec('beta2', 0.999, 'decay rate β2 of the second moment'),
    epsSpec(1e-8),
    { kind: 'number', name: 'weightDecay', default: 0, min: 0, doc: 'decoupled weight decay λ: z ← z − η_t·λ·y' },
    { kind: 'boolean', name: 'decayAtZ', default: false, doc: 'apply the weight decay at z instead of y' },
    ...scheduleFreeAveragingSpecs,
  ],
  stateKeys: ['step', 'weightSum', 'lrMax', 'z', 'x', 'v'],
  normalize: (o) => normalizeBetas('AdamWScheduleFree', o),
  init: (p) => ({ ...scheduleFreeInit(p), v: slot(p) }),
  interpolation: (h) => h.beta1,
  step(p, g, s, h, out) {
    const b2 = h.beta2;
    const biasCorrection2 = 1 - b2 ** (s.step + 1);
    const { lr, ckp1 } = scheduleFreeStep(s, h.learningRate, h);
    const decay = lr * h.weightDecay;
    const { z, v } = s;
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      // p holds y in train mode.
      if (h.weightDecay !== 0) z[i] = z[i]! - decay * (h.decayAtZ ? z[i]! : p[i]!);
      const vi = (v[i] = v[i]! * b2 + (1 - b2) * gi * gi);
      const denom = Math.sqrt(vi / biasCorrection2) + h.eps;
      // torch addcdiv: z + (value·g) / denom.
      z[i] = z[i]! + (-lr * gi) / denom;
      averageAndInterpolate(i, p, s, ckp1, h.beta1, out);
    }
  },
};

/**
 * Schedule-Free AdamW: Adam's per-coordinate scaling on the base sequence z, with the Schedule-Free
 * average x (evaluated) and interpolation y (differentiated); no schedule needed.
 *
 * Update at step t (c_t = w_t / Σ w, w_t = t^r · (max η so far)^weightLrPower):
 * ```
 * η_t = η · min(1, t / warmupSteps)
 * z ← z − η_t·λ·y                          (decoupled decay; at z with decayAtZ)
 * v ← β2·v + (1 − β2)·g²
 * z ← z − η_t · g / (√(v / (1 − β2^t)) + ε)
 * x ← (1 − c_t)·x + c_t·z,    y ← β1·x + (1 − β1)·z
 * ```
 * Call `opt.eval()` before evaluating and `opt.train()` before training; `fit` does it for you.
 * Defaults: learningRate 0.0025, beta1 0.9, beta2 0.999, eps 1e-8, weightDecay 0, warmupSteps 0,
 * r 0, weightLrPower 2. Paper: https://arxiv.org/abs/2405.15682
 *
 * @example
 * const opt = new AdamWScheduleFree(model.namedParameters(), { learningRate: 1e-3, warmupSteps: 200 });
 */
export class AdamWScheduleFree extends ScheduleFreeOptimizer<AdamWScheduleFreeHyper, AdamWScheduleFreeState> {
  /** The definition this class runs (the registry reads it). */
  static readonly definition = adamwScheduleFreeDefinition;

  constructor(params: ParamsInput, options: AdamWScheduleFreeOptions = {}) {
    super(adamwScheduleFreeDefinition, params, options);
  }
}

/**
 * Schedule-Free AdamW as a pure transformation (its updates move the training point y; the state's
 * `x` is the point to evaluate).
 *
 * @example
 * const tx = adamwScheduleFree({ learningRate: 1e-3 });
 */
export const adamwScheduleFree: (options?: AdamWScheduleFreeOptions) => GradientTransformation<OptimizerState<AdamWScheduleFreeState>> =
  transformationFactory(adamwScheduleFreeDefinition);
