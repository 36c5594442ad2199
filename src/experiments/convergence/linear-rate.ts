/**
 * What the linear-rate experiments (gradient descent by condition number, by step size, momentum)
 * share: each run's f(x_k) − f* against k, with the slope of log10(f − f*) over the second half of
 * the run checked against the theory's per-step contraction ρ (f − f* falls like ρ^{2k}, so the
 * slope is 2·log10 ρ), on axes of step k and f(x_k) − f* on a log scale.
 */
import { slopeStudy, steps } from './slope-study.js';
import type { Check, Curve, ExperimentResult } from './types.js';

/** One run of a linear-rate experiment. */
export interface LinearRateRun {
  /** The curves' legend name. */
  name: string;
  /** What the check is about, before `: slope of log10(f − f*) per step`. */
  checkName: string;
  /** f(x_k) − f* for k = 0, 1, …. */
  gaps: readonly number[];
  /** The theory's per-step contraction of ‖x_k − x*‖ (above 1: divergence). */
  rho: number;
  /** Where ρ comes from, in one line. */
  basis: string;
  /** Allowed relative error of the slope (default 0.02). */
  tolerance?: number;
}

/**
 * The experiment's result: for each run its measured, fitted and theory curves, and its slope check
 * over the second half of the run.
 *
 * @example
 * linearRateResult({ name: 'gd', title: '…', description: '…' }, [{ name: 'κ = 10', checkName: 'GD', gaps, rho: 9 / 11, basis: 'ρ = (κ−1)/(κ+1)' }]);
 */
export function linearRateResult(about: Pick<ExperimentResult, 'name' | 'title' | 'description'>, runs: readonly LinearRateRun[]): ExperimentResult {
  const curves: Curve[] = [];
  const checks: Check[] = [];
  for (const run of runs) {
    const n = run.gaps.length - 1;
    const study = slopeStudy(run.name, steps(run.gaps.length), run.gaps, {
      from: Math.floor(n / 2), to: n, logX: false, theorySlope: 2 * Math.log10(run.rho), tolerance: run.tolerance ?? 0.02, relative: true, basis: run.basis,
    });
    curves.push(...study.curves);
    checks.push({ ...study.check, name: `${run.checkName}: slope of log10(f − f*) per step` });
  }
  return { ...about, x: { title: 'step k', scale: 'linear' }, y: { title: 'f(x_k) − f*', scale: 'log' }, curves, checks };
}
