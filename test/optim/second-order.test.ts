import { describe, expect, it } from 'vitest';
import { booth, illConditionedQuadratic, rosenbrock, saddle } from '../../src/functions/index.js';
import { LBFGS, Newton, lbfgsStepper, minimize, newtonStepper, solveLinear, type FloatArray, type ParameterLike } from '../../src/optim/index.js';
import { param } from './helpers.js';

const f = rosenbrock();
const closureFor = (p: ParameterLike) => (): number => {
  p.grad = { data: f.gradient(p.data) };
  return f.value(p.data);
};

describe('LBFGS', () => {
  it('minimises Rosenbrock, with and without the strong-Wolfe line search', () => {
    for (const lineSearchFn of ['strong_wolfe', null] as const) {
      const p = param([-1.2, 1]);
      const opt = new LBFGS([p], { lineSearchFn, learningRate: lineSearchFn ? 1 : 0.5 });
      for (let k = 0; k < 20; k++) opt.step(closureFor(p));
      expect(f.value(p.data)).toBeLessThan(1e-8);
      expect(opt.counters.nIter).toBeGreaterThan(20);
    }
  });

  it('solves a quadratic in a few iterations and stops on the gradient tolerance', () => {
    const q = illConditionedQuadratic({ kappa: 100, theta: 0.3 });
    const p = param([3, -2]);
    const opt = new LBFGS([p], { lineSearchFn: 'strong_wolfe' });
    opt.step(() => {
      p.grad = { data: q.gradient(p.data) };
      return q.value(p.data);
    });
    expect(Math.hypot(p.data[0]!, p.data[1]!)).toBeLessThan(1e-6);
    expect(opt.counters.nIter).toBeLessThan(10);
  });

  it('returns the loss at the start of the step, like PyTorch', () => {
    const p = param([-1.2, 1]);
    const opt = new LBFGS([p], { maxIter: 3 });
    expect(opt.step(closureFor(p))).toBe(f.value([-1.2, 1]));
  });

  it('the pure stepper equals the façade bit for bit', () => {
    const p = param([-1.2, 1]);
    const opt = new LBFGS([p], { lineSearchFn: 'strong_wolfe', maxIter: 4 });
    const st = lbfgsStepper({ lineSearchFn: 'strong_wolfe', maxIter: 4 });
    let params: FloatArray[] = [Float64Array.of(-1.2, 1)];
    let state = st.init(params);
    for (let k = 0; k < 5; k++) {
      opt.step(closureFor(p));
      ({ params, state } = st.step(params, state, (ps) => ({ loss: f.value(ps[0]!), grads: [f.gradient(ps[0]!)] })));
      expect(Array.from(params[0]!)).toEqual(Array.from(p.data));
    }
    expect(state.nIter).toBe(opt.counters.nIter);
  });

  it('works across several parameters of mixed dtype (flattened in order)', () => {
    const x = param([-1.2]);
    const y = param([1], true);
    const opt = new LBFGS([x, y], { lineSearchFn: 'strong_wolfe' });
    for (let k = 0; k < 10; k++) {
      opt.step(() => {
        const v = [x.data[0]!, y.data[0]!];
        const g = f.gradient(v);
        x.grad = { data: Float64Array.of(g[0]!) };
        y.grad = { data: Float32Array.of(g[1]!) };
        return f.value(v);
      });
    }
    expect(x.data[0]).toBeCloseTo(1, 3);
    expect(y.data[0]).toBeCloseTo(1, 3);
  });
});

describe("Newton's method", () => {
  it('solves a quadratic in one step', () => {
    const b = booth();
    const { x } = minimize(b, { optimizer: 'newton', start: [-5, -5], steps: 1 });
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(3, 12);
  });

  it('converges quadratically on Rosenbrock (damped by Levenberg–Marquardt)', () => {
    const { x, losses } = minimize(f, { optimizer: 'newton', options: { adaptiveDamping: true }, start: [-1.2, 1], steps: 30 });
    expect(losses[losses.length - 1]).toBeLessThan(1e-20);
    expect(x[0]).toBeCloseTo(1, 10);
    for (let k = 1; k < losses.length; k++) expect(losses[k]).toBeLessThanOrEqual(losses[k - 1]!);
  });

  it('builds the Hessian from Hessian-vector products when only those are given', () => {
    const p1 = param([-1.2, 1]);
    const p2 = param([-1.2, 1]);
    const byHessian = new Newton([p1], { hessian: (x) => f.hessian(x) });
    const byHvp = new Newton([p2], {
      hessianVectorProduct: (x, v) => {
        const H = f.hessian(x);
        return [H[0]! * v[0]! + H[1]! * v[1]!, H[2]! * v[0]! + H[3]! * v[1]!];
      },
    });
    for (let k = 0; k < 5; k++) {
      byHessian.step(closureFor(p1));
      byHvp.step(closureFor(p2));
    }
    expect(Array.from(p2.data)).toEqual(Array.from(p1.data));
  });

  it('is attracted to a saddle point, undamped (the lecture’s warning)', () => {
    const { x } = minimize(saddle(), { optimizer: 'newton', start: [1, 0.5], steps: 1 });
    expect(x).toEqual([0, 0]);
  });

  it('refuses problems above its size limit, and singular systems, with clear errors', () => {
    const big = param(new Array(5000).fill(0));
    expect(() => new Newton([big], { hessian: () => [] })).toThrow(
      'Newton: 5000 parameters exceed maxParameters = 4096 (the Hessian would have 25000000 entries); use LBFGS for larger problems or raise maxParameters',
    );
    const p = param([0, 0]);
    const flat = new Newton([p], { hessian: () => [0, 0, 0, 0] });
    expect(() =>
      flat.step(() => {
        p.grad = { data: Float64Array.of(1, 1) };
        return 0;
      }),
    ).toThrow('Newton: the Hessian is singular at step 1; set damping > 0 or adaptiveDamping');
    expect(() => newtonStepper({ hessian: () => [1], maxParameters: 0 })).toThrow('Newton: invalid maxParameters: 0 (valid range [1, inf))');
  });

  it('solveLinear pivots (indefinite systems) and reports singular ones', () => {
    expect(Array.from(solveLinear([0, 1, 1, 0], [2, 3])!)).toEqual([3, 2]);
    expect(solveLinear([1, 2, 2, 4], [1, 1])).toBeNull();
  });
});

describe('fma (the fused multiply-add LBFGS uses, as PyTorch’s add(alpha) does)', () => {
  it('rounds a·b + c once', async () => {
    const { fma } = await import('../../src/optim/index.js');
    expect(fma(0.1, 10, -1)).toBe(2 ** -54);
    expect(0.1 * 10 - 1).toBe(0);
    const e = 2 ** -52;
    expect(fma(1 + e, 1 - e, -1)).toBe(-(2 ** -104));
    expect(fma(3, 5, 7)).toBe(22);
    expect(Object.is(fma(-0, 1, -0), -0)).toBe(true);
    expect(fma(Infinity, 1, 1)).toBe(Infinity);
    expect(Number.isNaN(fma(Infinity, 0, 1))).toBe(true);
    expect(fma(1e300, 1e10, 1)).toBe(Infinity);
  });
});
