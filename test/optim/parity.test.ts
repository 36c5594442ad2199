/**
 * The optimizers parity section: it passes the public golden file, and it implements the schema
 * rather than that file's values (other functions, other shapes, other hyper-parameters; unknown
 * classes and options fail clearly).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runOptimizersSection } from '../../src/parity/sections/optimizers.js';

const golden = JSON.parse(readFileSync(new URL('../../../shared/golden/public.json', import.meta.url), 'utf8')) as {
  optimizers: { problems: Record<string, unknown>; cases: Array<Record<string, unknown>> };
};
const section = golden.optimizers;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const tensor = (shape: number[], data: number[]) => ({ dtype: 'float64', shape, data });

describe('optimizers parity on the public golden file', () => {
  it('passes all 56 cases', () => {
    const results = runOptimizersSection(section);
    expect(results).toHaveLength(56);
    expect(results.filter((r) => !r.ok)).toEqual([]);
  });

  it('fails a case whose expected trajectory is perturbed by more than the tolerance', () => {
    const s = clone(section);
    const c = s.cases.find((x) => x.name === 'Adam_plain' && x.problem === 'mlp')!;
    (c.trajectory as number[][])[7]![3]! *= 1 + 1e-9;
    const r = runOptimizersSection({ problems: s.problems, cases: [c] });
    expect(r[0]!.ok).toBe(false);
    expect(r[0]!.detail).toMatch(/^trajectory\[7\]\[3\]: expected/);
  });

  it('fails unknown optimizer classes, unknown options and unknown problems with a reason', () => {
    const s = clone(section);
    const base = s.cases.find((x) => x.name === 'SGD_plain' && x.problem === 'fn2d')!;
    const unknownClass = { ...clone(base), optimizer: 'Shampoo' };
    const unknownOption = clone(base);
    (unknownOption.param_groups as Array<{ hyperparameters: Record<string, unknown> }>)[0]!.hyperparameters.grad_scaling = 2;
    const unknownProblem = { ...clone(base), problem: 'cnn' };
    const r = runOptimizersSection({ problems: s.problems, cases: [unknownClass, unknownOption, unknownProblem] });
    expect(r.map((x) => x.ok)).toEqual([false, false, false]);
    expect(r[0]!.detail).toBe("error: unknown optimizer class 'Shampoo'");
    expect(r[1]!.detail).toMatch(/^error: SGD: unknown option 'grad_scaling'/);
    expect(r[2]!.detail).toBe("error: the file has no problem 'cnn'");
    expect(runOptimizersSection(42)[0]!.ok).toBe(false);
  });

  it('checks LBFGS only up to reliable_steps, then only that the loss stays small', () => {
    const s = clone(section);
    const c = s.cases.find((x) => x.name === 'LBFGS' && x.problem === 'mlp')!;
    (c.trajectory as number[][])[10]![0]! += 1; // past reliable_steps (2): not compared
    expect(runOptimizersSection({ problems: s.problems, cases: [c] })[0]!.ok).toBe(true);
    (c.loss as number[])[2] = 1e-12; // the bound for later losses, and itself compared
    expect(runOptimizersSection({ problems: s.problems, cases: [c] })[0]!.ok).toBe(false);
  });
});

/** SGD written out independently, to produce expected values for schema cases the file lacks. */
function sgdTrajectory(x0: number[], grad: (x: number[]) => number[], lrOf: (i: number) => number, steps: number, momentum = 0): number[][] {
  const out = [x0.slice()];
  let x = x0.slice();
  let buf: number[] | null = null;
  for (let k = 0; k < steps; k++) {
    const g = grad(x);
    buf = buf === null ? g.slice() : buf.map((b, i) => momentum * b + g[i]!);
    const d = momentum === 0 ? g : buf;
    x = x.map((v, i) => v - lrOf(i) * d[i]!);
    out.push(x.slice());
  }
  return out;
}

describe('the schema, not the file: other functions, shapes and groups', () => {
  it('runs a 2-D function the library does not know, from its formula, with two groups', () => {
    const f = (x: number[]): number => (x[0]! - 1) ** 2 + 2 * (x[1]! + 0.5) ** 2 + x[0]! * x[1]!;
    const grad = (x: number[]): number[] => [2 * (x[0]! - 1) + x[1]!, 4 * (x[1]! + 0.5) + x[0]!];
    const lrs = [0.05, 0.1];
    const traj = sgdTrajectory([2, 1], grad, (i) => lrs[i]!, 10, 0.9);
    const problems = {
      fn2d: { kind: 'function2d', name: 'tilted_bowl', formula: 'f(x, y) = (x - a)^2 + 2*(y + c)^2 + x*y', constants: { a: 1, c: 0.5 }, start: [2, 1] },
    };
    const hyper = (lr: number) => ({ lr, momentum: 0.9, dampening: 0, weight_decay: 0, nesterov: false, maximize: false, foreach: false });
    const c = {
      name: 'SGD_two_groups',
      optimizer: 'SGD',
      problem: 'fn2d',
      param_groups: [
        { param_indices: [0], hyperparameters: hyper(0.05) },
        { param_indices: [1], hyperparameters: hyper(0.1) },
      ],
      params: [{ name: 'x', shape: [1] }, { name: 'y', shape: [1] }],
      init: [tensor([1], [2]), tensor([1], [1])],
      steps: 10,
      trajectory: traj,
      loss: traj.map(f),
      grad: traj.map(grad),
      sensitivity: traj.map(() => 1),
      reliable_steps: 10,
    };
    const r = runOptimizersSection({ problems, cases: [c] });
    expect(r[0]).toMatchObject({ ok: true });
    // Rosenbrock with other constants comes from the library.
    const rb = clone(section);
    const rc = rb.cases.find((x) => x.name === 'SGD_plain' && x.problem === 'fn2d')!;
    (rb.problems.fn2d as { constants: Record<string, number> }).constants = { a: 1, b: 10 };
    expect(runOptimizersSection({ problems: rb.problems, cases: [rc] })[0]!.ok).toBe(false); // the file's values are for b = 100
  });

  it('prefers the recorded formula when it disagrees with the library function of that name', () => {
    // A file whose "rosenbrock" has an extra linear term: its formula, not the library, is the truth.
    const grad = (x: number[]): number[] => [-2 * (1 - x[0]!) - 40 * x[0]! * (x[1]! - x[0]! ** 2) + 1, 20 * (x[1]! - x[0]! ** 2)];
    const f = (x: number[]): number => (1 - x[0]!) ** 2 + 10 * (x[1]! - x[0]! ** 2) ** 2 + x[0]!;
    const traj = sgdTrajectory([-1, 1.5], grad, () => 0.002, 12);
    const problems = { fn2d: { kind: 'function2d', name: 'rosenbrock', formula: 'f(x, y) = (a - x)^2 + b*(y - x^2)^2 + x', constants: { a: 1, b: 10 }, start: [-1, 1.5] } };
    const c = {
      name: 'SGD_plain',
      optimizer: 'SGD',
      problem: 'fn2d',
      param_groups: [{ param_indices: [0], hyperparameters: { lr: 0.002 } }],
      params: [{ name: 'xy', shape: [2] }],
      init: [tensor([2], [-1, 1.5])],
      steps: 12,
      trajectory: traj,
      loss: traj.map(f),
      grad: traj.map(grad),
    };
    expect(runOptimizersSection({ problems, cases: [c] })[0]).toMatchObject({ ok: true });
  });

  it('runs an MLP of other shapes (5 samples, 3 inputs, 4 hidden, 2 outputs)', () => {
    const [N, I, H, O] = [5, 3, 4, 2];
    const seq = (n: number, s: number) => Array.from({ length: n }, (_, i) => Math.sin(s + 1.7 * i) * 0.8);
    const X = seq(N * I, 1);
    const Y = seq(N * O, 2);
    const init = { W1: seq(H * I, 3), b1: seq(H, 4), W2: seq(O * H, 5), b2: seq(O, 6) };
    // Straightforward forward/backward, written independently of src/functions/mlp.ts.
    const lossGrad = (v: number[]): [number, number[]] => {
      const W1 = v.slice(0, 12), b1 = v.slice(12, 16), W2 = v.slice(16, 24), b2 = v.slice(24, 26);
      const g = new Array(26).fill(0);
      let loss = 0;
      for (let n = 0; n < N; n++) {
        const h = [0, 1, 2, 3].map((j) => Math.tanh(b1[j]! + [0, 1, 2].reduce((s, k) => s + X[n * I + k]! * W1[j * I + k]!, 0)));
        for (let o = 0; o < O; o++) {
          const e = b2[o]! + h.reduce((s, hj, j) => s + hj * W2[o * H + j]!, 0) - Y[n * O + o]!;
          loss += (e * e) / (N * O);
          const d = (2 * e) / (N * O);
          g[24 + o] += d;
          h.forEach((hj, j) => {
            g[16 + o * H + j] += d * hj;
            const dz = d * W2[o * H + j]! * (1 - hj * hj);
            g[12 + j] += dz;
            for (let k = 0; k < I; k++) g[j * I + k] += dz * X[n * I + k]!;
          });
        }
      }
      return [loss, g];
    };
    const x0 = [...init.W1, ...init.b1, ...init.W2, ...init.b2];
    const traj = sgdTrajectory(x0, (v) => lossGrad(v)[1], () => 0.3, 8);
    const problems = {
      mlp: { kind: 'mlp', X: tensor([N, I], X), Y: tensor([N, O], Y), init: {} },
    };
    const c = {
      name: 'SGD_plain',
      optimizer: 'SGD',
      problem: 'mlp',
      param_groups: [{ param_indices: [0, 1, 2, 3], hyperparameters: { lr: 0.3, momentum: 0, dampening: 0, weight_decay: 0, nesterov: false, maximize: false } }],
      params: [{ name: 'W1', shape: [H, I] }, { name: 'b1', shape: [H] }, { name: 'W2', shape: [O, H] }, { name: 'b2', shape: [O] }],
      init: [tensor([H, I], init.W1), tensor([H], init.b1), tensor([O, H], init.W2), tensor([O], init.b2)],
      steps: 8,
      trajectory: traj,
      loss: traj.map((v) => lossGrad(v)[0]),
      grad: traj.map((v) => lossGrad(v)[1]),
      sensitivity: traj.map(() => 1),
      reliable_steps: 8,
    };
    expect(runOptimizersSection({ problems, cases: [c] })[0]).toMatchObject({ ok: true });
  });
});
