/**
 * The optimizer parity tolerance follows the recorded sensitivity (src/parity/compare.ts,
 * `sensitivityTolerance`): as tight as the fixed rtol where the sensitivity is about 1, wide enough
 * for rounding-level differences amplified by the recorded sensitivity, and no wider.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareArrays, FLOAT64_TOLERANCE, SENSITIVITY_FACTOR, sensitivityTolerance, UNIT_ROUNDOFF } from '../../src/parity/compare.js';
import { runOptimizersSection } from '../../src/parity/sections/optimizers.js';

type Case = Record<string, unknown> & { name: string; problem: string; trajectory: number[][]; grad: number[][]; sensitivity: number[]; reliable_steps: number };
const golden = JSON.parse(readFileSync(new URL('../../../shared/golden/public.json', import.meta.url), 'utf8')) as {
  optimizers: { problems: Record<string, unknown>; cases: Case[] };
};
const { problems, cases } = golden.optimizers;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const run = (c: Case) => runOptimizersSection({ problems, cases: [c] })[0]!;

describe('sensitivityTolerance: the rule', () => {
  it('is the base tolerance where the sensitivity is about 1, missing or not finite', () => {
    for (const s of [undefined, NaN, Infinity, -1, 0, 1, 5]) expect(sensitivityTolerance(FLOAT64_TOLERANCE, s, 1)).toEqual(FLOAT64_TOLERANCE);
    // The relative part stays the base up to ~900; the absolute part (1e-12) from ~9 / scale.
    for (const s of [10, 800]) expect(sensitivityTolerance(FLOAT64_TOLERANCE, s, 2).rtol).toBe(FLOAT64_TOLERANCE.rtol);
    expect(sensitivityTolerance(FLOAT64_TOLERANCE, 10, 2).atol).toBeLessThan(3e-12);
  });

  it('grows linearly with the sensitivity beyond it, the absolute part with the start scale', () => {
    const t = sensitivityTolerance(FLOAT64_TOLERANCE, 1e5, 3);
    expect(t.rtol).toBe(SENSITIVITY_FACTOR * 1e5 * UNIT_ROUNDOFF);
    expect(t.atol).toBe(SENSITIVITY_FACTOR * 1e5 * UNIT_ROUNDOFF * 3);
    expect(sensitivityTolerance(FLOAT64_TOLERANCE, 1e6, 0.5).rtol).toBeCloseTo(10 * t.rtol, 20);
    expect(sensitivityTolerance(FLOAT64_TOLERANCE, 1e6, 0.5).atol).toBe(sensitivityTolerance(FLOAT64_TOLERANCE, 1e6, 1).atol);
  });
});

describe('the optimizers checker scales each step by its sensitivity', () => {
  // L-BFGS on the MLP: sensitivity ~1e5 at the last reliable step (the over-parameterised MLP's
  // line search amplifies rounding), ~1 at the start.
  const base = cases.find((c) => c.name === 'LBFGS_strong_wolfe' && c.problem === 'mlp')!;
  const k = base.reliable_steps;
  const s = base.sensitivity[k]!;
  const scale = Math.max(1, ...base.trajectory[0]!.map(Math.abs));
  const allowed = sensitivityTolerance(FLOAT64_TOLERANCE, s, scale);
  /** The case with step k's parameters and gradient moved by `fraction` of what the scaled tolerance allows. */
  const perturbed = (fraction: number): Case => {
    const c = clone(base);
    const move = (v: number, i: number) => v + (i % 2 === 0 ? 1 : -1) * fraction * (allowed.atol + allowed.rtol * Math.abs(v));
    c.trajectory[k] = c.trajectory[k]!.map(move);
    c.grad[k] = c.grad[k]!.map(move);
    return c;
  };

  it('the data: a large sensitivity at a reliable step', () => {
    expect(s).toBeGreaterThan(1e4);
    expect(base.sensitivity[0]).toBeLessThan(2);
  });

  it('passes a trajectory moved within its sensitivity bound, which the fixed rtol rejects', () => {
    const c = perturbed(0.4);
    // A fixed rtol = 1e-10, atol = 1e-12 would call this a mismatch...
    expect(compareArrays(base.trajectory[k]!, c.trajectory[k]!, FLOAT64_TOLERANCE).ok).toBe(false);
    expect(compareArrays(base.grad[k]!, c.grad[k]!, FLOAT64_TOLERANCE).ok).toBe(false);
    // ...the scaled tolerance accepts it: the recorded sensitivity says such differences are rounding.
    const r = run(c);
    expect(r.detail).toMatch(/^steps 0\.\.\d+ within tolerance/);
    expect(r.ok).toBe(true);
  });

  it('still fails the same move where the recorded sensitivity is small', () => {
    const c = perturbed(0.4);
    c.sensitivity[k] = 1;
    const r = run(c);
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(new RegExp(`^trajectory\\[${k}\\]\\[\\d+\\]: expected`));
  });

  it('fails an error well beyond the bound', () => {
    const r = run(perturbed(30));
    expect(r.ok).toBe(false);
    expect(r.detail).toMatch(new RegExp(`^trajectory\\[${k}\\]\\[\\d+\\]: expected`));
  });

  it('stays tight where the sensitivity is about 1: a 1e-9 relative error at step 1 fails', () => {
    const c = clone(base);
    expect(c.sensitivity[1]).toBeLessThan(900);
    c.trajectory[1]![0]! *= 1 + 1e-9;
    expect(run(c).detail).toMatch(/^trajectory\[1\]\[0\]: expected/);
  });
});
