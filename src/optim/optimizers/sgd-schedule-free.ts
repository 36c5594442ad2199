/**
 * Schedule-Free SGD (Defazio et al. 2024, "The Road Less Scheduled"), matching the reference
 * `SGDScheduleFreeReference` of facebookresearch/schedule_free.
 */
import { transformationFactory, type OptimizerState } from '../definition.js';
import type { GradientTransformation } from '../transform.js';
import type { ParamsInput } from '../types.js';
import { averageAndInterpolate, scheduleFreeAveragingSpecs, scheduleFreeInit, scheduleFreeStep, ScheduleFreeOptimizer, type ScheduleFreeAveraging, type ScheduleFreeDefinition, type ScheduleFreeState } from './schedule-free.js';
import { learningRateSpec } from './specs.js';

/** Schedule-Free SGD's hyper-parameters. */
export interface SGDScheduleFreeOptions extends Partial<ScheduleFreeAveraging> {
  /** η, default 1 (the reference's default; Schedule-Free SGD tolerates large rates). */
  learningRate?: number;
  /** β in (0, 1), default 0.9: the interpolation y = β·x + (1 − β)·z that replaces momentum. */
  momentum?: number;
  /** λ, default 0: L2 penalty evaluated at y (g ← g + λ·y). */
  weightDecay?: number;
}

/** Resolved hyper-parameters. */
export type SGDScheduleFreeHyper = Required<SGDScheduleFreeOptions>;

/** Schedule-Free SGD's definition: the whole update in one pass per parameter. */
export const sgdScheduleFreeDefinition: ScheduleFreeDefinition<SGDScheduleFreeHyper, ScheduleFreeState> = {
  name: 'SGDScheduleFree',
  key: 'sgd-schedule-free',
  summary: 'Schedule-Free SGD: no learning-rate schedule; gradients at an interpolation, evaluation at the running average (train/eval modes).',
  paper: 'https://arxiv.org/abs/2405.15682',
  pytorch: false,
  hyperParameters: [
    learningRateSpec(1),
    { kind: 'number', name: 'momentum', default: 0.9, min: 0, max: 1, minExclusive: true, maxExclusive: true, doc: 'interpolation β of the gradient point y = β·x + (1 − β)·z, in (0, 1)' },
    { kind: 'number', name: 'weightDecay', default: 0, min: 0, doc: 'L2 penalty λ at the gradient point: g ← g + λ·y' },
    ...scheduleFreeAveragingSpecs,
  ],
  stateKeys: ['step', 'weightSum', 'lrMax', 'z', 'x'],
  init: (p) => scheduleFreeInit(p),
  interpolation: (h) => h.momentum,
  step(p, g, s, h, out) {
    const { lr, ckp1 } = scheduleFreeStep(s, h.learningRate, h);
    const wd = h.weightDecay;
    const z = s.z;
    for (let i = 0; i < p.length; i++) {
      // p holds y in train mode, so the L2 term is the reference's λ·y.
      const gi = wd !== 0 ? g[i]! + wd * p[i]! : g[i]!;
      z[i] = z[i]! - lr * gi;
      averageAndInterpolate(i, p, s, ckp1, h.momentum, out);
    }
  },
};

/**
 * Schedule-Free SGD: SGD on a base sequence z, evaluated at the running average x of the z's and
 * differentiated at their interpolation y; no learning-rate schedule is needed.
 *
 * Update at step t (c_t = w_t / Σ w, w_t = t^r · (max η so far)^weightLrPower):
 * ```
 * η_t = η · min(1, t / warmupSteps)
 * z ← z − η_t·(g + λ·y)
 * x ← (1 − c_t)·x + c_t·z
 * y ← β·x + (1 − β)·z          (the parameters hold y while training)
 * ```
 * Call `opt.eval()` before evaluating (the parameters then hold x) and `opt.train()` before training
 * again; `fit` does it for you. Defaults: learningRate 1, momentum 0.9, weightDecay 0, warmupSteps 0,
 * r 0, weightLrPower 2. Paper: https://arxiv.org/abs/2405.15682
 *
 * @example
 * const opt = new SGDScheduleFree(model.namedParameters(), { learningRate: 0.5, warmupSteps: 100 });
 * // … training steps …
 * opt.eval(); // evaluate or save at x
 */
export class SGDScheduleFree extends ScheduleFreeOptimizer<SGDScheduleFreeHyper, ScheduleFreeState> {
  /** The definition this class runs (the registry reads it). */
  static readonly definition = sgdScheduleFreeDefinition;

  constructor(params: ParamsInput, options: SGDScheduleFreeOptions = {}) {
    super(sgdScheduleFreeDefinition, params, options);
  }
}

/**
 * Schedule-Free SGD as a pure transformation (its updates move the training point y; the state's
 * `x` is the point to evaluate).
 *
 * @example
 * const tx = sgdScheduleFree({ learningRate: 0.5 });
 */
export const sgdScheduleFree: (options?: SGDScheduleFreeOptions) => GradientTransformation<OptimizerState<ScheduleFreeState>> = transformationFactory(sgdScheduleFreeDefinition);
