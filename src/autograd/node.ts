/**
 * A node of the define-by-run graph: the op that produced a tensor, its inputs, and its
 * vector-Jacobian product (VJP).
 *
 * Every VJP is written with differentiable tensor ops, not raw kernels. Backward normally runs with
 * recording off, so it costs nothing extra; with `createGraph: true` the backward pass is itself
 * recorded, which gives gradients of gradients: a Hessian-vector product is
 * `grad(dot(grad(f, x, {createGraph: true}), v), x)` (double backward). Newton's method and the
 * curvature readouts build on that (Newton's `hessianVectorProduct` option, src/optim/optimizers/newton.ts; the playground's Hessian of f(x, y), src/expression/objective.ts).
 */
import type { Tensor } from '../tensor/tensor.js';

/** Maps the gradient of the output to the gradients of the inputs (null: no gradient flows there). */
export type VectorJacobianProduct = (gradOutput: Tensor) => ReadonlyArray<Tensor | null>;

export class GradNode {
  /** Null after a backward pass freed the graph (unless `retainGraph` was set). */
  vjp: VectorJacobianProduct | null;

  constructor(
    /** The op's name, used in error messages (`matmul`, `add`, ...). */
    readonly op: string,
    readonly inputs: readonly Tensor[],
    vjp: VectorJacobianProduct,
  ) {
    this.vjp = vjp;
  }
}
