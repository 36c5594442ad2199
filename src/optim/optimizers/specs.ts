/**
 * Hyper-parameter specs that several optimizers share, so the same option has the same name, range
 * and documentation everywhere.
 */
import type { HyperParameterSpec, NumberSpec } from '../../registry/spec.js';
import type { FloatArray } from '../types.js';

/** `learningRate` (η): the step size, ≥ 0, log scale. */
export function learningRateSpec(def: number, doc = 'step size η'): NumberSpec {
  return { kind: 'number', name: 'learningRate', default: def, min: 0, logScale: true, doc };
}

/** `eps`: added for numerical stability, ≥ 0, log scale. */
export function epsSpec(def: number, doc = 'added to the denominator for numerical stability'): NumberSpec {
  return { kind: 'number', name: 'eps', default: def, min: 0, logScale: true, doc };
}

/** A decay rate β in [0, 1). */
export function betaSpec(name: string, def: number, doc: string): NumberSpec {
  return { kind: 'number', name, default: def, min: 0, max: 1, maxExclusive: true, doc };
}

/** `weightDecay` as PyTorch's L2 penalty: g ← g + λ·p before the update. */
export const weightDecaySpec: NumberSpec = {
  kind: 'number',
  name: 'weightDecay',
  default: 0,
  min: 0,
  doc: 'L2 penalty λ: the gradient becomes g + λ·p',
};

/** `maximize`: ascend instead of descend (g ← −g). */
export const maximizeSpec: HyperParameterSpec = {
  kind: 'boolean',
  name: 'maximize',
  default: false,
  doc: 'maximize the objective instead of minimizing it (uses −g)',
};

/** The Adam family's advice: 1e-2 on small problems (their 1e-3 needs thousands of updates there), else the default. */
export function adamFamilyLearningRate(_options: unknown, scale: 'small' | 'large'): number | undefined {
  return scale === 'small' ? 1e-2 : undefined;
}

/** The options every first-order optimizer takes (each optimizer's defaults are in its class TSDoc). */
export interface CommonOptions {
  /** η, the step size. */
  learningRate?: number;
  /** Ascend instead of descend (the update uses −g); default false. */
  maximize?: boolean;
}

/** {@link CommonOptions} plus PyTorch's L2 weight decay. */
export interface WeightDecayOptions extends CommonOptions {
  /** λ, default 0: the L2 penalty, the gradient becomes g + λ·p. */
  weightDecay?: number;
}

/** The state every first-order optimizer keeps per parameter: the step count, and its own arrays. */
export interface StepState {
  [key: string]: number | FloatArray;
  /** t, steps taken. */
  step: number;
}

/** β1 and β2 of a two-average optimizer, or PyTorch's `betas: [β1, β2]` instead (defaults per optimizer). */
export interface BetasOptions {
  /** β1, the first average's decay or interpolation. */
  beta1?: number;
  /** β2, the second average's decay. */
  beta2?: number;
  /** PyTorch's spelling: `[beta1, beta2]`; give it or beta1/beta2, not both. */
  betas?: readonly [number, number];
}
