/**
 * softmaxCrossEntropy, crossEntropy's common case (no class weights, no label smoothing) in one
 * kernel each way, against the composition it replaces (nllLoss of logSoftmax) on the JS backend:
 * the same bits (values and gradients, float32 and float64, NaN and ±∞ included), finite-difference
 * gradients in float64, second derivatives with createGraph, and that crossEntropy takes that path.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Tensor, crossEntropy, grad, logSoftmax, mul, nllLoss, reshape, setBackend, sum, tensor, type Reduction } from '../ops/core.js';
import { softmaxCrossEntropy } from '../../src/losses/softmax-cross-entropy.js';
import { expectGrads, randT } from '../ops/helpers.js';
import { seededTensor, withSpecials } from '../helpers/seeded-tensor.js';
import { valueAndGrads } from '../helpers/value-and-grads.js';
import { countingBackend } from '../helpers/counting-backend.js';

const REDUCTIONS: Reduction[] = ['mean', 'sum', 'none'];

afterEach(() => setBackend('js'));

const composedCrossEntropy = (logits: Tensor, target: Tensor, reduction: Reduction): Tensor => nllLoss(logSoftmax(logits, 1), target, { reduction });

describe('softmaxCrossEntropy (crossEntropy without weights or smoothing) equals the composition', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const reduction of REDUCTIONS) {
      it(`${dtype}, reduction ${reduction}: loss and gradient bit for bit`, () => {
        for (const [n, c] of [[13, 10], [4, 3], [1, 1], [7, 33]] as const) {
          const logits = seededTensor([n, c], n * c, dtype, 8);
          const target = new Tensor(Int32Array.from({ length: n }, (_, i) => (i * 5 + 1) % c), [n]);
          const single = valueAndGrads((x) => crossEntropy(x!, target, { reduction }), [logits]);
          const plain = valueAndGrads((x) => composedCrossEntropy(x!, target, reduction), [logits]);
          expect(single.out).toEqual(plain.out);
          expect(single.grads).toEqual(plain.grads);
        }
      });
    }
  }

  it('NaN, ±∞ and huge logits, and NaN / signed-zero upstream gradients', () => {
    const logits = withSpecials(seededTensor([12, 5], 3, 'float32', 5));
    const target = new Tensor(Int32Array.from({ length: 12 }, (_, i) => i % 5), [12]);
    const single = valueAndGrads((x) => crossEntropy(x!, target, { reduction: 'none' }), [logits]);
    const plain = valueAndGrads((x) => composedCrossEntropy(x!, target, 'none'), [logits]);
    expect(single.out).toEqual(plain.out);
    expect(single.grads).toEqual(plain.grads);
    const x1 = seededTensor([4, 3], 4).requireGrad();
    const x2 = new Tensor(x1.data.slice(), x1.shape).requireGrad();
    const t = tensor([0, 1, 2, 0], { dtype: 'int32' });
    const upstream = tensor([NaN, -0, 0, -2]);
    const [g1] = grad(crossEntropy(x1, t, { reduction: 'none' }), [x1], { gradOutput: upstream });
    const [g2] = grad(composedCrossEntropy(x2, t, 'none'), [x2], { gradOutput: upstream });
    expect(Array.from(g1!.data)).toEqual(Array.from(g2!.data));
  });

  it('float targets holding integers, finite differences in float64, second derivatives', () => {
    const logits = randT([5, 4], 11, { low: -3, high: 3 });
    const target = tensor([3, 0, 1, 1, 2]);
    for (const reduction of REDUCTIONS) expectGrads((x) => crossEntropy(x, target, { reduction }), [logits]);
    const hvp = (f: (x: Tensor) => Tensor): number[] => {
      const x = randT([5, 4], 12);
      const [g] = grad(f(x), [x], { createGraph: true });
      return Array.from(grad(sum(mul(g!, randT([5, 4], 13, { grad: false }))), [x])[0]!.data);
    };
    const single = hvp((x) => crossEntropy(x, target));
    const plain = hvp((x) => composedCrossEntropy(x, tensor([3, 0, 1, 1, 2], { dtype: 'int32' }), 'mean'));
    single.forEach((v, i) => expect(v).toBeCloseTo(plain[i]!, 12));
  });

  it('takes the single-kernel path: one kernel call each way, the node is softmaxCrossEntropy', () => {
    const counts = countingBackend(['softmaxCrossEntropy', 'softmaxCrossEntropyGrad']);
    const x = seededTensor([6, 4], 1).requireGrad();
    const t = tensor([0, 1, 2, 3, 0, 1], { dtype: 'int32' });
    const loss = crossEntropy(x, t);
    expect(loss.gradNode!.inputs[0]!.gradNode!.inputs[0]!.gradNode!.op).toBe('softmaxCrossEntropy');
    loss.backward();
    expect(counts).toMatchObject({ softmaxCrossEntropy: 1, softmaxCrossEntropyGrad: 1 });
    // Weights, smoothing and [N, C, d] logits keep the composition.
    crossEntropy(x, t, { labelSmoothing: 0.1 });
    crossEntropy(x, t, { weight: tensor([1, 2, 3, 4]) });
    crossEntropy(reshape(x, [6, 2, 2]), tensor([[0, 1], [1, 0], [0, 0], [1, 1], [0, 1], [1, 0]], { dtype: 'int32' }));
    expect(counts.softmaxCrossEntropy).toBe(1);
    expect(crossEntropy(x, t, { reduction: 'none' }).gradNode!.op).toBe('softmaxCrossEntropy');
  });

  it('rejects what it does not handle', () => {
    expect(() => softmaxCrossEntropy(seededTensor([2, 3], 1), tensor([0, 1]))).toThrow('softmaxCrossEntropy: expected logits [N, C] and int32 targets [N], got [2,3] and float32 [2]');
  });
});
