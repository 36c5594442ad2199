/**
 * The convergence lab: measured slopes of log10(f − f*) within a stated tolerance of the theory.
 * Quick sizes (a few seconds in all); the tolerances are the ones the report states.
 */
import { describe, expect, it } from 'vitest';
import {
  EXPERIMENT_NAMES, descend, fitLine, fitLogSlope, gdConditionExperiment, gdStepSizeExperiment, minibatchVarianceExperiment, momentumExperiment,
  selectExperiments, sgdAveragingExperiment, sgdStepDecayExperiment, spectrum, stackedQuadratic, type Check, type ExperimentResult,
} from '../../src/experiments/index.js';

const byName = (r: ExperimentResult, part: string): Check => {
  const c = r.checks.find((x) => x.name.includes(part));
  if (!c) throw new Error(`no check '${part}' in ${r.name}: ${r.checks.map((x) => x.name).join('; ')}`);
  return c;
};

/** Every check of the experiment passes, and each check's verdict matches its numbers. */
function allWithin(r: ExperimentResult): void {
  for (const c of r.checks) {
    const allowed = c.relative ? c.tolerance * Math.abs(c.theory) : c.tolerance;
    expect(Math.abs(c.measured - c.theory), c.name).toBeLessThanOrEqual(allowed);
    expect(c.pass, c.name).toBe(true);
  }
}

describe('slope fitting', () => {
  it('least squares recovers an exact line and a geometric rate', () => {
    expect(fitLine([0, 1, 2, 3], [1, 3, 5, 7])).toMatchObject({ slope: 2, intercept: 1, count: 4 });
    const ks = Array.from({ length: 20 }, (_, k) => k);
    expect(fitLogSlope(ks, ks.map((k) => 3 * 0.5 ** k), { from: 5, to: 19 }).slope).toBeCloseTo(Math.log10(0.5), 12);
    expect(fitLogSlope(ks, ks.map((k) => 7 / k), { from: 1, to: 19, logX: true }).slope).toBeCloseTo(-1, 12);
    expect(() => fitLine([1], [1])).toThrow(/at least 2 points/);
  });

  it('spectrum has condition number κ exactly', () => {
    const s = spectrum(10, 100);
    expect(Math.max(...s) / Math.min(...s)).toBeCloseTo(100, 10);
    expect(s[0]).toBe(1);
  });
});

describe('batch gradient descent on strongly convex quadratics', () => {
  it('linear rate (κ−1)/(κ+1) per step at the optimal step, κ = 10, 100, 1000 (within 2%)', () => {
    const r = gdConditionExperiment({ quick: true });
    for (const kappa of [10, 100, 1000]) {
      const c = byName(r, `κ = ${kappa},`);
      expect(c.theory).toBeCloseTo(2 * Math.log10((kappa - 1) / (kappa + 1)), 12);
      expect(Math.abs(c.measured / c.theory - 1)).toBeLessThan(0.02);
    }
    allWithin(r);
  });

  it('diverges once the step exceeds 2/λmax, and the rate is max|1 − ηλ_i| below it (within 2%)', () => {
    const r = gdStepSizeExperiment({ quick: true });
    expect(byName(r, '2.1/λmax').measured).toBeGreaterThan(0);
    expect(byName(r, '1.95/λmax').measured).toBeLessThan(0);
    const optimal = byName(r, 'optimal');
    for (const c of r.checks) if (c !== optimal) expect(c.measured).toBeGreaterThan(optimal.measured);
    allWithin(r);
  });
});

describe('stochastic gradient descent', () => {
  it('η_k ∝ 1/k: E[f − f*] ∝ 1/k (slope −1 ± 0.1 per decade); constant step: the predicted noise floor (±10%)', () => {
    const r = sgdStepDecayExperiment({ quick: true });
    expect(byName(r, 'slope').measured).toBeGreaterThan(-1.1);
    expect(byName(r, 'slope').measured).toBeLessThan(-0.9);
    expect(Math.abs(byName(r, 'noise floor').measured / byName(r, 'noise floor').theory - 1)).toBeLessThan(0.1);
    allWithin(r);
  });

  it('Polyak and polynomial-decay averaging: slope −1 ± 0.1; the last iterate stays at the floor', () => {
    const r = sgdAveragingExperiment({ quick: true });
    expect(Math.abs(byName(r, 'Polyak averaging: slope').measured + 1)).toBeLessThan(0.1);
    expect(Math.abs(byName(r, 'polynomial-decay averaging: slope').measured + 1)).toBeLessThan(0.1);
    allWithin(r);
    // The averages end far below the floor the last iterate is stuck at.
    const last = (name: string): number => r.curves.find((c) => c.name.startsWith(name) && c.kind === 'measured')!.points.at(-1)!.y;
    expect(last('Polyak')).toBeLessThan(last('last iterate') / 50);
  });

  it('the batch loss and gradient variance fall as 1/b: measured slope within 0.1 of the prediction, levels within 15%', () => {
    const r = minibatchVarianceExperiment({ quick: true });
    allWithin(r);
    expect(byName(r, 'loss: slope').theory).toBeCloseTo(-1, 1);
  });
});

describe('momentum', () => {
  it('heavy ball (√κ−1)/(√κ+1) and Nesterov 1 − 1/√κ beat GD (κ−1)/(κ+1) per step (within 3%)', () => {
    const r = momentumExperiment({ quick: true });
    allWithin(r);
    const gd = byName(r, 'gradient descent').measured;
    expect(byName(r, 'heavy ball').measured).toBeLessThan(5 * gd);
    expect(byName(r, 'Nesterov').measured).toBeLessThan(4 * gd);
  });

  it('descend runs descent\'s SGD: plain GD on one coordinate contracts by |1 − ηλ| exactly', () => {
    const q = stackedQuadratic(Float64Array.of(2));
    const { gaps } = descend(q, { steps: 5, learningRate: 0.1 });
    for (let k = 1; k < gaps.length; k++) expect(gaps[k]! / gaps[k - 1]!).toBeCloseTo(0.8 ** 2, 12);
  });
});

describe('the lab', () => {
  it('names every experiment; unknown names list the valid ones', () => {
    expect(EXPERIMENT_NAMES).toEqual(['gd-condition-number', 'gd-step-size', 'sgd-step-decay', 'sgd-averaging', 'minibatch-variance', 'momentum']);
    expect(() => selectExperiments(['nope'])).toThrow(/unknown experiment 'nope'; valid experiments: gd-condition-number, /);
  });
});
