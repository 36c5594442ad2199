/**
 * Sharpness, λmax of the loss Hessian, by power iteration on Hessian-vector products (descent's
 * double backward, `hessianOperator`). Full-batch gradient descent with step η is stable on a
 * quadratic only while λmax < 2/η; on networks it drives λmax up to 2/η and hovers there, the
 * "edge of stability" (Cohen et al., ICLR 2021).
 */
import { hessianOperator, Random, type AnalysisParameters, type Tensor } from '../../src/index.js';

/** The result of {@link powerIteration}. */
export interface PowerIterationResult {
  /** The Rayleigh quotient vᵀHv at the last iterate: the eigenvalue of largest magnitude. */
  lambda: number;
  /** Hessian-vector products used. */
  iterations: number;
  /** True when successive estimates agreed to the tolerance. */
  converged: boolean;
  /** The unit eigenvector estimate. */
  vector: Float64Array;
}

/** Options of {@link powerIteration}. */
export interface PowerIterationOptions {
  /** Most Hessian-vector products (default 50). */
  iterations?: number;
  /** Stop when |λ_k − λ_{k−1}| ≤ tol·|λ_k| (default 1e-6). */
  tol?: number;
  /** Seed of the start vector (default 0). */
  seed?: number;
}

/** Where {@link powerIterationSteps} is: after building the operator, then after each Hessian-vector product. */
export interface PowerIterationProgress {
  /** Hessian-vector products done so far (0 once the operator is built, 1 after the first product). */
  products: number;
  /** The most it will do (`options.iterations`). */
  total: number;
  /** The Rayleigh quotient vᵀHv of the last product: the estimate so far (0 before the first). */
  lambda: number;
}

/**
 * The eigenvalue of largest magnitude of the Hessian of `lossFn()` at the current weights of
 * `params`, by power iteration: v ← Hv/‖Hv‖, λ = vᵀHv. `lossFn` is called once (the graph is reused).
 */
export function powerIteration(lossFn: () => Tensor, params: AnalysisParameters, options: PowerIterationOptions = {}): PowerIterationResult {
  const steps = powerIterationSteps(lossFn, params, options);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * {@link powerIteration} one Hessian-vector product at a time, for a worker that answers its
 * messages between two: the first `next()` builds the loss and its gradient graph (about one
 * product's work) and yields `products: 0`; each later `next()` does exactly one product and
 * yields; the `next()` after the last product returns the result — the same, bit for bit, as
 * `powerIteration` with the same arguments. The weights must not change until it returns (see
 * `hessianOperator`).
 *
 * @example
 * const job = powerIterationSteps(loss, model.namedParameters(), { iterations: 20 });
 * let r = job.next();
 * while (!r.done) r = job.next(); // between two calls: read messages, pause, or drop the job
 * console.log(r.value.lambda);
 */
export function* powerIterationSteps(lossFn: () => Tensor, params: AnalysisParameters, options: PowerIterationOptions = {}): Generator<PowerIterationProgress, PowerIterationResult> {
  const maxIterations = options.iterations ?? 50;
  const tol = options.tol ?? 1e-6;
  const H = hessianOperator(lossFn, params);
  const random = new Random(options.seed ?? 0);
  let v: Float64Array = new Float64Array(H.size);
  for (let i = 0; i < v.length; i++) v[i] = random.normal();
  normalise(v);
  let lambda = 0;
  yield { products: 0, total: maxIterations, lambda };
  for (let k = 1; k <= maxIterations; k++) {
    const hv = H.apply(v);
    let next = 0;
    for (let i = 0; i < v.length; i++) next += v[i]! * hv[i]!;
    const norm = normalise(hv);
    const settled = Math.abs(next - lambda) <= tol * Math.abs(next);
    lambda = next;
    yield { products: k, total: maxIterations, lambda: norm === 0 ? 0 : lambda };
    if (norm === 0) return { lambda: 0, iterations: k, converged: true, vector: v };
    v = hv;
    if (settled) return { lambda, iterations: k, converged: true, vector: v };
  }
  return { lambda, iterations: maxIterations, converged: false, vector: v };
}

function normalise(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  const norm = Math.sqrt(s);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return norm;
}
