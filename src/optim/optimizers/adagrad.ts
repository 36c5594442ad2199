/**
 * Adagrad (Duchi, Hazan & Singer 2011), matching `torch.optim.Adagrad` (1.13).
 */
import { runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { epsSpec, learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** Adagrad's hyper-parameters. */
export interface AdagradOptions extends WeightDecayOptions {
  /** Inverse-time decay of η, default 0: η_t = η/(1 + (t − 1)·lrDecay). */
  lrDecay?: number;
  /** Starting value of the sum of squares, default 0. */
  initialAccumulatorValue?: number;
  /** ε, default 1e-10. */
  eps?: number;
}

/** Resolved Adagrad hyper-parameters. */
export type AdagradHyper = Required<AdagradOptions>;

/** Adagrad's per-parameter state. */
export interface AdagradState extends StepState {
  /** G, the running sum of g². */
  sum: FloatArray;
}

/** Adagrad's definition. */
export const adagradDefinition: OptimizerDefinition<AdagradHyper, AdagradState> = {
  name: 'Adagrad',
  key: 'adagrad',
  summary: 'Per-coordinate steps from the sum of all past squared gradients.',
  paper: 'https://jmlr.org/papers/v12/duchi11a.html',
  pytorch: true,
  recommendedLearningRate: (_o, scale) => (scale === 'small' ? 0.1 : undefined),
  hyperParameters: [
    learningRateSpec(1e-2),
    { kind: 'number', name: 'lrDecay', default: 0, min: 0, doc: 'learning-rate decay: η_t = η/(1 + (t − 1)·lrDecay)' },
    weightDecaySpec,
    { kind: 'number', name: 'initialAccumulatorValue', default: 0, min: 0, doc: 'initial value of the sum of squared gradients' },
    epsSpec(1e-10),
    maximizeSpec,
  ],
  stateKeys: ['step', 'sum'],
  init: (p, h) => ({ step: 0, sum: slot(p, h.initialAccumulatorValue) }),
  step(p, g, s, h, out) {
    const n = p.length;
    const t = (s.step += 1);
    const negClr = -(h.learningRate / (1 + (t - 1) * h.lrDecay));
    const eps = h.eps;
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const sum = s.sum;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('adagrad', 'general', out, { p, g, sum }, { negClr, eps, sign, l2: wd })) return;
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      const si = sum[i]! + gi * gi;
      sum[i] = si;
      out[i] = out[i]! + (negClr * gi) / (Math.sqrt(si) + eps);
    }
  },
};

/**
 * Adagrad: per-coordinate step sizes from the sum of all past squared gradients, as
 * `torch.optim.Adagrad`.
 *
 * Update at step t:
 * ```
 * g ← g + λ·p
 * η_t = η / (1 + (t − 1)·lrDecay)
 * G ← G + g²                           (G starts at initialAccumulatorValue)
 * p ← p − η_t · g / (√G + ε)
 * ```
 * Defaults: learningRate 1e-2, lrDecay 0, weightDecay 0, initialAccumulatorValue 0, eps 1e-10.
 * Paper: https://jmlr.org/papers/v12/duchi11a.html
 *
 * @example
 * const opt = new Adagrad(model.namedParameters(), { learningRate: 0.1 });
 */
export const Adagrad: DefinedOptimizerClass<AdagradOptions, AdagradHyper, AdagradState> = optimizerClass(adagradDefinition);
/** An instance of {@link Adagrad}. */
export type Adagrad = DefinedOptimizer<AdagradHyper, AdagradState>;

/**
 * Adagrad as a pure transformation (`adagrad(options)`).
 *
 * @example
 * const tx = adagrad({ learningRate: 0.1 });
 */
export const adagrad: (options?: AdagradOptions) => GradientTransformation<OptimizerState<AdagradState>> = transformationFactory(adagradDefinition);
