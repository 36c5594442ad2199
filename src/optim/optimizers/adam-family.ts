/**
 * What the Adam family (Adam, AdamW, Adamax, NAdam, RAdam) shares: the options every member takes, and
 * the moment estimates most of them keep per parameter.
 */
import type { HyperParameterSpec } from '../../registry/spec.js';
import { gradientSign } from '../gradient-terms.js';
import type { FloatArray } from '../types.js';
import { betaSpec, epsSpec, learningRateSpec, maximizeSpec, weightDecaySpec, type BetasOptions, type StepState } from './specs.js';

/** Options of every Adam-family optimizer. `betas: [β1, β2]` is accepted as PyTorch's spelling of beta1/beta2. */
export interface AdamFamilyOptions extends BetasOptions {
  /** η; default 1e-3 (Adam, AdamW, RAdam) or 2e-3 (Adamax, NAdam). */
  learningRate?: number;
  /** ε, default 1e-8 (Adamax: inside the max, as in PyTorch). */
  eps?: number;
  /** λ, default 0: added to the gradient as λ·p (L2), unless the optimizer decouples it (AdamW). */
  weightDecay?: number;
  /** Ascend instead of descend; default false. */
  maximize?: boolean;
}

/** Per-parameter state of Adam, NAdam and RAdam: the step count and the two moment estimates. */
export interface MomentState extends StepState {
  /** m, first-moment estimate (exponential average of g). */
  m: FloatArray;
  /** v, second-moment estimate (exponential average of g²). */
  v: FloatArray;
}

/** PyTorch 2's `decoupled_weight_decay` switch of NAdam and RAdam. */
export const decoupledWeightDecaySpec: HyperParameterSpec = {
  kind: 'boolean',
  name: 'decoupledWeightDecay',
  default: false,
  doc: 'decay the weights directly (AdamW style) instead of adding λ·p to g',
};

/**
 * An Adam-family member's hyper-parameters, in PyTorch's order: η, β1, β2, ε, λ, then its own, then
 * maximize.
 */
export function adamFamilySpecs(o: { learningRate: number; beta2Doc?: string; weightDecay?: HyperParameterSpec; own?: readonly HyperParameterSpec[] }): readonly HyperParameterSpec[] {
  return [
    learningRateSpec(o.learningRate),
    betaSpec('beta1', 0.9, 'decay rate β1 of the first-moment average'),
    betaSpec('beta2', 0.999, o.beta2Doc ?? 'decay rate β2 of the second-moment average'),
    epsSpec(1e-8),
    o.weightDecay ?? weightDecaySpec,
    ...(o.own ?? []),
    maximizeSpec,
  ];
}

/** The scalars every Adam-family step starts from; advances the step count. */
export interface MomentStep {
  /** t, this step's number (1 at the first step). */
  t: number;
  b1: number;
  b2: number;
  /** 1 − β1 and 1 − β2, the weights of the new gradient in the averages. */
  c1: number;
  c2: number;
  eps: number;
  /** −1 when maximizing, else 1 (see gradientAt). */
  sign: number;
}

/** Counts the step and reads the family's common scalars. */
export function momentStep(s: StepState, h: { beta1: number; beta2: number; eps: number; maximize: boolean }): MomentStep {
  const t = (s.step += 1);
  return { t, b1: h.beta1, b2: h.beta2, c1: 1 - h.beta1, c2: 1 - h.beta2, eps: h.eps, sign: gradientSign(h.maximize) };
}
