/** The 1/k decay of stochastic approximation (Robbins & Monro 1951). */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { closedForm, type Schedule } from './schedule.js';

/** Options of {@link inverseTimeDecay}. */
export interface InverseTimeDecayOptions {
  /** The initial learning rate η₀. Required. */
  learningRate: number;
  /** The decay rate γ (per step). Default 1, so that `η_k = η₀ / (1 + k)`. */
  decayRate?: number;
  /** The exponent p. Default 1 (the classic 1/k); any p in (1/2, 1] meets Robbins–Monro's conditions. */
  power?: number;
}

/** Hyper-parameters of {@link inverseTimeDecay}. */
export const inverseTimeDecayHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'decayRate', default: 1, min: 0, logScale: true, doc: 'γ: how fast the rate decays per step' },
  { kind: 'number', name: 'power', default: 1, min: 0, minExclusive: true, doc: 'p: η_k = η₀ / (1 + γk)^p' },
];

/**
 * Inverse-time decay: `η_k = η₀ / (1 + γ·k)^p`. With γ = p = 1 this is the 1/k step size of
 * stochastic approximation: Σ η_k = ∞ and Σ η_k² < ∞ (Robbins–Monro), which makes SGD converge on
 * convex problems despite noisy gradients. Defaults: γ = 1, p = 1.
 *
 * Reference: Robbins & Monro (1951), "A Stochastic Approximation Method",
 * https://doi.org/10.1214/aoms/1177729586
 *
 * @example
 * ```ts
 * const s = inverseTimeDecay({ learningRate: 0.1 });
 * s.value(0); // 0.1
 * s.value(9); // 0.01
 * ```
 */
export function inverseTimeDecay(options: InverseTimeDecayOptions): Schedule {
  const { learningRate, decayRate, power } = readScheduleOptions('inverseTimeDecay', inverseTimeDecayHyperParameters, options, ['learningRate']);
  return closedForm(
    'inverseTimeDecay',
    (k) => (power === 1 ? learningRate / (1 + decayRate * k) : learningRate / Math.pow(1 + decayRate * k, power)),
    false,
  );
}
