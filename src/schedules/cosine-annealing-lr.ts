/** CosineAnnealingLR: half a cosine from η₀ down to ηmin over tMax steps. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { chainableRecurrence, restartedRecurrence, type Schedule } from './schedule.js';
import { cos } from '../numerics/libm.js';

/** Options of {@link cosineAnnealingLR}. */
export interface CosineAnnealingLROptions {
  /** The initial (maximum) learning rate η₀. Required. */
  learningRate: number;
  /** The half-period T_max in steps. Required. */
  tMax: number;
  /** The minimum learning rate η_min. Default 0. */
  etaMin?: number;
}

/** Hyper-parameters of {@link cosineAnnealingLR}. */
export const cosineAnnealingLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'integer', name: 'tMax', default: null, min: 1, doc: 'T_max: steps from η₀ down to η_min' },
  { kind: 'number', name: 'etaMin', default: 0, min: 0, doc: 'η_min: the learning rate at T_max' },
];

/**
 * PyTorch's CosineAnnealingLR: `η_k = η_min + (η₀ − η_min)·(1 + cos(πk/T_max))/2`.
 *
 * Past T_max the cosine continues (period 2·T_max): it neither clamps nor restarts. The values are
 * computed with PyTorch's recursion, `η_k = η_min + (η_{k-1} − η_min)·(1 + cos(πk/T))/(1 + cos(π(k−1)/T))`
 * (and `η_k = η_{k-1} + (η₀ − η_min)(1 − cos(π/T))/2` where the denominator vanishes), so they
 * equal PyTorch's to the last bit. Default η_min = 0.
 *
 * Reference: Loshchilov & Hutter (2017), "SGDR: Stochastic Gradient Descent with Warm Restarts",
 * https://arxiv.org/abs/1608.03983; https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingLR.html
 *
 * @example
 * ```ts
 * const s = cosineAnnealingLR({ learningRate: 0.1, tMax: 10, etaMin: 0.001 });
 * s.value(0);  // 0.1
 * s.value(10); // 0.001
 * ```
 */
export function cosineAnnealingLR(options: CosineAnnealingLROptions): Schedule {
  const owner = 'CosineAnnealingLR';
  const { learningRate: base, tMax, etaMin } = readScheduleOptions(owner, cosineAnnealingLRHyperParameters, options, ['learningRate', 'tMax']);
  // NOTE: operation order copied from PyTorch's get_lr so that the rounding matches.
  const next = (lr: number, k: number): number =>
    (k - 1 - tMax) % (2 * tMax) === 0
      ? lr + ((base - etaMin) * (1 - cos(Math.PI / tMax))) / 2
      : ((1 + cos((Math.PI * k) / tMax)) / (1 + cos((Math.PI * (k - 1)) / tMax))) * (lr - etaMin) + etaMin;
  // SequentialLR restarts it with step(0), i.e. the closed form at 0.
  const restartValue = etaMin + ((base - etaMin) * (1 + cos(0))) / 2;
  return { ...chainableRecurrence(owner, base, (lr) => lr, next), restartFrom: restartedRecurrence(owner, next, () => restartValue) };
}
