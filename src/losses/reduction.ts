/** How a loss turns per-element values into its result. */
import { formatShape, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { mean, sum } from '../ops/reduce.js';

/** 'mean' (the default, as in PyTorch), 'sum', or 'none' (per-element losses). */
export type Reduction = 'mean' | 'sum' | 'none';

export function reduce(values: Tensor, reduction: Reduction, loss: string): Tensor {
  switch (reduction) {
    case 'mean':
      return mean(values);
    case 'sum':
      return sum(values);
    case 'none':
      return values;
    default:
      throw new Error(`${loss}: unknown reduction '${String(reduction)}'; valid: mean, sum, none`);
  }
}

/** Throws unless input and target have the same shape (no silent broadcasting in losses). */
export function checkSameShape(input: Tensor, target: Tensor, loss: string): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(`${loss}: input has shape ${formatShape(input.shape)} but target has shape ${formatShape(target.shape)}`);
  }
}
