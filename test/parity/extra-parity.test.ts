/**
 * The optimizers of extra.json (Schedule-Free SGD / AdamW, Muon; schema: shared/golden/SCHEMA.md,
 * "extra.json"): every case passes, and the checker really compares what the file records — the
 * averaged point x, the `matrix` problem, the reference's counters — and refuses what it cannot run.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runOptimizersSection } from '../../src/parity/sections/optimizers.js';

type Case = Record<string, unknown> & { name: string; problem: string };
const golden = JSON.parse(readFileSync(new URL('../../../shared/golden/extra.json', import.meta.url), 'utf8')) as {
  optimizers: { problems: Record<string, unknown>; cases: Case[] };
};
const section = golden.optimizers;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const one = (c: Case, problems = section.problems) => runOptimizersSection({ problems, cases: [c] })[0]!;
const find = (name: string, problem: string): Case => clone(section.cases.find((c) => c.name === name && c.problem === problem)!);
const groups = (c: Case) => c.param_groups as Array<{ hyperparameters: Record<string, unknown> }>;

describe('extra.json: Schedule-Free and Muon against their reference implementations', () => {
  it('passes every case, on the 2-D function, the MLP and the matrix problem', () => {
    const results = runOptimizersSection(section);
    expect(results.length).toBe(section.cases.length);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(new Set(section.cases.map((c) => c.problem))).toEqual(new Set(['fn2d', 'mlp', 'matrix']));
    expect(new Set(section.cases.map((c) => c.optimizer))).toEqual(new Set(['SGDScheduleFree', 'AdamWScheduleFree', 'Muon']));
  });

  it("compares Schedule-Free's averaged point x at every step", () => {
    const c = find('AdamWScheduleFree', 'matrix');
    ((c.extra as { x: number[][] }).x)[11]![4]! *= 1 + 1e-8;
    expect(one(c).detail).toMatch(/^extra\.x\[11\]\[4\]: expected/);
    const missing = find('SGDScheduleFree', 'fn2d');
    delete (missing as { extra?: unknown }).extra;
    expect(one(missing).detail).toBe('error: SGDScheduleFree case without extra.x (the averaged point)');
  });

  it("checks the reference's counters k and weight_sum", () => {
    const c = find('SGDScheduleFree_weight_decay_warmup', 'mlp');
    groups(c)[0]!.hyperparameters.weight_sum = 0.06;
    expect(one(c).detail).toMatch(/^param_groups\[0\]\.weight_sum\[0\]: expected 0\.06/);
    const k = find('SGDScheduleFree', 'mlp');
    groups(k)[0]!.hyperparameters.k = 24;
    expect(one(k).detail).toBe('param_groups[0].k: expected 24 steps, descent took 25');
  });

  it('runs the hyper-parameters the file gives (a different warm-up changes the trajectory)', () => {
    const c = find('AdamWScheduleFree_weight_decay_warmup', 'fn2d');
    groups(c)[0]!.hyperparameters.warmup_steps = 4;
    expect(one(c).ok).toBe(false);
    const m = find('Muon', 'matrix');
    groups(m)[0]!.hyperparameters.ns_steps = 4;
    expect(one(m).ok).toBe(false);
  });

  it('refuses a reference option it does not implement, and a malformed matrix problem, with the reason', () => {
    const c = find('AdamWScheduleFree', 'mlp');
    groups(c)[0]!.hyperparameters.inner_momentum = 0.5;
    expect(one(c).detail).toBe('error: inner_momentum 0.5 is not supported (descent implements the reference with inner_momentum 0)');
    const m = find('Muon', 'matrix');
    (m.params as Array<{ shape: number[] }>)[0]!.shape = [3, 4];
    (m.init as Array<{ shape: number[] }>)[0]!.shape = [3, 4];
    expect(one(m).detail).toBe('error: matrix: needs one parameter W [4, 3] for X [16,3] and Y [16,4]; the case has W [3,4]');
  });
});
