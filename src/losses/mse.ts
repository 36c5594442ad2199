import type { Tensor } from '../tensor/tensor.js';
import { square, sub } from '../ops/elementwise.js';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

/**
 * Mean squared error (the L2 divergence): reduce((input − target)²).
 *
 * @example
 * mseLoss(model.forward(x), y).backward();
 */
export function mseLoss(input: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(input, target, 'mseLoss');
  return reduce(square(sub(input, target)), options.reduction ?? 'mean', 'mseLoss');
}
