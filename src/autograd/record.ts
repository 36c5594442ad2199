/** Attaching a graph node to an op's result. */
import type { Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';
import { GradNode, type VectorJacobianProduct } from './node.js';

/**
 * Records `out = op(inputs)` in the graph when recording is on and some input requires a gradient.
 * `vjp` is only kept (and only ever called) in that case, so ops can build it unconditionally.
 */
export function record(out: Tensor, op: string, inputs: readonly Tensor[], vjp: VectorJacobianProduct): Tensor {
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
