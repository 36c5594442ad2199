/** Heavy-ball and Nesterov momentum against plain gradient descent on one ill-conditioned quadratic. */
import { descend } from './descend.js';
import { spectrum, stackedQuadratic } from './quadratic-problem.js';
import { linearRateResult } from './linear-rate.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

/**
 * κ = 100 (eigenvalues 1 … 100, d = 10), each method with its textbook parameters:
 * - gradient descent, η = 2/(μ + L): ρ = (κ − 1)/(κ + 1);
 * - heavy ball (descent's SGD with momentum), η = 4/(√L + √μ)², β = ((√κ − 1)/(√κ + 1))²:
 *   ρ = (√κ − 1)/(√κ + 1) (Polyak 1964);
 * - Nesterov (SGD with `nesterov: true`), η = 1/L, β = (√κ − 1)/(√κ + 1): ρ = 1 − 1/√κ.
 * ‖x_k − x*‖ shrinks like ρ^k, so log10(f − f*) has slope 2·log10 ρ per step. (Both momentum
 * methods have a double root at the slowest eigenvalue, so the error is k·ρ^k: the fit over the
 * second half of a long run is within about 2 % of the rate.)
 * Reference: Polyak (1964), https://doi.org/10.1016/0041-5553(64)90137-5; Nesterov (1983);
 * Goh (2017), Why Momentum Really Works, https://distill.pub/2017/momentum/
 *
 * @example
 * momentumExperiment({ quick: true }).checks.map((c) => c.measured);
 */
export function momentumExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const kappa = 100;
  const q = stackedQuadratic(spectrum(10, kappa));
  const s = Math.sqrt(kappa);
  const floor = options.quick ? 1e-60 : 1e-100;
  const maxSteps = options.quick ? 4000 : 6000;
  const methods = [
    { name: 'gradient descent', learningRate: 2 / (q.mu + q.L), momentum: 0, nesterov: false, rho: (kappa - 1) / (kappa + 1), basis: 'ρ = (κ−1)/(κ+1)' },
    { name: 'heavy ball', learningRate: 4 / (Math.sqrt(q.L) + Math.sqrt(q.mu)) ** 2, momentum: ((s - 1) / (s + 1)) ** 2, nesterov: false, rho: (s - 1) / (s + 1), basis: 'ρ = (√κ−1)/(√κ+1)' },
    { name: 'Nesterov', learningRate: 1 / q.L, momentum: (s - 1) / (s + 1), nesterov: true, rho: 1 - 1 / s, basis: 'ρ = 1 − 1/√κ' },
  ];
  const runs = methods.map((m) => {
    const { gaps } = descend(q, { steps: maxSteps, learningRate: m.learningRate, momentum: m.momentum, nesterov: m.nesterov, floor });
    // The double root at the slowest eigenvalue (error k·ρ^k) needs a wider tolerance than plain GD.
    return { name: m.name, checkName: `${m.name}, κ = ${kappa}`, gaps, rho: m.rho, basis: `${m.basis} = ${m.rho.toFixed(4)}; slope 2·log10 ρ`, tolerance: 0.03 };
  });
  return linearRateResult({
    name: 'momentum',
    title: 'Momentum on an ill-conditioned quadratic (κ = 100): rate 1 − O(1/√κ) instead of 1 − O(1/κ)',
    description: 'Gradient descent, heavy-ball momentum and Nesterov momentum (descent\'s SGD with momentum / nesterov) with their optimal textbook parameters on the same quadratic. Theory: per-step contraction (κ−1)/(κ+1) = 0.980 for GD, (√κ−1)/(√κ+1) = 0.818 for heavy ball, 1 − 1/√κ = 0.9 for Nesterov.',
  }, runs);
}
