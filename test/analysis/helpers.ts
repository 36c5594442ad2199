/** Small problems with a Hessian known exactly, for the analysis tests. */
import { Linear, Parameter, Random, Sequential, Tanh, Tensor, grad, matmul, mseLoss, mul, sum } from '../../src/index.js';

/** A random orthogonal n×n matrix (Gram–Schmidt on Gaussian columns), row-major. */
export function randomOrthogonal(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const c = Float64Array.from({ length: n }, () => random.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (const q of cols) {
        let d = 0;
        for (let i = 0; i < n; i++) d += c[i]! * q[i]!;
        for (let i = 0; i < n; i++) c[i] = c[i]! - d * q[i]!;
      }
    }
    const norm = Math.hypot(...c);
    cols.push(c.map((x) => x / norm));
  }
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q[i * n + j] = cols[j]![i]!;
  return q;
}

/** A = Q·diag(λ)·Qᵀ with a random orthogonal Q: the eigenvalues are λ, the eigenvectors Q's columns. */
export function symmetricWithEigenvalues(eigenvalues: readonly number[], seed: number): { matrix: Float64Array; q: Float64Array } {
  const n = eigenvalues.length;
  const q = randomOrthogonal(n, seed);
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += q[i * n + k]! * eigenvalues[k]! * q[j * n + k]!;
    matrix[i * n + j] = s;
  }
  return { matrix, q };
}

/** L(x) = ½ xᵀAx + bᵀx over a float64 parameter x: the Hessian is A everywhere. */
export function quadraticLoss(matrix: Float64Array, n: number, seed: number): { x: Parameter; loss: () => Tensor } {
  const random = new Random(seed);
  const x = new Parameter(Float64Array.from({ length: n }, () => random.normal()), [n]);
  const a = new Tensor(matrix, [n, n]);
  const b = new Tensor(Float64Array.from({ length: n }, () => random.normal()), [n]);
  return { x, loss: () => sum(mul(x, matmul(a, x))).mul(0.5).add(sum(mul(b, x))) };
}

/** A 2-3-1 tanh network in float64 with MSE on 8 points: 13 parameters, curvature from every layer. */
export function tinyMlp(seed = 3): { model: Sequential; loss: () => Tensor } {
  const random = new Random(seed);
  const model = new Sequential(new Linear(2, 3, { random, dtype: 'float64' }), new Tanh(), new Linear(3, 1, { random, dtype: 'float64' }));
  const x = new Tensor(Float64Array.from({ length: 16 }, () => random.normal()), [8, 2]);
  const y = new Tensor(Float64Array.from({ length: 8 }, () => random.normal()), [8, 1]);
  return { model, loss: () => mseLoss(model.forward(x), y) };
}

/** The flat gradient of `loss` with respect to `params` (first order only). */
function flatGradient(loss: () => Tensor, params: readonly Parameter[]): Float64Array {
  const gs = grad(loss(), params);
  return Float64Array.from(gs.flatMap((g) => Array.from(g.data)));
}

/**
 * The exact Hessian by central differences of the autograd gradient, column by column
 * (independent of the double-backward code under test), symmetrised.
 */
export function finiteDifferenceHessian(loss: () => Tensor, params: readonly Parameter[], h = 1e-5): Float64Array {
  const n = params.reduce((s, p) => s + p.size, 0);
  const H = new Float64Array(n * n);
  let j = 0;
  for (const p of params) {
    for (let e = 0; e < p.size; e++, j++) {
      const x0 = p.data[e]!;
      p.data[e] = x0 + h;
      const plus = flatGradient(loss, params);
      p.data[e] = x0 - h;
      const minus = flatGradient(loss, params);
      p.data[e] = x0;
      for (let i = 0; i < n; i++) H[i * n + j] = (plus[i]! - minus[i]!) / (2 * h);
    }
  }
  for (let i = 0; i < n; i++) for (let k = i + 1; k < n; k++) {
    const s = 0.5 * (H[i * n + k]! + H[k * n + i]!);
    H[i * n + k] = H[k * n + i] = s;
  }
  return H;
}
