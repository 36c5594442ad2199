import { describe, expect, it } from 'vitest';
import { hessianEigenvalues, hessianOperator, hessianVectorProduct, lanczos, symmetricEigen, Parameter, Tensor } from '../../src/index.js';
import { finiteDifferenceHessian, quadraticLoss, symmetricWithEigenvalues, tinyMlp } from './helpers.js';

function matVec(a: ArrayLike<number>, n: number, v: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * v[j]!;
    return s;
  });
}

describe('symmetricEigen (Jacobi)', () => {
  it('recovers the eigenvalues and eigenvectors of Q·diag(λ)·Qᵀ', () => {
    const lambda = [7, -4, 2.5, 1, 0.25, -0.5];
    const { matrix } = symmetricWithEigenvalues(lambda, 11);
    const { values, vectors } = symmetricEigen(matrix, 6);
    expect(Array.from(values)).toEqual([...lambda].sort((a, b) => b - a).map((x) => expect.closeTo(x, 12)));
    values.forEach((l, i) => {
      const av = matVec(matrix, 6, vectors[i]!);
      av.forEach((x, r) => expect(x).toBeCloseTo(l * vectors[i]![r]!, 12));
      expect(Math.hypot(...vectors[i]!)).toBeCloseTo(1, 14);
    });
  });

  it('gives [3, 1] for [[2, 1], [1, 2]]', () => {
    expect(Array.from(symmetricEigen([2, 1, 1, 2], 2).values)).toEqual([expect.closeTo(3, 14), expect.closeTo(1, 14)]);
  });
});

describe('hessianVectorProduct', () => {
  it('equals A·v on the quadratic ½xᵀAx + bᵀx, flat or per parameter', () => {
    const { matrix } = symmetricWithEigenvalues([3, 1, -2, 0.5], 5);
    const { x, loss } = quadraticLoss(matrix, 4, 1);
    const v = Float64Array.of(0.3, -1, 2, 0.7);
    const expected = matVec(matrix, 4, v);
    const flat = hessianVectorProduct(loss, [x], v);
    flat.forEach((h, i) => expect(h).toBeCloseTo(expected[i]!, 12));
    const [asTensor] = hessianVectorProduct(loss, [x], [new Tensor(v, [4])]);
    expect(asTensor!.shape).toEqual([4]);
    asTensor!.data.forEach((h, i) => expect(h).toBeCloseTo(expected[i]!, 12));
  });

  it('matches the finite-difference Hessian column by column on a tiny MLP (13 parameters, float64)', () => {
    const { model, loss } = tinyMlp();
    const params = model.parameters();
    const H = finiteDifferenceHessian(loss, params);
    const n = 13;
    const operator = hessianOperator(loss, model.namedParameters());
    expect(operator.size).toBe(n);
    for (let j = 0; j < n; j++) {
      const e = new Float64Array(n);
      e[j] = 1;
      const col = operator.apply(e);
      for (let i = 0; i < n; i++) expect(Math.abs(col[i]! - H[i * n + j]!)).toBeLessThan(1e-7);
    }
    expect(operator.products).toBe(n);
  });

  it('is zero for a loss linear in the weights, and leaves frozen parameters out', () => {
    const w = new Parameter(Float64Array.of(1, 2), [2]);
    const frozen = new Parameter(Float64Array.of(5), [1], false);
    const loss = () => w.mul(new Tensor(Float64Array.of(3, -1), [2])).sum().add(frozen.sum());
    expect(Array.from(hessianVectorProduct(loss, [w, frozen], Float64Array.of(1, 1)))).toEqual([0, 0]);
  });
});

describe('hessianEigenvalues (Lanczos on Hessian-vector products)', () => {
  it('finds the top-3 eigenvalues by magnitude of a quadratic exactly, with eigenvectors', () => {
    const lambda = [5, -3, 2, 1, 0.5, 0.1, -0.05, 0.01];
    const { matrix } = symmetricWithEigenvalues(lambda, 7);
    const { x, loss } = quadraticLoss(matrix, 8, 2);
    const before = Array.from(x.data);
    const r = hessianEigenvalues(loss, [x], { k: 3, iterations: 8, seed: 1 });
    expect(r.values).toHaveLength(3);
    r.values.forEach((v, i) => expect(v).toBeCloseTo([5, -3, 2][i]!, 10));
    r.vectors.forEach((y, i) => {
      const hy = matVec(matrix, 8, y);
      hy.forEach((h, k) => expect(h).toBeCloseTo(r.values[i]! * y[k]!, 9));
    });
    expect(r.converged).toBe(true);
    expect(Array.from(x.data)).toEqual(before); // the weights are not touched
  });

  it("'largest' picks the algebraically largest eigenvalues", () => {
    const { matrix } = symmetricWithEigenvalues([-9, 4, 3, 1, 0.5], 8);
    const { x, loss } = quadraticLoss(matrix, 5, 3);
    expect(hessianEigenvalues(loss, [x], { k: 1 }).values[0]).toBeCloseTo(-9, 10);
    expect(hessianEigenvalues(loss, [x], { k: 2, which: 'largest' }).values).toEqual([expect.closeTo(4, 10), expect.closeTo(3, 10)]);
  });

  it('finds a repeated eigenvalue with its multiplicity (restart on an invariant subspace)', () => {
    const { matrix } = symmetricWithEigenvalues([4, 4, 1, 0.5], 9);
    const { x, loss } = quadraticLoss(matrix, 4, 4);
    const r = hessianEigenvalues(loss, [x], { k: 3, iterations: 4 });
    expect(r.values).toEqual([expect.closeTo(4, 10), expect.closeTo(4, 10), expect.closeTo(1, 10)]);
  });

  it('stops early when the residual meets tol: λmax of a well-separated spectrum in few products', () => {
    const lambda = Array.from({ length: 40 }, (_, i) => (i === 0 ? 100 : 1 + i / 40));
    const { matrix } = symmetricWithEigenvalues(lambda, 10);
    const { x, loss } = quadraticLoss(matrix, 40, 5);
    const r = hessianEigenvalues(loss, [x], { iterations: 40, tol: 1e-8 });
    expect(r.values[0]).toBeCloseTo(100, 6);
    expect(r.iterations).toBeLessThan(20);
    expect(r.residuals[0]).toBeLessThanOrEqual(1e-8 * 100);
  });

  it('agrees with the eigenvalues of the exact (finite-difference) Hessian of a tiny MLP', () => {
    const { model, loss } = tinyMlp();
    const H = finiteDifferenceHessian(loss, model.parameters());
    const exact = Array.from(symmetricEigen(H, 13).values).sort((a, b) => Math.abs(b) - Math.abs(a));
    const r = hessianEigenvalues(loss, model.namedParameters(), { k: 3, iterations: 13 });
    r.values.forEach((v, i) => expect(Math.abs(v - exact[i]!)).toBeLessThan(1e-6 * Math.abs(exact[0]!)));
    // With fewer products than parameters, λmax is already accurate.
    const quick = hessianEigenvalues(loss, model.namedParameters(), { iterations: 8 });
    expect(Math.abs(quick.values[0]! - exact[0]!)).toBeLessThan(1e-4 * Math.abs(exact[0]!));
    expect(quick.loss).toBeCloseTo(loss().item(), 14);
  });

  it('is deterministic for a seed, and float32 parameters agree with float64 to float32 rounding', () => {
    const { model, loss } = tinyMlp();
    const a = hessianEigenvalues(loss, model.namedParameters(), { k: 2, seed: 4 });
    const b = hessianEigenvalues(loss, model.namedParameters(), { k: 2, seed: 4 });
    expect(b).toEqual(a);
    const exact = a.values[0]!;
    model.to('float32');
    const single = hessianEigenvalues(loss, model.namedParameters(), { seed: 4 });
    expect(Math.abs(single.values[0]! - exact)).toBeLessThan(1e-4 * Math.abs(exact));
  });

  it('rejects bad options with the option named', () => {
    const { x, loss } = quadraticLoss(symmetricWithEigenvalues([1, 2], 1).matrix, 2, 1);
    expect(() => hessianEigenvalues(loss, [x], { k: 3 })).toThrow(/^hessianEigenvalues: k = 3 exceeds the 2 dimensions/);
    expect(() => hessianEigenvalues(loss, [x], { k: 2, iterations: 1 })).toThrow(/iterations must be an integer >= k = 2/);
    expect(() => lanczos((v) => v, 3, { tol: -1 })).toThrow(/tol/);
  });
});
