import type { Tensor } from '../tensor/tensor.js';
import { exp, gt, log, mul, sub, where, div } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

/**
 * Kullback–Leibler divergence KL(target ‖ input) with `input` given as log-probabilities, like
 * PyTorch's `kl_div`: pointwise target·(log target − input), taken as 0 where target = 0.
 * Reductions: 'batchmean' (sum / batch size: the true KL per sample; recommended), 'mean' (over
 * all elements), 'sum', 'none'. With `logTarget` the target is given as log-probabilities too.
 */
export function klDiv(
  input: Tensor,
  target: Tensor,
  options: { reduction?: Reduction | 'batchmean'; logTarget?: boolean } = {},
): Tensor {
  checkSameShape(input, target, 'klDiv');
  const values = options.logTarget
    ? mul(exp(target), sub(target, input))
    : where(gt(target, 0), mul(target, sub(log(where(gt(target, 0), target, 1)), input)), 0);
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'batchmean') return div(sum(values), input.rank === 0 ? 1 : input.shape[0]!);
  return reduce(values, reduction, 'klDiv');
}
