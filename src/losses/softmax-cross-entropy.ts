/**
 * Softmax cross-entropy of [N, C] logits against class indices as one op: `crossEntropy`'s common
 * case (no class weights, no label smoothing), in one kernel each way instead of the dozen ops of
 * logSoftmax → gather → neg and their gradients.
 */
import { backend } from '../backend/index.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mul, requireFloat, sub } from '../ops/elementwise.js';
import { oneHot } from '../ops/indexing.js';
import { softmax } from '../ops/activations.js';
import { unsqueeze } from '../ops/shape.js';

/**
 * Per-row losses −log softmax(logits_i)[t_i] ([N]) for logits [N, C] and int32 class indices [N]
 * already checked to lie in [0, C) (`crossEntropy` checks them and reduces the result). Forward keeps
 * each row's maximum m_i and Σ_j e^{x_ij − m_i}; backward is u_i·(softmax(logits_i) − onehot(t_i))
 * for the upstream gradient u in one pass. Values and gradients are the op-by-op composition's bit for
 * bit on the JS backend (float32 and float64); with `createGraph` the backward is built from
 * differentiable ops (softmax, one-hot), so second derivatives work as before.
 *
 * @example
 * const losses = softmaxCrossEntropy(logits, labels);  // logits [N, 10], labels int32 [N] → [N]
 * mean(losses).backward();
 */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor): Tensor {
  requireFloat(logits, 'softmaxCrossEntropy');
  const [rows, classes] = logits.shape as [number, number];
  if (logits.rank !== 2 || target.dtype !== 'int32' || target.rank !== 1 || target.shape[0] !== rows) {
    throw new Error(`softmaxCrossEntropy: expected logits [N, C] and int32 targets [N], got ${formatShape(logits.shape)} and ${target.dtype} ${formatShape(target.shape)}`);
  }
  const t = target.data as Int32Array;
  const loss = allocate(logits.dtype, rows);
  const rowMax = allocate(logits.dtype, rows);
  const rowSum = allocate(logits.dtype, rows);
  backend().softmaxCrossEntropy(logits.data, t, rows, classes, loss, rowMax, rowSum);
  return record(new Tensor(loss, [rows]), 'softmaxCrossEntropy', [logits], (g) => {
    if (isGradEnabled() || g.dtype !== logits.dtype) {
      // createGraph: softmax − onehot from recorded ops, so the gradient is itself differentiable.
      return [mul(sub(softmax(logits, 1), oneHot(target, classes, logits.dtype)), unsqueeze(g, 1))];
    }
    const dx = allocate(logits.dtype, logits.size);
    backend().softmaxCrossEntropyGrad(logits.data, t, rows, classes, rowMax, rowSum, g.data, dx);
    return [new Tensor(dx, logits.shape)];
  });
}
