/** Batch gradient descent on strongly convex quadratics: the linear rate and the condition number. */
import { descend } from './descend.js';
import { spectrum, stackedQuadratic } from './quadratic-problem.js';
import { linearRateResult } from './linear-rate.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

/**
 * Gradient descent with the optimal step η = 2/(μ + L) on f = ½ Σ λ_i x_i² (eigenvalues μ = 1 … L = κ)
 * for several condition numbers κ. Every error component is multiplied by 1 − ηλ_i per step; the
 * slowest, at both ends of the spectrum, by ρ = (κ − 1)/(κ + 1) = 1 − 2/(κ + 1) in size, so
 * f(x_k) − f* falls like ρ^{2k}: log10(f − f*) has slope 2·log10 ρ per step.
 * Reference: Nesterov (2004), Introductory Lectures on Convex Optimization, Theorem 2.1.15.
 *
 * @example
 * const result = gdConditionExperiment({ quick: true });
 * result.checks.every((c) => c.pass);
 */
export function gdConditionExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const maxSteps = options.quick ? 2000 : 4000;
  const runs = [10, 100, 1000].map((kappa) => {
    const q = stackedQuadratic(spectrum(10, kappa));
    const rho = (kappa - 1) / (kappa + 1);
    const { gaps } = descend(q, { steps: maxSteps, learningRate: 2 / (q.mu + q.L), floor: 1e-30 });
    return { name: `κ = ${kappa}`, checkName: `GD, κ = ${kappa}, η = 2/(μ+L)`, gaps, rho, basis: `η = 2/(μ+L): ρ = (κ−1)/(κ+1) = ${rho.toFixed(5)}, slope 2·log10 ρ` };
  });
  return linearRateResult({
    name: 'gd-condition-number',
    title: 'Batch gradient descent on a strongly convex quadratic: linear rate 1 − 2/(κ+1)',
    description: 'f = ½ Σ λ_i x_i² with eigenvalues from 1 to κ (d = 10), optimal step η = 2/(λmin + λmax). Theory: ‖x_k − x*‖ shrinks by ρ = (κ−1)/(κ+1) per step, so log10(f − f*) falls by 2·log10 ρ per step; ill-conditioned problems (large κ) are slow.',
  }, runs);
}
