/** SWALR: anneal to a constant SWA learning rate (Izmailov et al. 2018). */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { chainableRecurrence, restartedRecurrence, type Schedule } from './schedule.js';
import { cos } from '../numerics/libm.js';

/** Options of {@link swaLR}. */
export interface SWALROptions {
  /** The learning rate η₀ when SWA starts (PyTorch: the optimizer's lr). Required. */
  learningRate: number;
  /** The constant SWA learning rate η_swa reached after the annealing. Required. */
  swaLr: number;
  /** The number of annealing steps A. Default 10. */
  annealEpochs?: number;
  /** 'cos' or 'linear'. Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
}

/** Hyper-parameters of {@link swaLR}. */
export const swaLRHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'number', name: 'swaLr', default: null, min: 0, logScale: true, doc: 'η_swa: the constant rate during SWA' },
  { kind: 'integer', name: 'annealEpochs', default: 10, min: 0, doc: 'A: steps to go from η₀ to η_swa' },
  { kind: 'choice', name: 'annealStrategy', default: 'cos', choices: ['cos', 'linear'], doc: 'shape of the annealing' },
];

/**
 * PyTorch's SWALR: `η_k = η_swa·α_k + η₀·(1 − α_k)` with `α_k = a(min(1, k/A))`, where
 * `a(t) = (1 − cos(πt))/2` ('cos') or `a(t) = t` ('linear'); from step A on, `η_k = η_swa`.
 *
 * Computed with PyTorch 1.13's recursion (each step recovers η₀ from the previous rate,
 * `(η_{k-1} − α_{k-1}·η_swa)/(1 − α_{k-1})`, then re-mixes it), so the values equal PyTorch's
 * bit for bit. Defaults: A = 10, 'cos'.
 *
 * Reference: Izmailov et al. (2018), "Averaging Weights Leads to Wider Optima and Better Generalization",
 * https://arxiv.org/abs/1803.05407; https://pytorch.org/docs/1.13/optim.html#stochastic-weight-averaging
 *
 * @example
 * ```ts
 * const s = swaLR({ learningRate: 0.1, swaLr: 0.02, annealEpochs: 5, annealStrategy: 'linear' });
 * [0, 1, 5].map(s.value); // [0.1, 0.08400000000000002, 0.02]
 * ```
 */
export function swaLR(options: SWALROptions): Schedule {
  const owner = 'SWALR';
  const o = readScheduleOptions(owner, swaLRHyperParameters, options, ['learningRate', 'swaLr']);
  const { swaLr: swa, annealEpochs: epochs } = o;
  const anneal = o.annealStrategy === 'cos' ? (t: number) => (1 - cos(Math.PI * t)) / 2 : (t: number) => t;
  const clamp = (v: number): number => Math.max(0, Math.min(1, v));
  const next = (lr: number, k: number): number => {
    const step = epochs === 0 ? Math.max(1, k) : k;
    const prevAlpha = anneal(clamp((step - 1) / Math.max(1, epochs)));
    const prevLr = prevAlpha === 1 ? swa : (lr - prevAlpha * swa) / (1 - prevAlpha);
    const alpha = anneal(clamp(step / Math.max(1, epochs)));
    return swa * alpha + prevLr * (1 - alpha);
  };
  // NOTE: PyTorch's SWALR counts its steps with _step_count, which its construction has already
  // advanced to 1 and SequentialLR does not undo (it only rewinds last_epoch). So at a milestone,
  // step(0) computes SWALR's step 1 from the optimizer's current rate, not step 0 from η₀.
  return {
    ...chainableRecurrence(owner, o.learningRate, (lr) => next(lr, 0), next),
    restartFrom: restartedRecurrence(owner, next, (lrBefore) => next(lrBefore, 1), 1),
  };
}
