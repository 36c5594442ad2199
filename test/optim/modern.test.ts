/**
 * Schedule-Free SGD / AdamW and Muon beyond the golden trajectories (test/parity): train/eval modes,
 * Newton–Schulz's properties, which parameters Muon orthogonalizes, save → restore of matrix state,
 * and `descent train` with a Schedule-Free optimizer.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Adam, AdamWScheduleFree, hasTrainEvalModes, Muon, newtonSchulz, optimizerEntry, SGDScheduleFree, type ParameterLike } from '../../src/optim/index.js';
import { runInProcess } from '../helpers/cli-run.js';
import { param, sameBits } from './helpers.js';

/** A deterministic gradient of a quadratic bowl for every parameter. */
function gradients(params: ParameterLike[], k: number): void {
  for (const p of params) p.grad = { data: Float64Array.from(p.data, (v, i) => v - Math.cos(i + k)) };
}

describe('Schedule-Free train/eval modes', () => {
  for (const [name, make] of [
    ['SGDScheduleFree', (ps: [string, ParameterLike][]) => new SGDScheduleFree(ps, { learningRate: 0.1 })],
    ['AdamWScheduleFree', (ps: [string, ParameterLike][]) => new AdamWScheduleFree(ps, { learningRate: 0.1, weightDecay: 0.01 })],
  ] as const) {
    it(`${name}: eval() loads x, train() loads y back exactly; modes are reported`, () => {
      const w = param([0.5, -1, 2, 0.25], false, [2, 2]);
      const opt = make([['w', w]]);
      expect(hasTrainEvalModes(opt)).toBe(true);
      expect(opt.mode).toBe('train');
      // Before any step x = y = the initial point.
      opt.eval();
      expect(Array.from(w.data)).toEqual([0.5, -1, 2, 0.25]);
      opt.train();
      for (let k = 0; k < 5; k++) {
        gradients([w], k);
        opt.step();
      }
      const y = w.data.slice();
      opt.eval();
      expect(opt.mode).toBe('eval');
      expect(sameBits(w.data, opt.stateOf('w')!.x)).toBe(true);
      expect(sameBits(w.data, y)).toBe(false);
      opt.eval(); // idempotent
      expect(sameBits(w.data, opt.stateOf('w')!.x)).toBe(true);
      opt.train();
      expect(sameBits(w.data, y)).toBe(true);
    });
  }

  it('the other optimizers have no modes', () => {
    expect(hasTrainEvalModes(new Adam([['w', param([1, 2])]]))).toBe(false);
    expect(hasTrainEvalModes(null)).toBe(false);
  });

  it('rejects momentum outside (0, 1), as the reference does', () => {
    expect(() => new SGDScheduleFree([['w', param([1])]], { momentum: 1 })).toThrow(/momentum/);
    expect(() => new SGDScheduleFree([['w', param([1])]], { momentum: 0 })).toThrow(/momentum/);
  });
});

describe('Newton–Schulz orthogonalization', () => {
  // Not square: a square matrix is not transposed, and X·Xᵀ rounds differently from Xᵀ·X.
  const matrix = fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })).chain(([r, c0]) => {
    const c = c0 >= r ? c0 + 1 : c0;
    return fc.tuple(fc.constant(r), fc.constant(c), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: r * c, maxLength: r * c }));
  });

  it('treats a tall matrix as the transpose of the wide one, bit for bit', () => {
    fc.assert(fc.property(matrix, ([r, c, g]) => {
      const t = new Float64Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) t[j * r + i] = g[i * c + j]!;
      const a = newtonSchulz(g, r, c, 5);
      const b = newtonSchulz(t, c, r, 5);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) if (!Object.is(a[i * c + j], b[j * r + i])) return false;
      return true;
    }));
  });

  it('pushes every singular value of a well-scaled matrix into about [0.6, 1.3]', () => {
    // diag(1, 0.5, 0.2): NS maps each singular value s through the same quintic, independently.
    const out = newtonSchulz([1, 0, 0, 0, 0.5, 0, 0, 0, 0.2], 3, 3, 5);
    for (const i of [0, 4, 8]) {
      expect(out[i]!).toBeGreaterThan(0.6);
      expect(out[i]!).toBeLessThan(1.3);
    }
    for (const i of [1, 2, 3, 5, 6, 7]) expect(out[i]).toBe(0);
    // Zero stays zero (the 1e-7 in the normalisation avoids 0/0).
    expect(Array.from(newtonSchulz([0, 0, 0, 0], 2, 2, 5))).toEqual([0, 0, 0, 0]);
  });
});

describe('Muon: matrices take Muon, vectors and useMuon: false groups the auxiliary Adam', () => {
  it('keeps a momentum buffer for a matrix and Adam moments for a vector and for useMuon: false', () => {
    const w = param([0.5, -1, 2, 0.25, 1, -0.5], false, [2, 3]);
    const b = param([0.1, -0.2]);
    const head = param([1, 2, 3], false, [1, 3]);
    const opt = new Muon([{ params: [['w', w], ['b', b]] }, { params: [['head', head]], useMuon: false, learningRate: 1e-3 }]);
    gradients([w, b, head], 0);
    opt.step();
    expect(Object.keys(opt.stateOf('w')!).sort()).toEqual(['cols', 'momentumBuffer', 'rows', 'step']);
    expect(opt.stateOf('w')).toMatchObject({ rows: 2, cols: 3, step: 1 });
    expect(Object.keys(opt.stateOf('b')!).sort()).toEqual(['cols', 'expAvg', 'expAvgSq', 'rows', 'step']);
    expect(Object.keys(opt.stateOf('head')!).sort()).toEqual(['cols', 'expAvg', 'expAvgSq', 'rows', 'step']);
  });

  it('a matrix update has the spectral size of the learning rate: W moves by η·O', () => {
    const w = param([3, 0, 0, 4], false, [2, 2]);
    const opt = new Muon([['w', w]], { learningRate: 0.1, nesterov: false, momentum: 0.5 });
    w.grad = { data: Float64Array.of(3, 0, 0, 4) };
    opt.step();
    // buf = 0.5·g; its orthogonalization is diagonal with entries near 1.
    for (const [i, start] of [[0, 3], [3, 4]] as const) {
      expect(start - w.data[i]!).toBeGreaterThan(0.06);
      expect(start - w.data[i]!).toBeLessThan(0.13);
    }
    expect(w.data[1]).toBe(0);
  });

  it('save → restore → continue on a matrix equals an uninterrupted run, bit for bit', () => {
    const run = (split: boolean): Float64Array => {
      const start = [0.5, -1, 2, 0.25, 1, -0.5];
      let w = param(start, false, [3, 2]);
      let opt = new Muon([['w', w]], { weightDecay: 0.1 });
      for (let k = 0; k < 6; k++) {
        if (split && k === 3) {
          const saved = JSON.parse(JSON.stringify(opt.stateDict()));
          w = param(Array.from(w.data), false, [3, 2]);
          opt = new Muon([['w', w]], { weightDecay: 0.1 });
          opt.loadStateDict(saved);
        }
        gradients([w], k);
        opt.step();
      }
      return w.data as Float64Array;
    };
    expect(sameBits(run(true), run(false))).toBe(true);
  });
});

describe('registry and CLI', () => {
  it('registers the three with their CLI names and specs', () => {
    expect(optimizerEntry('sgd-schedule-free').displayName).toBe('SGDScheduleFree');
    expect(optimizerEntry('AdamWScheduleFree').name).toBe('adamw-schedule-free');
    expect(optimizerEntry('muon').hyperParameters.map((s) => s.name)).toEqual(['learningRate', 'momentum', 'nesterov', 'nsSteps', 'weightDecay', 'useMuon', 'beta1', 'beta2', 'eps']);
  });

  it('descent train --dataset moons --optimizer adamw-schedule-free --epochs 2 trains and evaluates at x', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'descent-sf-')), 'run');
    const run = await runInProcess('train', '--dataset', 'moons', '--optimizer', 'adamw-schedule-free', '--epochs', '2', '--warmup-steps', '2', '--out', out);
    expect(run.error).toBeNull();
    expect(run.stdout).toContain('adamw-schedule-free');
    expect(run.stdout).toMatch(/held-out accuracy \d+\.\d+% after 2 epochs/);
    // The checkpoint's weights are the evaluation point: eval reproduces the held-out accuracy.
    const accuracy = /held-out accuracy (\d+\.\d+%)/.exec(run.stdout)![1]!;
    const evaluated = await runInProcess('eval', out);
    expect(evaluated.error).toBeNull();
    expect(evaluated.stdout).toContain(`accuracy ${accuracy}`);
  });
});
