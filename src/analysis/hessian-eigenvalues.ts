/**
 * The top eigenvalues of a loss's Hessian — its curvature along the sharpest directions — by the
 * Lanczos method on Hessian-vector products. The largest, λmax, is the "sharpness": gradient
 * descent with step η is stable on a quadratic only while λmax < 2/η, and on neural networks full-batch
 * gradient descent drives λmax up to 2/η and keeps it hovering there, the "edge of stability"
 * (Cohen et al., ICLR 2021, https://arxiv.org/abs/2103.00065).
 */
import type { Tensor } from '../tensor/tensor.js';
import { hessianOperator } from './hessian-vector-product.js';
import { lanczosNamed, type LanczosOptions } from './lanczos.js';
import type { AnalysisParameters } from './parameters.js';

/** Options of {@link hessianEigenvalues}: those of {@link lanczos}. */
export type HessianEigenvaluesOptions = LanczosOptions;

/** What {@link hessianEigenvalues} returns. */
export interface HessianEigenvalues {
  /** The k eigenvalues, largest |λ| first (or largest λ with `which: 'largest'`). */
  values: number[];
  /** The matching unit eigenvectors, flat in parameter order (see {@link flattenParameters}). */
  vectors: Float64Array[];
  /** ‖H·y − λy‖ of each pair: a bound on each eigenvalue's error. */
  residuals: number[];
  /** Hessian-vector products used. */
  iterations: number;
  /** True when every residual met the tolerance. */
  converged: boolean;
  /** The loss at the current weights. */
  loss: number;
}

/**
 * The k eigenvalues of largest magnitude of the Hessian of `lossFn()` with respect to `params` (at
 * their current values), with their eigenvectors.
 *
 * Method: Lanczos with full reorthogonalisation on Hessian-vector products (double backward), one
 * product per iteration; `lossFn` is called once. With `iterations ≥ n` the result is exact up to
 * rounding; on networks 20 iterations usually give λmax to several digits. Defaults: k 1,
 * iterations 20, tol 1e-6 (relative residual; stops early), seed 0, which 'magnitude'. The weights
 * are not changed. Use float64 parameters when tight accuracy matters (float32 products carry
 * ~1e-7 relative rounding).
 *
 * @example
 * const loss = () => crossEntropy(model.forward(x), y);
 * const { values: [sharpness] } = hessianEigenvalues(loss, model.namedParameters(), { iterations: 30 });
 * // gradient descent with learning rate η is at the edge of stability when sharpness ≈ 2/η
 */
export function hessianEigenvalues(lossFn: () => Tensor, params: AnalysisParameters, options: HessianEigenvaluesOptions = {}): HessianEigenvalues {
  const operator = hessianOperator(lossFn, params);
  const result = lanczosNamed('hessianEigenvalues', (v) => operator.apply(v), operator.size, options);
  return { ...result, loss: operator.loss };
}
