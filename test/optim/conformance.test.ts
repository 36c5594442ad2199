/**
 * The conformance test over the registry: every optimizer, with its default hyper-parameters, on a
 * convex quadratic and on Rosenbrock (converging, or doing what its entry documents), and
 * save → restore → continue equal to an uninterrupted run, bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { illConditionedQuadratic, rosenbrock, type Objective2D } from '../../src/functions/index.js';
import { OPTIMIZERS, VectorRun, type Optimizer, type OptimizerEntry, type ParameterLike } from '../../src/optim/index.js';
import { sameBits, VARIANTS } from './helpers.js';

const BUDGET = 20_000;
const PROBLEMS = {
  quadratic: { f: illConditionedQuadratic({ kappa: 10, theta: Math.PI / 6 }), start: [-4, 2], min: [0, 0] },
  rosenbrock: { f: rosenbrock(), start: [-1.2, 1], min: [1, 1] },
} as const;

describe('registry entries are complete', () => {
  it('has every optimizer of the issue, with documented hyper-parameters and a paper', () => {
    const names = OPTIMIZERS.map((e) => e.name);
    for (const n of ['sgd', 'adam', 'adamw', 'adamax', 'nadam', 'radam', 'rmsprop', 'adagrad', 'adadelta', 'rprop', 'asgd', 'lbfgs', 'lecture-nesterov', 'quickprop', 'newton', 'lion', 'sgd-schedule-free', 'adamw-schedule-free', 'muon']) {
      expect(names).toContain(n);
    }
    for (const e of OPTIMIZERS) {
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.paper).toMatch(/^https?:\/\//);
      expect(e.hyperParameters.length).toBeGreaterThan(0);
      expect(e.hyperParameters[0]!.name).toBe('learningRate');
      for (const h of e.hyperParameters) expect(h.doc.length).toBeGreaterThan(3);
    }
  });
});

describe.each(OPTIMIZERS.map((e) => [e.name, e] as const))('%s with its defaults', (_name, entry: OptimizerEntry) => {
  for (const [problemName, problem] of Object.entries(PROBLEMS)) {
    const expectation = entry.convergence[problemName as keyof typeof PROBLEMS];
    const label = expectation === 'converges' ? 'converges' : `${expectation.outcome} (documented: ${expectation.reason.slice(0, 60)}…)`;
    it(`on the ${problemName}: ${label}`, () => {
      const run = new VectorRun(problem.f, { optimizer: entry.name, start: problem.start });
      const dist = (): number => Math.hypot(run.x[0]! - problem.min[0], run.x[1]! - problem.min[1]);
      const start = problem.f.value(problem.start);
      let closest = Infinity;
      let k = 0;
      for (; k < BUDGET && dist() > 1e-2 && Number.isFinite(dist()); k++) {
        run.step();
        closest = Math.min(closest, dist());
      }
      const end = problem.f.value(run.x);
      if (expectation === 'converges') {
        expect(dist()).toBeLessThanOrEqual(1e-2);
      } else if (expectation.outcome === 'diverges') {
        expect(Number.isFinite(end) && end < start).toBe(false);
      } else if (expectation.outcome === 'oscillates') {
        expect(closest).toBeLessThan(0.1);
        expect(dist()).toBeGreaterThan(1e-2);
      } else {
        expect(end).toBeLessThan(start);
        expect(dist()).toBeGreaterThan(1e-2);
      }
    });
  }
});

/** A façade optimizer on one 2-D parameter, driven through closures (every kind accepts one). */
function facade(entry: OptimizerEntry, f: Objective2D, options: Record<string, unknown>, start: ArrayLike<number>): { opt: Optimizer; p: ParameterLike; closure: () => number } {
  const p: ParameterLike = { data: Float64Array.from(start), grad: null, shape: [2] };
  const opts = entry.kind === 'second-order' ? { ...options, hessian: (x: Float64Array) => f.hessian(x) } : options;
  const opt = entry.create([['xy', p]], opts);
  const closure = (): number => {
    p.grad = { data: f.gradient(p.data) };
    return f.value(p.data);
  };
  return { opt, p, closure };
}

describe('save → restore → continue equals an uninterrupted run, bit for bit', () => {
  for (const entry of OPTIMIZERS) {
    for (const options of [{}, ...(VARIANTS[entry.name] ?? [])]) {
      it(`${entry.name} ${JSON.stringify(options)}`, () => {
        const f = rosenbrock();
        const smallStep = entry.kind === 'first-order' && entry.name !== 'rprop' ? { learningRate: 1e-3 } : {};
        const o = { ...smallStep, ...options };
        const full = facade(entry, f, o, [-1.2, 1]);
        for (let k = 0; k < 10; k++) full.opt.step(full.closure);

        const first = facade(entry, f, o, [-1.2, 1]);
        for (let k = 0; k < 5; k++) first.opt.step(first.closure);
        const saved = JSON.stringify(first.opt.stateDict());
        const second = facade(entry, f, o, first.p.data);
        second.opt.loadStateDict(JSON.parse(saved));
        for (let k = 0; k < 5; k++) second.opt.step(second.closure);

        expect(sameBits(second.p.data, full.p.data)).toBe(true);
        expect(JSON.stringify(second.opt.stateDict())).toBe(JSON.stringify(full.opt.stateDict()));
      });
    }
  }
});
