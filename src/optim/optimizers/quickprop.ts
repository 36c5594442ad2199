/**
 * QuickProp (Fahlman 1988): a per-weight secant (quasi-Newton) step that fits a parabola through
 * the last two slopes, bounded by a maximum growth factor.
 */
import { transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** QuickProp's hyper-parameters. */
export interface QuickPropOptions extends WeightDecayOptions {
  /** μ, default 1.75: a step may be at most μ times the previous one. */
  maxGrowthFactor?: number;
}

/** Resolved QuickProp hyper-parameters. */
export type QuickPropHyper = Required<QuickPropOptions>;

/** QuickProp's per-parameter state. */
export interface QuickPropState extends StepState {
  /** Δw(t−1), the previous step. */
  prevStep: FloatArray;
  /** S(t−1) = −∂E/∂w at the previous step (Fahlman's "slope"). */
  prevSlope: FloatArray;
}

/** QuickProp's definition. */
export const quickpropDefinition: OptimizerDefinition<QuickPropHyper, QuickPropState> = {
  name: 'QuickProp',
  key: 'quickprop',
  summary: "Fahlman's per-weight secant step to the minimum of a parabola, with a maximum growth factor.",
  paper: 'http://cs.cmu.edu/~sef/sefQuickprop.htm',
  pytorch: false,
  hyperParameters: [
    learningRateSpec(1e-3, 'ε of the gradient-descent term'),
    { kind: 'number', name: 'maxGrowthFactor', default: 1.75, min: 0, minExclusive: true, doc: 'maximum growth factor μ: |Δw(t)| ≤ μ·|Δw(t−1)|' },
    weightDecaySpec,
    maximizeSpec,
  ],
  stateKeys: ['step', 'prevStep', 'prevSlope'],
  init: (p) => ({ step: 0, prevStep: slot(p), prevSlope: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    s.step += 1;
    const eps = h.learningRate;
    const mu = h.maxGrowthFactor;
    // Fahlman's test for "the parabola's minimum is too far": S(t) beyond μ/(1+μ)·S(t−1).
    const shrink = mu / (1 + mu);
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const prevStep = s.prevStep;
    const prevSlope = s.prevSlope;
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      const slope = -gi;
      const dPrev = prevStep[i]!;
      const sPrev = prevSlope[i]!;
      let step = 0;
      if (dPrev > 0) {
        // Keep a gradient term only while the slope still points the way we were going.
        if (slope > 0) step += eps * slope;
        step += slope > shrink * sPrev ? mu * dPrev : (dPrev * slope) / (sPrev - slope);
      } else if (dPrev < 0) {
        if (slope < 0) step += eps * slope;
        step += slope < shrink * sPrev ? mu * dPrev : (dPrev * slope) / (sPrev - slope);
      } else {
        step = eps * slope;
      }
      prevStep[i] = step;
      prevSlope[i] = slope;
      out[i] = out[i]! + step;
    }
  },
};

/**
 * QuickProp: each weight jumps to the minimum of the parabola through its last two slopes.
 *
 * Update per weight, with S = −∂E/∂w and Δ the previous step (Fahlman's rules):
 * ```
 * Δ = 0:  Δw = ε·S
 * Δ ≠ 0:  Δw = Δ·S/(S_prev − S)     (secant step to the parabola's minimum)
 *         Δw = μ·Δ instead when S is beyond μ/(1+μ)·S_prev (the jump would be too large or uphill)
 *         plus ε·S while S has the sign of Δ
 * ```
 * Defaults: learningRate (ε) 1e-3, maxGrowthFactor (μ) 1.75, weightDecay 0. Best full-batch.
 * Paper: http://cs.cmu.edu/~sef/sefQuickprop.htm (Fahlman, "An empirical study of
 * learning speed in back-propagation networks", CMU-CS-88-162)
 *
 * @example
 * const opt = new QuickProp(model.namedParameters(), { learningRate: 0.01 });
 */
export const QuickProp: DefinedOptimizerClass<QuickPropOptions, QuickPropHyper, QuickPropState> = optimizerClass(quickpropDefinition);
/** An instance of {@link QuickProp}. */
export type QuickProp = DefinedOptimizer<QuickPropHyper, QuickPropState>;

/**
 * QuickProp as a pure transformation (`quickprop(options)`).
 *
 * @example
 * const tx = quickprop({ learningRate: 0.01 });
 */
export const quickprop: (options?: QuickPropOptions) => GradientTransformation<OptimizerState<QuickPropState>> = transformationFactory(quickpropDefinition);
