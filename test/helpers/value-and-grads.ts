/** An op's values and gradients as plain numbers, to compare two implementations bit for bit. */
import { grad } from '../../src/autograd/backward.js';
import { mul } from '../../src/ops/elementwise.js';
import { sum } from '../../src/ops/reduce.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { seededTensor } from './seeded-tensor.js';

/**
 * `fn` on fresh copies of `inputs` (all requiring gradients): its values, and the gradients of each
 * input for a random upstream gradient drawn from `seed` (of the output's dtype, in [−1, 1)).
 */
export function valueAndGrads(fn: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], seed = 99): { out: number[]; grads: number[][] } {
  const xs = inputs.map((t) => new Tensor(t.data.slice(), t.shape).requireGrad());
  const y = fn(...xs);
  const upstream = seededTensor(y.shape, seed, y.dtype === 'float64' ? 'float64' : 'float32', 1);
  const grads = grad(sum(mul(y, upstream)), xs);
  return { out: Array.from(y.data), grads: grads.map((g) => Array.from(g.data)) };
}
