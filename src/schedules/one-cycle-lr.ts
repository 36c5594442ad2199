/** OneCycleLR: the 1cycle policy (warm up to maxLr, anneal far below), momentum cycled inversely. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { required, resolveScheduleOptions } from './options.js';
import { checkedStepFunction, type Schedule } from './schedule.js';
import { cos } from '../numerics/libm.js';

/** Options of {@link oneCycleLR}. Give `totalSteps`, or `epochs` and `stepsPerEpoch`. */
export interface OneCycleLROptions {
  /** The peak learning rate. Required. */
  maxLr: number;
  /** The length of the cycle in steps. */
  totalSteps?: number;
  /** With `stepsPerEpoch`: totalSteps = epochs · stepsPerEpoch. */
  epochs?: number;
  /** With `epochs`: totalSteps = epochs · stepsPerEpoch. */
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent increasing the rate. Default 0.3. */
  pctStart?: number;
  /** 'cos' or 'linear' annealing within each phase. Default 'cos'. */
  annealStrategy?: 'cos' | 'linear';
  /** Whether to cycle momentum (β1 for Adam-like optimizers) inversely to the rate. Default true. */
  cycleMomentum?: boolean;
  /** The momentum at the peak rate. Default 0.85. */
  baseMomentum?: number;
  /** The momentum at the start and end. Default 0.95. */
  maxMomentum?: number;
  /** The initial rate is maxLr / divFactor. Default 25. */
  divFactor?: number;
  /** The final rate is maxLr / divFactor / finalDivFactor. Default 1e4. */
  finalDivFactor?: number;
  /** Use the paper's three phases (up, back down to the initial rate, then to the minimum). Default false. */
  threePhase?: boolean;
}

/** Hyper-parameters of {@link oneCycleLR}. */
export const oneCycleLRHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'number', name: 'maxLr', default: null, min: 0, minExclusive: true, logScale: true, doc: 'peak learning rate' },
  { kind: 'integer', name: 'totalSteps', default: null, min: 1, doc: 'length of the cycle (or give epochs and stepsPerEpoch)' },
  { kind: 'integer', name: 'epochs', default: null, min: 1, doc: 'with stepsPerEpoch, gives totalSteps' },
  { kind: 'integer', name: 'stepsPerEpoch', default: null, min: 1, doc: 'with epochs, gives totalSteps' },
  { kind: 'number', name: 'pctStart', default: 0.3, min: 0, max: 1, doc: 'fraction of the cycle spent warming up' },
  { kind: 'choice', name: 'annealStrategy', default: 'cos', choices: ['cos', 'linear'], doc: 'annealing within a phase' },
  { kind: 'boolean', name: 'cycleMomentum', default: true, doc: 'cycle momentum (or β1) inversely to the rate' },
  { kind: 'number', name: 'baseMomentum', default: 0.85, min: 0, max: 1, doc: 'momentum at the peak rate' },
  { kind: 'number', name: 'maxMomentum', default: 0.95, min: 0, max: 1, doc: 'momentum at the start and end' },
  { kind: 'number', name: 'divFactor', default: 25, min: 0, minExclusive: true, doc: 'initial rate = maxLr / divFactor' },
  { kind: 'number', name: 'finalDivFactor', default: 1e4, min: 0, minExclusive: true, logScale: true, doc: 'final rate = initial rate / finalDivFactor' },
  { kind: 'boolean', name: 'threePhase', default: false, doc: "the paper's three phases instead of fastai's two" },
];

/** Cosine anneal from `start` to `end` as `pct` goes from 0 to 1 (PyTorch's operation order). */
export function annealCos(start: number, end: number, pct: number): number {
  return end + ((start - end) / 2.0) * (cos(Math.PI * pct) + 1);
}

/** Linear anneal from `start` to `end` as `pct` goes from 0 to 1 (PyTorch's operation order). */
export function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}

interface Phase { endStep: number; startLr: number; endLr: number; startMomentum: number; endMomentum: number }

/**
 * PyTorch's OneCycleLR (the 1cycle policy). With η_i = maxLr/divFactor and η_f = η_i/finalDivFactor,
 * two phases by default: over the first `pctStart·totalSteps − 1` steps the rate goes η_i → maxLr
 * (momentum maxMomentum → baseMomentum), then to step `totalSteps − 1` it goes maxLr → η_f (momentum
 * back up). Within a phase running from step a to b, `lr_k = anneal(start, end, (k − a)/(b − a))`
 * with `anneal_cos = end + (start − end)/2·(1 + cos(π·pct))` or the linear interpolation. With
 * `threePhase` the rate goes η_i → maxLr → η_i → η_f. Stepping beyond `totalSteps` is an error.
 * Defaults as PyTorch: pctStart 0.3, 'cos', momentum 0.85–0.95, divFactor 25, finalDivFactor 1e4.
 *
 * The returned schedule carries `momentum(step)` when cycleMomentum is on (SGD's momentum, or β1);
 * {@link applySchedule} writes both into an optimizer's parameter groups.
 *
 * Reference: Smith & Topin (2017), "Super-Convergence", https://arxiv.org/abs/1708.07120;
 * https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.OneCycleLR.html
 *
 * @example
 * ```ts
 * const s = oneCycleLR({ maxLr: 1, totalSteps: 100 });
 * s.value(0);       // 0.040000000000000036 (maxLr/25 through the cosine, as PyTorch)
 * s.value(29);      // 1 (the peak)
 * s.momentum?.(29); // 0.85
 * ```
 */
export function oneCycleLR(options: OneCycleLROptions): Schedule {
  const owner = 'OneCycleLR';
  const o = resolveScheduleOptions(owner, oneCycleLRHyperParameters, options);
  const maxLr = required<number>(owner, o, 'maxLr');
  let totalSteps = o.totalSteps as number | null;
  if (totalSteps === null) {
    if (o.epochs === null || o.stepsPerEpoch === null) {
      throw new Error(`${owner}: give totalSteps, or both epochs and stepsPerEpoch`);
    }
    totalSteps = (o.epochs as number) * (o.stepsPerEpoch as number);
  }
  const pctStart = o.pctStart as number;
  const anneal = o.annealStrategy === 'cos' ? annealCos : annealLinear;
  const initialLr = maxLr / (o.divFactor as number);
  const minLr = initialLr / (o.finalDivFactor as number);
  const baseM = o.baseMomentum as number;
  const maxM = o.maxMomentum as number;
  const phases: Phase[] = o.threePhase
    ? [
        { endStep: pctStart * totalSteps - 1, startLr: initialLr, endLr: maxLr, startMomentum: maxM, endMomentum: baseM },
        { endStep: 2 * pctStart * totalSteps - 2, startLr: maxLr, endLr: initialLr, startMomentum: baseM, endMomentum: maxM },
        { endStep: totalSteps - 1, startLr: initialLr, endLr: minLr, startMomentum: maxM, endMomentum: maxM },
      ]
    : [
        { endStep: pctStart * totalSteps - 1, startLr: initialLr, endLr: maxLr, startMomentum: maxM, endMomentum: baseM },
        { endStep: totalSteps - 1, startLr: maxLr, endLr: minLr, startMomentum: baseM, endMomentum: maxM },
      ];
  const total = totalSteps;
  const evaluate = (k: number, lr: boolean): number => {
    if (k > total) throw new Error(`${owner}: tried to step ${k} times; the specified number of total steps is ${total}`);
    let start = 0;
    for (let i = 0; i < phases.length; i++) {
      const p = phases[i]!;
      if (k <= p.endStep || i === phases.length - 1) {
        if (p.endStep === start) {
          throw new Error(
            `${owner}: step ${k} falls in a phase of zero length (pctStart ${pctStart}, totalSteps ${total}); ` +
              'PyTorch divides by zero here',
          );
        }
        const pct = (k - start) / (p.endStep - start);
        return lr ? anneal(p.startLr, p.endLr, pct) : anneal(p.startMomentum, p.endMomentum, pct);
      }
      start = p.endStep;
    }
    throw new Error('unreachable');
  };
  evaluate(0, true); // as PyTorch's initial step: a zero-length first phase fails at construction
  const value = checkedStepFunction(owner, (k) => evaluate(k, true));
  return o.cycleMomentum ? { value, momentum: checkedStepFunction(owner, (k) => evaluate(k, false)) } : { value };
}
