/** Constant-step SGD with Polyak and polynomial-decay averaging of the iterates, against none. */
import { polyak } from '../../averaging/polyak.js';
import { polynomialDecay } from '../../averaging/polynomial-decay.js';
import { descend } from './descend.js';
import { levelOverWindow, noiseFloor, noiseFloorStudy, noisySgdProblem } from './noisy-sgd.js';
import { slopeStudy, steps } from './slope-study.js';
import { check, type ExperimentOptions, type ExperimentResult } from './types.js';

/**
 * SGD with a constant step η = 1/L and gradient noise σ on f = ½ Σ λ_i x_i², mean over many runs.
 * The last iterate stalls at the noise floor; the Polyak–Ruppert average x̄_k = (1/k) Σ x_t converges
 * as E[f(x̄_k) − f*] ≈ Σ_i σ²/(2λ_i k) (slope −1, the optimal constant); polynomial-decay averaging
 * (weights ∝ t^η, η = 3) also as 1/k with a constant larger by (η+1)²/(2η+1) = 16/7, the price of
 * forgetting the early iterates.
 * References: Polyak & Juditsky (1992), https://doi.org/10.1137/0330046; Bach & Moulines (2013),
 * https://arxiv.org/abs/1306.2119; Shamir & Zhang (2013), https://arxiv.org/abs/1212.1824
 *
 * @example
 * sgdAveragingExperiment({ quick: true }).checks.every((c) => c.pass);
 */
export function sgdAveragingExperiment(options: ExperimentOptions = {}): ExperimentResult {
  const { runs, K, sigma, eigen, q } = noisySgdProblem(options);
  const eta = 1 / q.L;
  const trace = descend(q, { steps: K, learningRate: eta, sigma, seed: options.seed ?? 1, averagers: { polyak: polyak(), polynomial: polynomialDecay({ eta: 3 }) } });
  const cPolyak = Array.from(eigen, (l) => (sigma * sigma) / (2 * l)).reduce((a, b) => a + b, 0);
  const floor = noiseFloor(eigen, eta, sigma);
  const ks = steps(K + 1);
  const window = { from: K / 10, to: K, logX: true, theorySlope: -1, tolerance: 0.1, relative: false };
  const p = slopeStudy('Polyak average', ks, trace.averaged.polyak!, { ...window, basis: 'E[f(x̄_k) − f*] ≈ Σ σ²/(2λ_i k)' });
  const d = slopeStudy('polynomial-decay average (η = 3)', ks, trace.averaged.polynomial!, { ...window, basis: 'weights ∝ t³: same 1/k rate' });
  const last = noiseFloorStudy('last iterate (no averaging)', 'SGD without averaging: noise floor (mean over the last half)', trace.gaps, floor);
  return {
    name: 'sgd-averaging',
    title: 'Constant-step SGD: Polyak and polynomial-decay averaging reach O(1/k), the last iterate stalls',
    description: `Noisy gradients (σ = ${sigma}), constant η = 1/L = ${eta}, eigenvalues 1 … 10 (d = 10), mean over ${runs} runs. The last iterate settles at the noise floor ${floor.toExponential(3)}; the averages keep improving as 1/k: Polyak with the optimal constant Σσ²/(2λ_i) = ${cPolyak.toFixed(3)}, polynomial decay (η = 3) with 16/7 of it.`,
    x: { title: 'step k', scale: 'log' },
    y: { title: 'E[f(x_k) − f*] (mean over runs)', scale: 'log' },
    curves: [...last.curves, ...p.curves, ...d.curves],
    checks: [
      { ...p.check, name: 'SGD + Polyak averaging: slope of log10 E[f(x̄_k) − f*] per decade of k' },
      { ...d.check, name: 'SGD + polynomial-decay averaging: slope of log10 E[f(x̄_k) − f*] per decade of k' },
      check('SGD + Polyak averaging: k·E[f(x̄_k) − f*] / Σσ²/(2λ_i)', levelOverWindow(trace.averaged.polyak!, cPolyak), 1, 0.15, true, 'asymptotic constant of the Polyak–Ruppert average'),
      check('SGD + polynomial-decay averaging: k·E[f(x̄_k) − f*] / Σσ²/(2λ_i)', levelOverWindow(trace.averaged.polynomial!, cPolyak), 16 / 7, 0.15, true, '(η+1)²/(2η+1) = 16/7 for weights ∝ t³'),
      last.check,
    ],
  };
}
