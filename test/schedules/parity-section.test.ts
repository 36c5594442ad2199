import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runAveragingSection } from '../../src/parity/sections/averaging.js';
import { runSchedulersSection } from '../../src/parity/sections/schedulers.js';

const GOLDEN = fileURLToPath(new URL('../../../shared/golden/public.json', import.meta.url));
const range = (n: number) => Array.from({ length: n }, (_, k) => k);
const sgd = { class: 'SGD', lr: 0.3, momentum: 0.9 };

/** Cases of the same schema with other kwargs, epochs and lambdas; expected values from closed forms. */
function variantSchedulers() {
  const cosine = (k: number) => (0.3 * (1 + Math.cos((Math.PI * k) / 7))) / 2;
  const up = 0.25 * 20 - 1;
  const lin = (a: number, b: number, p: number) => (b - a) * p + a;
  const oneCycle = (k: number, lo: number, hi: number) => (k <= up ? lin(lo, hi, k / up) : lin(hi, lo, (k - up) / (19 - up)));
  return {
    epochs: 40,
    cases: [
      { name: 'StepLR_other', scheduler: 'StepLR', kwargs: { step_size: 3, gamma: 0.7, last_epoch: -1 }, optimizer: sgd,
        lr: range(40).map((k) => 0.3 * 0.7 ** Math.floor(k / 3)) },
      { name: 'Cosine_other', scheduler: 'CosineAnnealingLR', kwargs: { T_max: 7, eta_min: 0.0, last_epoch: -1 }, optimizer: sgd,
        lr: range(45).map(cosine) },
      { name: 'Lambda_other', scheduler: 'LambdaLR', kwargs: { lr_lambda: 'lambda k: 1.0 / (1.0 + c * k)', c: 0.25, last_epoch: -1 },
        optimizer: sgd, lr: range(40).map((k) => 0.3 / (1 + 0.25 * k)) },
      { name: 'Sequential_other', scheduler: 'SequentialLR', optimizer: sgd,
        kwargs: { schedulers: [{ scheduler: 'ConstantLR', kwargs: { factor: 0.5, total_iters: 10, last_epoch: -1 } },
          { scheduler: 'ExponentialLR', kwargs: { gamma: 0.9, last_epoch: -1 } }], milestones: [3], last_epoch: -1 },
        lr: range(25).map((k) => (k < 3 ? 0.15 : 0.3 * 0.9 ** (k - 3))) },
      { name: 'OneCycle_epochs', scheduler: 'OneCycleLR', optimizer: { class: 'Adam', lr: 0.1, betas: [0.9, 0.999] },
        kwargs: { max_lr: 0.5, total_steps: null, epochs: 4, steps_per_epoch: 5, pct_start: 0.25, anneal_strategy: 'linear',
          cycle_momentum: true, base_momentum: 0.8, max_momentum: 0.9, div_factor: 10.0, final_div_factor: 1.0, three_phase: false, last_epoch: -1 },
        lr: range(20).map((k) => oneCycle(k, 0.05, 0.5)), momentum: range(20).map((k) => oneCycle(k, 0.9, 0.8)), momentum_key: 'betas[0]' },
      { name: 'Cyclic_no_momentum', scheduler: 'CyclicLR', optimizer: sgd,
        kwargs: { base_lr: 0.1, max_lr: 0.2, step_size_up: 5, step_size_down: null, mode: 'triangular', gamma: 1.0, scale_fn: null,
          scale_mode: 'cycle', cycle_momentum: false, base_momentum: 0.8, max_momentum: 0.9, last_epoch: -1 },
        lr: range(30).map((k) => 0.1 + 0.1 * (k % 10 <= 5 ? (k % 10) / 5 : 2 - (k % 10) / 5)), momentum: range(30).map(() => 0.9), momentum_key: 'momentum' },
      { name: 'Plateau_max_abs', scheduler: 'ReduceLROnPlateau', optimizer: sgd,
        kwargs: { mode: 'max', factor: 0.1, patience: 1, threshold: 0.5, threshold_mode: 'abs', cooldown: 0, min_lr: 0.001, eps: 1e-8, verbose: false },
        // best 1 → 2 (improves by > 0.5) → 2.4, 2.4: bad, bad → reduce → 3: improves → 3.1, 3.2: bad, bad → reduce
        metrics: [1, 2, 2.4, 2.4, 3, 3.1, 3.2],
        lr: [0.3, 0.3, 0.3, 0.3, 0.3 * 0.1, 0.3 * 0.1, 0.3 * 0.1, 0.3 * 0.1 * 0.1],
        num_bad_epochs: [0, 0, 1, 0, 0, 1, 0], cooldown_counter: [0, 0, 0, 0, 0, 0, 0] },
      { name: 'Lambda_unknown', scheduler: 'LambdaLR', kwargs: { lr_lambda: 'lambda k: __import__("os")', last_epoch: -1 }, optimizer: sgd,
        lr: [0.3] },
    ],
  };
}

describe('the schedulers and averaging sections implement the schema, not the file', () => {
  it('pass cases with other kwargs, epochs, lambdas and sub-schedulers; fail unknown lambdas', () => {
    const results = runSchedulersSection(variantSchedulers());
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    for (const r of results.filter((r) => r.name !== 'Lambda_unknown')) expect(r.ok, `${r.name}: ${r.detail}`).toBe(true);
    expect(byName.Lambda_unknown!.ok).toBe(false);
    expect(byName.Lambda_unknown!.detail).toMatch(/lambda: cannot parse/);
  });

  it('fail when a recorded value is off by more than the tolerance', () => {
    const file = variantSchedulers();
    file.cases[0]!.lr[10]! *= 1 + 1e-9;
    expect(runSchedulersSection(file)[0]!).toMatchObject({ ok: false, detail: expect.stringMatching(/^lr\[10\]/) });
    expect(runSchedulersSection({})).toEqual([expect.objectContaining({ ok: false, name: '(section)' })]);
  });

  it('averaging: another sequence, decay and eta', () => {
    const seq = range(7).map((t) => [Math.sin(t + 1), Math.cos(3 * t), t * 0.5 - 1]);
    const polyak = seq.map((_, t) => [0, 1, 2].map((i) => seq.slice(0, t + 1).reduce((s, x) => s + x[i]!, 0) / (t + 1)));
    const emaAvg: number[][] = [];
    const poly: number[][] = [];
    seq.forEach((x, t) => {
      emaAvg.push(t === 0 ? [...x] : x.map((v, i) => 0.8 * emaAvg[t - 1]![i]! + 0.2 * v));
      const w = 3 / (t + 1 + 2);
      poly.push(t === 0 ? [...x] : x.map((v, i) => (1 - w) * poly[t - 1]![i]! + w * v));
    });
    const section = {
      sequence: seq,
      cases: [
        { name: 'AveragedModel_equal', averaged: polyak },
        { name: 'AveragedModel_ema', decay: 0.8, averaged: emaAvg },
        { name: 'polyak', averaged: polyak },
        { name: 'polynomial_decay', eta: 2, averaged: poly },
        { name: 'mystery', averaged: polyak },
      ],
    };
    const results = runAveragingSection(section);
    expect(results.slice(0, 4).map((r) => [r.name, r.ok, r.detail])).toEqual(results.slice(0, 4).map((r) => [r.name, true, r.detail]));
    expect(results[4]).toMatchObject({ ok: false, detail: "error: unknown averaging case 'mystery'" });
  });

  it.runIf(existsSync(GOLDEN))('the public golden file passes', () => {
    const file = JSON.parse(readFileSync(GOLDEN, 'utf8')) as { schedulers: unknown; averaging: unknown };
    const results = [...runSchedulersSection(file.schedulers), ...runAveragingSection(file.averaging)];
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.length).toBe(23);
  });
});
