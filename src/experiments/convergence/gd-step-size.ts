/** Batch gradient descent with steps below, at and above 2/λmax: the eccentricity story. */
import { descend } from './descend.js';
import { spectrum, stackedQuadratic } from './quadratic-problem.js';
import { linearRateResult } from './linear-rate.js';
import type { ExperimentOptions, ExperimentResult } from './types.js';

/**
 * Gradient descent on one quadratic (κ = 10) with steps η·λmax ∈ {0.5, 1, 2κ/(κ+1) (optimal), 1.95,
 * 2.1}. Component i is multiplied by 1 − ηλ_i per step, so log10(f − f*) has slope
 * 2·log10 max_i |1 − ηλ_i|: too small a step is slow along the flat direction, too large a step
 * oscillates along the steep one, and once η > 2/λmax that factor exceeds 1 and the iterates diverge.
 *
 * @example
 * gdStepSizeExperiment().checks.find((c) => c.name.includes('2.1'))?.measured; // > 0: diverges
 */
export function gdStepSizeExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const kappa = 10;
  const q = stackedQuadratic(spectrum(10, kappa));
  const stepsMax = options.quick ? 300 : 600;
  const optimal = (2 * kappa) / (kappa + 1);
  const runs = [0.5, 1, optimal, 1.95, 2.1].map((f) => {
    const eta = f / q.L;
    const worst = Math.max(...Array.from(q.lambda, (l) => Math.abs(1 - eta * l)));
    const { gaps } = descend(q, { steps: stepsMax, learningRate: eta, floor: 1e-30 });
    const name = `η = ${f === optimal ? `${f.toFixed(3)}/λmax (optimal)` : `${f}/λmax`}${f > 2 ? ' — diverges' : ''}`;
    const basis = `max_i |1 − ηλ_i| = ${worst.toFixed(4)}; slope 2·log10 of it${f > 2 ? ' (> 0: divergence, η > 2/λmax)' : ''}`;
    return { name, checkName: `GD, κ = 10, ${name}`, gaps, rho: worst, basis };
  });
  return linearRateResult({
    name: 'gd-step-size',
    title: 'Gradient descent step size: slow, optimal, oscillating, divergent (η > 2/λmax)',
    description: 'One quadratic with κ = 10 (eigenvalues 1 … 10) and five steps. The rate is max_i |1 − ηλ_i|: it is smallest at η = 2/(λmin + λmax), grows on both sides, and exceeds 1 — divergence — once η > 2/λmax.',
  }, runs);
}
