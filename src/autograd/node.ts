/**
 * A node of the define-by-run graph: the op that produced a tensor, its inputs, and its
 * vector-Jacobian product (VJP).
 *
 * VJPs are written with differentiable tensor ops (the convolution's gradients are ops of their
 * own, src/ops/conv.ts). Backward normally runs with recording off, so this costs nothing extra;
 * with `createGraph: true` the backward pass is itself recorded, which gives gradients of
 * gradients: a Hessian-vector product is `grad(dot(grad(f, x, {createGraph: true}), v), x)`
 * (double backward). Two VJPs take a shortcut: the fused bias + activation
 * (`biasActivationBackward`, src/ops/bias-activation.ts) and the softmax cross-entropy
 * (src/losses/softmax-cross-entropy.ts) run one raw kernel when nothing records, and their
 * differentiable form under `createGraph`. The playground's Hessian of a typed
 * f(x, y) is built this way (src/expression/objective.ts); Newton's method takes a Hessian or a
 * `hessianVectorProduct` from its caller (src/optim/optimizers/newton.ts).
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
