/**
 * Adadelta (Zeiler 2012), matching `torch.optim.Adadelta` (1.13).
 */
import { runUpdateKernel, transformationFactory, slot, type OptimizerDefinition, type OptimizerState } from '../definition.js';
import { optimizerClass, type DefinedOptimizer, type DefinedOptimizerClass } from '../defined-optimizer.js';
import { gradientAt, gradientSign } from '../gradient-terms.js';
import type { GradientTransformation } from '../transform.js';
import type { FloatArray } from '../types.js';
import { betaSpec, epsSpec, learningRateSpec, maximizeSpec, weightDecaySpec, type WeightDecayOptions, type StepState } from './specs.js';

/** Adadelta's hyper-parameters. */
export interface AdadeltaOptions extends WeightDecayOptions {
  /** ρ, default 0.9: decay rate of both running averages. */
  rho?: number;
  /** ε, default 1e-6 (inside both square roots). */
  eps?: number;
}

/** Resolved Adadelta hyper-parameters. */
export type AdadeltaHyper = Required<AdadeltaOptions>;

/** Adadelta's per-parameter state. */
export interface AdadeltaState extends StepState {
  /** v = E[g²], running average of squared gradients. */
  v: FloatArray;
  /** u = E[Δx²], running average of squared updates. */
  u: FloatArray;
}

/** Adadelta's definition. */
export const adadeltaDefinition: OptimizerDefinition<AdadeltaHyper, AdadeltaState> = {
  name: 'Adadelta',
  key: 'adadelta',
  summary: 'Unit-correct steps from running averages of squared gradients and squared updates.',
  paper: 'https://arxiv.org/abs/1212.5701',
  pytorch: true,
  hyperParameters: [
    learningRateSpec(1, 'scale η applied to the Adadelta step'),
    { ...betaSpec('rho', 0.9, 'decay rate ρ of the running averages'), max: 1, maxExclusive: false },
    epsSpec(1e-6),
    weightDecaySpec,
    maximizeSpec,
  ],
  stateKeys: ['step', 'v', 'u'],
  init: (p) => ({ step: 0, v: slot(p), u: slot(p) }),
  step(p, g, s, h, out) {
    const n = p.length;
    s.step += 1;
    const rho = h.rho;
    const cr = 1 - rho;
    const eps = h.eps;
    const negLr = -h.learningRate;
    const wd = h.weightDecay;
    const sign = gradientSign(h.maximize);
    const v = s.v;
    const u = s.u;
    // The same loop in the backend (wasm SIMD) when it can run there, bit for bit.
    if (runUpdateKernel('adadelta', 'general', out, { p, g, v, u }, { rho, eps, negLr, sign, l2: wd })) return;
    for (let i = 0; i < n; i++) {
      const gi = gradientAt(g, p, i, sign, wd);
      const vi = (v[i] = v[i]! * rho + cr * gi * gi);
      const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(vi + eps)) * gi;
      u[i] = u[i]! * rho + cr * delta * delta;
      out[i] = out[i]! + negLr * delta;
    }
  },
};

/**
 * Adadelta: steps with the units of the parameters, from running averages of squared gradients and
 * squared updates, as `torch.optim.Adadelta`.
 *
 * Update:
 * ```
 * g ← g + λ·p
 * v ← ρ·v + (1 − ρ)·g²
 * Δ = √(u + ε)/√(v + ε) · g
 * u ← ρ·u + (1 − ρ)·Δ²
 * p ← p − η·Δ
 * ```
 * Defaults: learningRate 1, rho 0.9, eps 1e-6, weightDecay 0. Paper: https://arxiv.org/abs/1212.5701
 *
 * @example
 * const opt = new Adadelta(model.namedParameters());
 */
export const Adadelta: DefinedOptimizerClass<AdadeltaOptions, AdadeltaHyper, AdadeltaState> = optimizerClass(adadeltaDefinition);
/** An instance of {@link Adadelta}. */
export type Adadelta = DefinedOptimizer<AdadeltaHyper, AdadeltaState>;

/**
 * Adadelta as a pure transformation (`adadelta(options)`).
 *
 * @example
 * const tx = adadelta({ rho: 0.95 });
 */
export const adadelta: (options?: AdadeltaOptions) => GradientTransformation<OptimizerState<AdadeltaState>> = transformationFactory(adadeltaDefinition);
