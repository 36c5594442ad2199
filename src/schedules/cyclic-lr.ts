/** CyclicLR: triangular cycles between baseLr and maxLr (Smith 2017), momentum cycled inversely. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { required, resolveScheduleOptions } from './options.js';
import { checkedStepFunction, type Schedule } from './schedule.js';
import { pow } from '../numerics/libm.js';

/** Options of {@link cyclicLR}. */
export interface CyclicLROptions {
  /** The lower boundary of the cycle (and the rate at step 0). Required. */
  baseLr: number;
  /** The upper boundary of the cycle. Required. */
  maxLr: number;
  /** Steps in the increasing half of a cycle. Default 2000. */
  stepSizeUp?: number;
  /** Steps in the decreasing half; defaults to stepSizeUp. */
  stepSizeDown?: number | null;
  /** 'triangular' (constant amplitude), 'triangular2' (halved every cycle) or 'exp_range' (γ^k). Default 'triangular'. */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** The constant of 'exp_range': amplitude scaled by γ^k. Default 1. */
  gamma?: number;
  /** A custom amplitude scaling `x → [0, 1]`; overrides `mode`. */
  scaleFn?: (x: number) => number;
  /** What `scaleFn` receives: the cycle number or the step. Only used with `scaleFn` (modes fix it). Default 'cycle'. */
  scaleMode?: 'cycle' | 'iterations';
  /** Whether to cycle momentum inversely to the rate. Default true. */
  cycleMomentum?: boolean;
  /** The momentum at the peak rate. Default 0.8. */
  baseMomentum?: number;
  /** The momentum at the base rate. Default 0.9. */
  maxMomentum?: number;
}

/** Hyper-parameters of {@link cyclicLR} (besides `scaleFn`, a function). */
export const cyclicLRHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'number', name: 'baseLr', default: null, min: 0, logScale: true, doc: 'lower boundary of the cycle' },
  { kind: 'number', name: 'maxLr', default: null, min: 0, logScale: true, doc: 'upper boundary of the cycle' },
  { kind: 'number', name: 'stepSizeUp', default: 2000, min: 0, minExclusive: true, doc: 'steps in the increasing half' },
  { kind: 'number', name: 'stepSizeDown', default: null, min: 0, minExclusive: true, doc: 'steps in the decreasing half (default: stepSizeUp)' },
  { kind: 'choice', name: 'mode', default: 'triangular', choices: ['triangular', 'triangular2', 'exp_range'], doc: 'amplitude policy' },
  { kind: 'number', name: 'gamma', default: 1, min: 0, minExclusive: true, doc: "'exp_range': amplitude · γ^k" },
  { kind: 'choice', name: 'scaleMode', default: 'cycle', choices: ['cycle', 'iterations'], doc: 'argument of a custom scaleFn' },
  { kind: 'boolean', name: 'cycleMomentum', default: true, doc: 'cycle momentum inversely to the rate' },
  { kind: 'number', name: 'baseMomentum', default: 0.8, min: 0, max: 1, doc: 'momentum at the peak rate' },
  { kind: 'number', name: 'maxMomentum', default: 0.9, min: 0, max: 1, doc: 'momentum at the base rate' },
];

/**
 * PyTorch's CyclicLR. With S = stepSizeUp + stepSizeDown and r = stepSizeUp/S, at step k:
 * `cycle = ⌊1 + k/S⌋`, `x = 1 + k/S − cycle`, `h = x/r` if x ≤ r else `(x − 1)/(r − 1)`, and
 * `lr = baseLr + (maxLr − baseLr)·h·scale`, `momentum = maxMomentum − (maxMomentum − baseMomentum)·h·scale`,
 * where scale is 1 ('triangular'), `1/2^(cycle−1)` ('triangular2'), `γ^k` ('exp_range') or
 * `scaleFn(cycle or k)`. Defaults as PyTorch: stepSizeUp 2000, 'triangular', γ = 1, momentum 0.8–0.9.
 *
 * The returned schedule carries `momentum(step)` when cycleMomentum is on.
 *
 * Reference: Smith (2017), "Cyclical Learning Rates for Training Neural Networks",
 * https://arxiv.org/abs/1506.01186; https://pytorch.org/docs/1.13/generated/torch.optim.lr_scheduler.CyclicLR.html
 *
 * @example
 * ```ts
 * const s = cyclicLR({ baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4 });
 * [0, 4, 8].map(s.value); // [0.01, 0.1, 0.01]
 * s.momentum?.(4);        // 0.8
 * ```
 */
export function cyclicLR(options: CyclicLROptions): Schedule {
  const owner = 'CyclicLR';
  const o = resolveScheduleOptions(owner, cyclicLRHyperParameters, options, ['scaleFn']);
  const baseLr = required<number>(owner, o, 'baseLr');
  const maxLr = required<number>(owner, o, 'maxLr');
  const up = o.stepSizeUp as number;
  const down = (o.stepSizeDown as number | null) ?? up;
  const totalSize = up + down;
  const stepRatio = up / totalSize;
  const gamma = o.gamma as number;
  const custom = o.scaleFn;
  if (custom !== undefined && typeof custom !== 'function') {
    throw new Error(`${owner}: invalid scaleFn: ${String(custom)} (expected a function x => scale)`);
  }
  let scaleFn: (x: number) => number;
  let scaleMode = o.scaleMode as 'cycle' | 'iterations';
  if (custom !== undefined) {
    scaleFn = custom as (x: number) => number;
  } else if (o.mode === 'triangular') {
    scaleFn = () => 1.0;
    scaleMode = 'cycle';
  } else if (o.mode === 'triangular2') {
    scaleFn = (x) => 1 / pow(2.0, x - 1);
    scaleMode = 'cycle';
  } else {
    scaleFn = (x) => pow(gamma, x);
    scaleMode = 'iterations';
  }
  // Returns [height fraction, amplitude scale] at step k.
  const position = (k: number): [number, number] => {
    const cycle = Math.floor(1 + k / totalSize);
    const x = 1.0 + k / totalSize - cycle;
    const h = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
    return [h, scaleFn(scaleMode === 'cycle' ? cycle : k)];
  };
  const value = checkedStepFunction(owner, (k) => {
    const [h, scale] = position(k);
    return baseLr + (maxLr - baseLr) * h * scale;
  });
  if (!o.cycleMomentum) return { value };
  const baseM = o.baseMomentum as number;
  const maxM = o.maxMomentum as number;
  const momentum = checkedStepFunction(owner, (k) => {
    const [h, scale] = position(k);
    return maxM - (maxM - baseM) * h * scale;
  });
  return { value, momentum };
}
