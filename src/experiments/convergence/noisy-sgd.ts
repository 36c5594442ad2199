/**
 * What the SGD experiments (step decay, iterate averaging) share: the noisy quadratic they run on,
 * the noise floor a constant step settles at, and the level of an O(1/k) curve over its window.
 */
import { thin } from './descend.js';
import { spectrum, stackedQuadratic, type StackedQuadratic } from './quadratic-problem.js';
import { check, type Check, type Curve, type ExperimentOptions } from './types.js';

/** The problem: f = ½ Σ λ_i x_i², λ from 1 to 10 (d = 10), gradient noise σ = 1, many runs stacked. */
export interface NoisySgdProblem {
  /** Independent runs averaged (E[·] is their mean). */
  runs: number;
  /** Steps per run. */
  K: number;
  sigma: number;
  eigen: Float64Array;
  q: StackedQuadratic;
}

/**
 * The SGD experiments' problem, smaller with `quick`.
 *
 * @example
 * const { q, K, sigma } = noisySgdProblem({ quick: true }); // 100 runs of 2000 steps
 */
export function noisySgdProblem(options: ExperimentOptions): NoisySgdProblem {
  const runs = options.quick ? 100 : 400;
  const eigen = spectrum(10, 10);
  return { runs, K: options.quick ? 2000 : 10000, sigma: 1, eigen, q: stackedQuadratic(eigen, runs) };
}

/**
 * The stationary E[f − f*] of constant-step SGD, x ← (1 − ηλ)x − ησζ per component:
 * Σ_i ησ² / (2(2 − ηλ_i)).
 */
export function noiseFloor(eigen: Float64Array, eta: number, sigma: number): number {
  return Array.from(eigen, (l) => (eta * sigma * sigma) / (2 * (2 - eta * l))).reduce((a, b) => a + b, 0);
}

/**
 * A constant-step run against its noise floor: the measured curve and the floor's line (legend
 * `name`), and the check of the mean over the last half of the run against the floor (10 %).
 */
export function noiseFloorStudy(name: string, checkName: string, gaps: readonly number[], floor: number): { curves: Curve[]; check: Check } {
  const K = gaps.length - 1;
  const tail = gaps.slice(K / 2);
  const measured = tail.reduce((a, b) => a + b, 0) / tail.length;
  const shown = thin(gaps.length, 300, true);
  return {
    curves: [
      { name, kind: 'measured', points: shown.map((k) => ({ x: k, y: gaps[k]! })) },
      { name, kind: 'theory', points: [{ x: 1, y: floor }, { x: K, y: floor }] },
    ],
    check: check(checkName, measured, floor, 0.1, true, 'stationary variance of x ← (1 − ηλ)x − ησζ'),
  };
}

/**
 * The constant of an O(1/k) curve relative to the theory's: the mean of values[k]·(k + offset)/C over
 * the window k ≥ K/10 (1 when the curve is C/(k + offset)).
 */
export function levelOverWindow(values: readonly number[], constant: number, offset = 0): number {
  const K = values.length - 1;
  let sum = 0;
  let count = 0;
  for (let k = Math.ceil(K / 10); k <= K; k++) {
    sum += (values[k]! * (k + offset)) / constant;
    count++;
  }
  return sum / count;
}
