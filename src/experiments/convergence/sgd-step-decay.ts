/** SGD on a strongly convex problem: η_k ∝ 1/k gives O(1/k); a constant step stalls at a noise floor. */
import { descend } from './descend.js';
import { levelOverWindow, noiseFloor, noiseFloorStudy, noisySgdProblem } from './noisy-sgd.js';
import { slopeStudy, steps } from './slope-study.js';
import { check, type ExperimentOptions, type ExperimentResult } from './types.js';

/**
 * SGD with gradient noise σ on f = ½ Σ λ_i x_i² (λ from μ = 1 to L = 10, d = 10), averaged over many
 * independent runs:
 * - η_k = c/(k + k0) with c = 2/μ, k0 = c·L: E[f(x_k) − f*] ≈ C/k with
 *   C = Σ_i c²σ²λ_i / (2(2cλ_i − 1)) — slope −1 on log-log axes;
 * - constant η: the error stops falling at the noise floor E[f − f*] = Σ_i ησ² / (2(2 − ηλ_i)), the
 *   stationary variance of x_{k+1} = (1 − ηλ)x_k − ησζ.
 * Reference: Bottou, Curtis & Nocedal (2018), Optimization Methods for Large-Scale Machine Learning,
 * Theorems 4.6 and 4.7, https://arxiv.org/abs/1606.04838
 *
 * @example
 * sgdStepDecayExperiment({ quick: true }).checks.map((c) => c.pass);
 */
export function sgdStepDecayExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const { runs, K, sigma, eigen, q } = noisySgdProblem(options);
  const c = 2 / q.mu;
  const k0 = Math.ceil(c * q.L);
  const seed = options.seed ?? 1;

  const decaying = descend(q, { steps: K, learningRate: (k) => c / (k + k0), sigma, seed });
  const C = Array.from(eigen, (l) => (c * c * sigma * sigma * l) / (2 * (2 * c * l - 1))).reduce((a, b) => a + b, 0);
  const study = slopeStudy('η_k = c/(k + k0)', steps(decaying.gaps.length), decaying.gaps, {
    from: K / 10, to: K, logX: true, theorySlope: -1, tolerance: 0.1, relative: false,
    basis: 'E[f − f*] ≈ C/k for η_k = c/k with 2cμ > 1',
  });

  const eta = 0.2 / q.L;
  const constant = descend(q, { steps: K, learningRate: eta, sigma, seed: seed + 1 });
  const floor = noiseFloor(eigen, eta, sigma);
  const stalled = noiseFloorStudy(`constant η = ${eta}`, `SGD, constant η = ${eta}: noise floor (mean of E[f − f*] over the last half)`, constant.gaps, floor);

  return {
    name: 'sgd-step-decay',
    title: 'SGD: η_k ∝ 1/k converges as O(1/k); a constant step stalls at a noise floor',
    description: `Noisy gradients (σ = ${sigma}) on a quadratic with eigenvalues 1 … 10 (d = 10), mean over ${runs} runs. With η_k = c/(k + k0) (c = 2/μ, k0 = ${k0}) theory predicts E[f − f*] ≈ C/k, C = Σ c²σ²λ_i/(2(2cλ_i − 1)) = ${C.toFixed(3)}: slope −1 on log-log axes. With a constant η = ${eta} the error settles at Σ ησ²/(2(2 − ηλ_i)) = ${floor.toExponential(3)}.`,
    x: { title: 'step k', scale: 'log' },
    y: { title: 'E[f(x_k) − f*] (mean over runs)', scale: 'log' },
    curves: [...study.curves, ...stalled.curves],
    checks: [
      { ...study.check, name: 'SGD, η_k = c/(k + k0): slope of log10 E[f − f*] per decade of k' },
      check('SGD, η_k = c/(k + k0): E[f − f*]·(k + k0)/C over the window', levelOverWindow(decaying.gaps, C, k0), 1, 0.15, true, `C = ${C.toFixed(4)} (asymptotic constant)`),
      stalled.check,
    ],
  };
}
