import { describe, expect, it } from 'vitest';
import { beale, compileExpression, expressionObjective, grad, rosenbrock, Tensor, tryExpressionObjective } from '../../src/index.js';

/** Central differences of f and of its gradient. */
function finiteGradient(f: (p: number[]) => number, p: number[], h = 1e-6): number[] {
  return p.map((_, i) => {
    const a = [...p];
    const b = [...p];
    a[i]! += h;
    b[i]! -= h;
    return (f(a) - f(b)) / (2 * h);
  });
}

const cases: Array<[string, number[]]> = [
  ['x^2 - y^2', [0.7, -1.3]],
  ['(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2', [1.2, 0.4]],
  ['sin(x) * exp(y) + cos(x*y)', [0.3, 0.8]],
  ['log(1 + x^2 + y^2) / sqrt(2 + x)', [0.5, -0.25]],
  ['tanh(x - y) + sigmoid(x*y) + sinh(y) - cosh(x)', [-0.4, 0.9]],
  ['x^3 - 3*x*y^2', [0.6, 0.2]],
  ['abs(x) + max(x, y) + min(x, y^2) + pow(2, x) + tan(y/2)', [0.4, 0.7]],
  ['10*2 + x^2.5 + y^-1', [1.3, 2.1]],
  ['erf(x) + softplus(y) + log1p(x*x) + square(y)', [0.2, -0.6]],
];

describe('expressionObjective: values, gradients and Hessians from autograd', () => {
  it.each(cases)('%s', (source, p) => {
    const f = expressionObjective(source);
    const value = (q: number[]) => f.value(q);
    const g = f.gradient(p);
    const fd = finiteGradient(value, p);
    expect(g[0]).toBeCloseTo(fd[0]!, 6);
    expect(g[1]).toBeCloseTo(fd[1]!, 6);
    const h = f.hessian(p);
    const fdx = finiteGradient((q) => f.gradient(q)[0]!, p);
    const fdy = finiteGradient((q) => f.gradient(q)[1]!, p);
    expect(h[0]).toBeCloseTo(fdx[0]!, 5);
    expect(h[1]).toBeCloseTo(fdx[1]!, 5);
    expect(h[2]).toBeCloseTo(fdy[0]!, 5);
    expect(h[3]).toBeCloseTo(fdy[1]!, 5);
    expect(h[1]).toBeCloseTo(h[2]!, 10);
  });

  it('agrees exactly with the library test functions', () => {
    const r = rosenbrock();
    const f = expressionObjective('(1 - x)^2 + 100*(y - x^2)^2');
    for (const p of [[-1.2, 1], [0.3, 0.4], [1, 1]]) {
      expect(f.value(p)).toBeCloseTo(r.value(p), 12);
      expect([...f.gradient(p)].map((v, i) => v - r.gradient(p)[i]!).every((d) => Math.abs(d) < 1e-9)).toBe(true);
      expect([...f.hessian(p)].map((v, i) => v - r.hessian(p)[i]!).every((d) => Math.abs(d) < 1e-9)).toBe(true);
    }
    const b = beale();
    const fb = expressionObjective('(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2');
    expect(fb.value([1, 1.5])).toBeCloseTo(b.value([1, 1.5]), 12);
    expect(fb.gradient([1, 1.5])[1]).toBeCloseTo(b.gradient([1, 1.5])[1]!, 9);
  });

  it('handles constants and formulas in one variable', () => {
    const c = expressionObjective('3 + pi');
    expect(c.value([1, 2])).toBeCloseTo(3 + Math.PI, 14);
    expect([...c.gradient([1, 2])]).toEqual([0, 0]);
    expect([...c.hessian([1, 2])]).toEqual([0, 0, 0, 0]);
    const fx = expressionObjective('x^2 + 3*x');
    expect([...fx.gradient([1, 5])]).toEqual([5, 0]);
    expect([...fx.hessian([1, 5])]).toEqual([2, 0, 0, 0]);
    const lin = expressionObjective('2*x - y');
    expect([...lin.hessian([1, 5])]).toEqual([0, 0, 0, 0]);
  });

  it('evaluates a grid in one vectorised pass', () => {
    const f = expressionObjective('x*y + 1');
    const xs = Float64Array.of(0, 1, 2, 3);
    const ys = Float64Array.of(1, 1, 2, -1);
    expect([...f.values(xs, ys)]).toEqual([1, 2, 5, -2]);
    expect([...expressionObjective('7').values(xs, ys)]).toEqual([7, 7, 7, 7]);
  });

  it('compiled expressions work with grad directly', () => {
    const f = compileExpression('x^2 * y');
    const x = new Tensor(Float64Array.of(3), [1], true);
    const y = new Tensor(Float64Array.of(2), [1], true);
    const [gx, gy] = grad(f.evaluate({ x, y }) as Tensor, [x, y]);
    expect(gx!.item()).toBe(12);
    expect(gy!.item()).toBe(9);
    expect(f.uses).toEqual(['x', 'y']);
  });

  it('tryExpressionObjective reports instead of throwing', () => {
    const bad = tryExpressionObjective('x ^^ 2');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.position).toBe(3);
    const good = tryExpressionObjective('x^2');
    expect(good.ok && good.objective.value([3, 0])).toBe(9);
  });
});
