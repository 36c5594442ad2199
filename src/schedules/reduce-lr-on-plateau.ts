/** ReduceLROnPlateau: cut the learning rate when a metric stops improving. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveScheduleOptions } from './options.js';
import { loadPlateauState, type PlateauState } from './plateau-state.js';

/** Options of {@link reduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should decrease (a loss); 'max': increase (an accuracy). Default 'min'. */
  mode?: 'min' | 'max';
  /** The factor applied to the rate on a plateau, in [0, 1). Default 0.1. */
  factor?: number;
  /** How many steps without improvement are tolerated before reducing. Default 10. */
  patience?: number;
  /** The minimum improvement that counts. Default 1e-4. */
  threshold?: number;
  /** 'rel': improvement relative to the best value; 'abs': absolute. Default 'rel'. */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction before counting bad steps again. Default 0. */
  cooldown?: number;
  /** Lower bound on the rate: one number, or one per parameter group. Default 0. */
  minLr?: number | readonly number[];
  /** A reduction smaller than eps is skipped. Default 1e-8. */
  eps?: number;
}

/** Hyper-parameters of {@link reduceLROnPlateau}. */
export const reduceLROnPlateauHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'choice', name: 'mode', default: 'min', choices: ['min', 'max'], doc: "'min' for a loss, 'max' for an accuracy" },
  { kind: 'number', name: 'factor', default: 0.1, min: 0, max: 1, maxExclusive: true, doc: 'new rate = rate · factor' },
  { kind: 'integer', name: 'patience', default: 10, min: 0, doc: 'bad steps tolerated before reducing' },
  { kind: 'number', name: 'threshold', default: 1e-4, min: 0, logScale: true, doc: 'minimum improvement that counts' },
  { kind: 'choice', name: 'thresholdMode', default: 'rel', choices: ['rel', 'abs'], doc: 'relative or absolute threshold' },
  { kind: 'integer', name: 'cooldown', default: 0, min: 0, doc: 'steps to wait after a reduction' },
  { kind: 'number', name: 'minLr', default: 0, min: 0, doc: 'lower bound on the rate (or a list, one per group)' },
  { kind: 'number', name: 'eps', default: 1e-8, min: 0, logScale: true, doc: 'reductions smaller than eps are skipped' },
];

/** A plateau scheduler: pure functions over a plain-data {@link PlateauState}. */
export interface PlateauScheduler {
  /** The options with defaults filled in. */
  readonly options: Readonly<Required<Omit<ReduceLROnPlateauOptions, 'minLr'>>> & { readonly minLr: number | readonly number[] };
  /** The state before the first metric, for one learning rate or one per parameter group. */
  init(learningRate: number | readonly number[]): PlateauState;
  /** Feeds one metric; returns the next state (the input state is not modified). */
  update(state: PlateauState, metric: number): PlateauState;
  /** True when `metric` counts as an improvement over `best` (null: nothing seen yet). */
  isBetter(metric: number, best: number | null): boolean;
}

/**
 * PyTorch's ReduceLROnPlateau as pure functions over plain-data state. After each metric:
 * if it improves on the best (mode 'min', 'rel': `m < best·(1 − threshold)`; 'abs': `m < best − threshold`;
 * mirrored for 'max') the bad-step count resets, else it grows; during a cool-down it is held at 0;
 * when it exceeds `patience`, every group's rate becomes `max(lr·factor, minLr)` (only if that lowers it
 * by more than eps) and a cool-down of `cooldown` steps starts. Defaults as PyTorch: 'min', factor 0.1,
 * patience 10, threshold 1e-4 'rel', cooldown 0, minLr 0, eps 1e-8. A NaN metric, and +∞ in 'min'
 * (−∞ in 'max'), is a bad step, as in PyTorch 1.13 (NaN compares false); −∞ in 'min' (+∞ in 'max') is
 * an error, since it would become the best value and the state holds finite numbers only.
 *
 * Reference: https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html
 *
 * @example
 * ```ts
 * const plateau = reduceLROnPlateau({ factor: 0.5, patience: 2 });
 * let state = plateau.init(0.1);
 * for (const loss of [1, 1, 1, 1]) state = plateau.update(state, loss);
 * state.learningRates[0]; // 0.05
 * ```
 */
export function reduceLROnPlateau(options: ReduceLROnPlateauOptions = {}): PlateauScheduler {
  const owner = 'ReduceLROnPlateau';
  const given = { ...(options as Record<string, unknown>) };
  const minLrList = Array.isArray(given.minLr) ? (given.minLr as unknown[]) : undefined;
  if (minLrList !== undefined) {
    if (!minLrList.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      throw new Error(`${owner}: invalid minLr: ${JSON.stringify(minLrList)} (each must be a finite number >= 0)`);
    }
    delete given.minLr;
  }
  const o = resolveScheduleOptions(owner, reduceLROnPlateauHyperParameters, given);
  const mode = o.mode as 'min' | 'max';
  const thresholdMode = o.thresholdMode as 'rel' | 'abs';
  const threshold = o.threshold as number;
  const factor = o.factor as number;
  const patience = o.patience as number;
  const cooldown = o.cooldown as number;
  const eps = o.eps as number;
  const minLr: number | readonly number[] = minLrList !== undefined ? [...(minLrList as number[])] : (o.minLr as number);

  const isBetter = (a: number, best: number | null): boolean => {
    // NOTE: null stands for PyTorch's mode_worse (±inf); the formulas below are PyTorch's, inf included.
    const b = best ?? (mode === 'min' ? Infinity : -Infinity);
    if (mode === 'min') return thresholdMode === 'rel' ? a < b * (1 - threshold) : a < b - threshold;
    return thresholdMode === 'rel' ? a > b * (threshold + 1) : a > b + threshold;
  };
  const minLrOf = (i: number, groups: number): number => {
    if (typeof minLr === 'number') return minLr;
    if (minLr.length !== groups) throw new Error(`${owner}: expected ${groups} minLr values, got ${minLr.length}`);
    return minLr[i]!;
  };

  return {
    options: { mode, factor, patience, threshold, thresholdMode, cooldown, minLr, eps },
    isBetter,
    init(learningRate) {
      const lrs = typeof learningRate === 'number' ? [learningRate] : [...learningRate];
      for (const lr of lrs) {
        if (typeof lr !== 'number' || !Number.isFinite(lr) || lr < 0) {
          throw new Error(`${owner}: invalid learningRate: ${String(lr)} (expected a finite number >= 0)`);
        }
      }
      const state: PlateauState = { learningRates: lrs.map((lr) => lr + 0), best: null, numBadEpochs: 0, cooldownCounter: 0, epoch: 0 };
      loadPlateauState(state);
      lrs.forEach((_, i) => minLrOf(i, lrs.length));
      return state;
    },
    update(state, metric) {
      if (typeof metric !== 'number') {
        throw new Error(`${owner}: invalid metric: ${String(metric)} (expected a number)`);
      }
      // NOTE: as in PyTorch, NaN compares false, so a NaN metric (a diverged loss) is never better: it
      // counts as a bad step. So does the mode's worst infinity (+∞ in 'min', −∞ in 'max').
      if (metric === (mode === 'min' ? -Infinity : Infinity)) {
        // PyTorch would make it the best value for ever after; the state keeps finite numbers only.
        throw new Error(`${owner}: invalid metric: ${metric} in mode '${mode}' (it would become the best value; the state holds finite values only)`);
      }
      const s = loadPlateauState(state);
      s.epoch += 1;
      if (isBetter(metric, s.best)) {
        s.best = metric + 0; // −0 → +0: compares the same, and survives JSON
        s.numBadEpochs = 0;
      } else {
        s.numBadEpochs += 1;
      }
      if (s.cooldownCounter > 0) {
        s.cooldownCounter -= 1;
        s.numBadEpochs = 0; // bad steps during a cool-down are ignored
      }
      if (s.numBadEpochs > patience) {
        s.learningRates = s.learningRates.map((old, i) => {
          const candidate = Math.max(old * factor, minLrOf(i, s.learningRates.length));
          return old - candidate > eps ? candidate : old;
        });
        s.cooldownCounter = cooldown;
        s.numBadEpochs = 0;
      }
      return s;
    },
  };
}
