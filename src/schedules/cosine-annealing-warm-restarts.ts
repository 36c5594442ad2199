/** CosineAnnealingWarmRestarts (SGDR): cosine cycles of growing length, each restarting at η₀. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { LEARNING_RATE_SPEC, readScheduleOptions } from './options.js';
import { closedForm, type Schedule } from './schedule.js';
import { cos, log, pow } from '../numerics/libm.js';

/** Options of {@link cosineAnnealingWarmRestarts}. */
export interface CosineAnnealingWarmRestartsOptions {
  /** The initial (maximum) learning rate η₀. Required. */
  learningRate: number;
  /** The length T₀ of the first cycle, in steps. Required. */
  t0: number;
  /** The factor by which each cycle is longer than the previous one. Default 1. */
  tMult?: number;
  /** The minimum learning rate η_min. Default 0. */
  etaMin?: number;
}

/** Hyper-parameters of {@link cosineAnnealingWarmRestarts}. */
export const cosineAnnealingWarmRestartsHyperParameters: readonly HyperParameterSpec[] = [
  LEARNING_RATE_SPEC,
  { kind: 'integer', name: 't0', default: null, min: 1, doc: 'T₀: length of the first cycle' },
  { kind: 'integer', name: 'tMult', default: 1, min: 1, doc: 'T_{i+1} = T_i · tMult' },
  { kind: 'number', name: 'etaMin', default: 0, min: 0, doc: 'η_min: the learning rate at the end of a cycle' },
];

/**
 * PyTorch's CosineAnnealingWarmRestarts (SGDR): `η_k = η_min + (η₀ − η_min)·(1 + cos(π·T_cur/T_i))/2`,
 * where `T_cur` counts the steps since the last restart and the cycle lengths are
 * `T_i = T₀·tMult^i`. Defaults: tMult = 1, η_min = 0.
 *
 * The step may be fractional (PyTorch's `step(epoch + i/iters)`, whose arithmetic it copies); an
 * integer step gives exactly what consecutive `scheduler.step()` calls give.
 *
 * Reference: Loshchilov & Hutter (2017), https://arxiv.org/abs/1608.03983;
 * https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CosineAnnealingWarmRestarts.html
 *
 * @example
 * ```ts
 * const s = cosineAnnealingWarmRestarts({ learningRate: 0.1, t0: 5, tMult: 2 });
 * s.value(5);  // 0.1 (first restart)
 * s.value(15); // 0.1 (second restart, after a cycle of 10)
 * ```
 */
export function cosineAnnealingWarmRestarts(options: CosineAnnealingWarmRestartsOptions): Schedule {
  const owner = 'CosineAnnealingWarmRestarts';
  const o = readScheduleOptions(owner, cosineAnnealingWarmRestartsHyperParameters, options, ['learningRate', 't0']);
  const { learningRate: base, t0, tMult, etaMin } = o;
  return closedForm(
    owner,
    (k) => {
      let tCur = k;
      let tI = t0;
      if (tMult === 1) {
        tCur = k % t0;
      } else if (Number.isInteger(k)) {
        // scheduler.step(): T_cur += 1, and T_cur −= T_i, T_i *= T_mult at each restart.
        while (tCur >= tI) {
          tCur -= tI;
          tI *= tMult;
        }
      } else if (k >= t0) {
        // NOTE: PyTorch's step(epoch) finds the cycle with math.log; a fractional epoch is never on a
        // restart, where the logarithm's rounding could pick the previous cycle.
        const n = Math.trunc(log((k / t0) * (tMult - 1) + 1) / log(tMult));
        tCur = k - (t0 * (pow(tMult, n) - 1)) / (tMult - 1);
        tI = t0 * pow(tMult, n);
      }
      return etaMin + ((base - etaMin) * (1 + cos((Math.PI * tCur) / tI))) / 2;
    },
    false,
  );
}
