import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor/tensor.js';
import { abs, add, exp, log1p, mapKernel, mul, neg, sub } from '../ops/elementwise.js';
import { sigmoid } from '../ops/activations.js';
import { checkSameShape, reduce, type Reduction } from './reduction.js';

/**
 * Binary cross-entropy from logits: −[y·log σ(x) + (1−y)·log(1−σ(x))], computed stably as
 * (1−y)·x + log(1+e^{−|x|}) + max(−x, 0). Its gradient is written directly, σ(x) − y for the
 * logits and −x for the target, as in PyTorch (the composed form would be off at exactly x = 0).
 */
export function binaryCrossEntropyWithLogits(logits: Tensor, target: Tensor, options: { reduction?: Reduction } = {}): Tensor {
  checkSameShape(logits, target, 'binaryCrossEntropyWithLogits');
  const x = logits;
  const y = target;
  const valueOf = (): Tensor => add(add(mul(sub(1, y.detach()), x.detach()), log1p(exp(neg(abs(x.detach()))))), mapKernel('relu', neg(x.detach())));
  const values = record(valueOf(), 'binaryCrossEntropyWithLogits', [x, y], (g) => [
    x.requiresGrad ? mul(g, sub(sigmoid(x), y)) : null,
    y.requiresGrad ? mul(g, neg(x)) : null,
  ]);
  return reduce(values, options.reduction ?? 'mean', 'binaryCrossEntropyWithLogits');
}
