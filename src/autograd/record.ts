/** Attaching a graph node to an op's result. */
import { Tensor } from '../tensor/tensor.js';
import { foreignOperandError } from '../tensor/foreign-tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { GradNode, type VectorJacobianProduct } from './node.js';

/**
 * Records `out = op(inputs)` in the graph when recording is on and some input requires a gradient.
 * `vjp` is only kept (and only ever called) in that case, so ops can build it unconditionally.
 */
export function record(out: Tensor, op: string, inputs: readonly Tensor[], vjp: VectorJacobianProduct): Tensor {
  // Every op passes through here: the one place that sees each operand of a unary or shape op too.
  for (const t of inputs) if (!(t instanceof Tensor)) throw foreignOperandError(op, t);
  if (isGradEnabled() && inputs.some((t) => t.requiresGrad)) {
    out.requiresGrad = true;
    out.gradNode = new GradNode(op, inputs, vjp);
  }
  return out;
}

/** True when an op's result would be recorded (lets ops skip saving work for backward). */
export function willRecord(inputs: readonly Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}
