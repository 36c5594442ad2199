/**
 * Rprop (Riedmiller & Braun 1993), matching `torch.optim.Rprop` (1.13): only the sign of the
 * gradient is used, with a step size per coordinate that grows while the sign holds.
 */
import { runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { learningRateSpec, maximizeSpec, type CommonOptions, type StepState } from './specs.js';

/** Rprop's hyper-parameters. */
export interface RpropOptions extends CommonOptions {
  /** [η−, η+], default [0.5, 1.2]: step-size factors after a sign change / a kept sign. */
  etas?: readonly [number, number];
  /** [Δmin, Δmax], default [1e-6, 50]: bounds of the step size. */
  stepSizes?: readonly [number, number];
}

/** Resolved Rprop hyper-parameters. */
export type RpropHyper = Required<RpropOptions>;

/** Rprop's per-parameter state. */
export interface RpropState extends StepState {
  /** The previous (possibly zeroed) gradient. */
  prev: FloatArray;
  /** Δ, the current step size of each coordinate. */
  stepSize: FloatArray;
}

/** Rprop's definition. */
export const rpropDefinition: OptimizerDefinition<RpropHyper, RpropState> = {
  name: 'Rprop',
  key: 'rprop',
  summary: 'Sign-based steps with per-coordinate step sizes that grow while the sign holds (full batch).',
  paper: 'https://doi.org/10.1109/ICNN.1993.298623',
  pytorch: true,
  hyperParameters: [
    learningRateSpec(1e-2, 'initial step size Δ0'),
    { kind: 'pair', name: 'etas', default: [0.5, 1.2], min: 0, doc: '[η−, η+]: factors applied to Δ after a sign change / a kept sign (0 < η− < 1 < η+)' },
    { kind: 'pair', name: 'stepSizes', default: [1e-6, 50], min: 0, doc: '[Δmin, Δmax]: bounds of the step size' },
    maximizeSpec,
  ],
  stateKeys: ['step', 'prev', 'stepSize'],
  check(h) {
    const [minus, plus] = h.etas;
    if (!(0 < minus && minus < 1 && 1 < plus)) {
      throw new Error(`Rprop: invalid etas: [${minus}, ${plus}] (need 0 < etaminus < 1 < etaplus)`);
    }
    const [lo, hi] = h.stepSizes;
    if (!(lo <= hi)) throw new Error(`Rprop: invalid stepSizes: [${lo}, ${hi}] (need min <= max)`);
  },
  init: (p, h) => ({ step: 0, prev: slot(p), stepSize: slot(p, h.learningRate) }),
  step(p, g, s, h, out) {
    const n = p.length;
    s.step += 1;
    const [etaMinus, etaPlus] = h.etas;
    const [lo, hi] = h.stepSizes;
    const sign = gradientSign(h.maximize);
    const prev = s.prev;
    const stepSize = s.stepSize;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('rprop', 'general', out, { p, g, prev, stepSize }, { etaMinus, etaPlus, lo, hi, sign })) return;
    for (let i = 0; i < n; i++) {
      let gi = sign * g[i]!;
      const prod = gi * prev[i]!;
      let step = stepSize[i]!;
      if (prod > 0) {
        step = Math.min(Math.max(step * etaPlus, lo), hi);
      } else if (prod < 0) {
        step = Math.min(Math.max(step * etaMinus, lo), hi);
        // After a sign change the step is skipped and the next step treats the sign as new.
        gi = 0;
      } else {
        step = Math.min(Math.max(step, lo), hi);
      }
      stepSize[i] = step;
      prev[i] = gi;
      out[i] = out[i]! + -1 * Math.sign(gi) * step;
    }
  },
};

/**
 * Rprop: resilient back-propagation, as `torch.optim.Rprop`.
 *
 * Update, per coordinate:
 * ```
 * s = sign(g · g_prev)
 * Δ ← clamp(Δ·η+, Δmin, Δmax) if s > 0;  clamp(Δ·η−, Δmin, Δmax) and g ← 0 if s < 0;  clamp(Δ) if s = 0
 * p ← p − sign(g)·Δ,   g_prev ← g
 * ```
 * Defaults: learningRate (Δ0) 1e-2, etas [0.5, 1.2], stepSizes [1e-6, 50]. Full-batch only: the
 * sign rule assumes exact gradients. Paper: https://doi.org/10.1109/ICNN.1993.298623
 *
 * @example
 * const opt = new Rprop(model.namedParameters());
 */
export const Rprop: DefinedOptimizerClass<RpropOptions, RpropHyper, RpropState> = optimizerClass(rpropDefinition);
/** An instance of {@link Rprop}. */
export type Rprop = DefinedOptimizer<RpropHyper, RpropState>;

/**
 * Rprop as a pure transformation (`rprop(options)`).
 *
 * @example
 * const tx = rprop({ etas: [0.5, 1.2] });
 */
export const rprop: (options?: RpropOptions) => GradientTransformation<OptimizerState<RpropState>> = transformationFactory(rpropDefinition);
