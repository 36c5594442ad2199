/** Bad input: every error names the op and the shapes (or values) involved. */
import { describe, it, expect } from 'vitest';
import {
  add, sub, mul, div, pow, maximum, minimum, where, matmul, dot, concat, stack, mseLoss, huberLoss, smoothL1Loss,
  binaryCrossEntropyWithLogits, klDiv, crossEntropy, nllLoss, gather, indexSelect, oneHot, relu, sigmoid, tanh, softmax,
  logSoftmax, gelu, leakyRelu, elu, softplus, silu, reshape, sum, mean, max, permute, transpose, expand, narrow, slice, squeeze,
  conv2d, maxPool2d, avgPool2d, batchNorm, layerNorm, dropout, clamp, split, zeros, tensor, Tensor,
} from './core.js';
import { int32 } from '../helpers/int-tensor.js';

const z = (...shape: number[]): Tensor => zeros(shape);

describe('shape mismatches in binary ops', () => {
  const ops = { add, sub, mul, div, pow, maximum, minimum } as const;
  for (const [name, op] of Object.entries(ops)) {
    it(name, () => {
      expect(() => op(z(2, 3), z(4, 3))).toThrow(`${name}: cannot broadcast [2,3] with [4,3]: dimension 0 is 2 vs 4`);
    });
  }
  it('where', () => {
    expect(() => where(z(2), z(3), z(3))).toThrow('where: cannot broadcast [2] with [3]: dimension 0 is 2 vs 3');
  });
});

describe('matmul, concat, stack', () => {
  it('matmul: inner dimensions', () => {
    expect(() => matmul(z(32, 10), z(5, 3))).toThrow('matmul: cannot multiply [32,10] by [5,3]: inner dimensions 10 and 5 differ');
    expect(() => matmul(z(4), z(5, 3))).toThrow('matmul: cannot multiply [4] by [5,3]: inner dimensions 4 and 5 differ');
  });
  it('matmul: batch dimensions name both operands', () => {
    expect(() => matmul(z(2, 3, 4), z(3, 4, 5))).toThrow('matmul: cannot broadcast the batch dimensions of [2,3,4] and [3,4,5]: [2] vs [3]');
  });
  it('matmul: 0-d and int32 operands', () => {
    expect(() => matmul(z(), z(3))).toThrow('matmul: both operands need at least one dimension, got [] and [3]');
    expect(() => matmul(tensor([[1]], { dtype: 'int32' }), tensor([[1, 2]], { dtype: 'int32' }))).toThrow('matmul: expected floating-point operands, got int32 [1,1] and int32 [1,2]');
  });
  it('dot', () => {
    expect(() => dot(z(3), z(4))).toThrow('dot: expected two vectors of equal length, got [3] and [4]');
  });
  it('concat', () => {
    expect(() => concat([z(2, 3), z(2, 4)], 0)).toThrow('concat: tensor 1 has shape [2,4], which does not match [2,3] outside axis 0');
    expect(() => concat([z(2, 3), z(2)], 0)).toThrow('concat: tensor 1 has shape [2], which does not match [2,3] outside axis 0');
    expect(() => concat([])).toThrow('concat: needs at least one tensor');
    expect(() => concat([z(2), z(2)], 1)).toThrow('concat: axis 1 is out of range for a tensor of rank 1');
  });
  it('concat of 0-d tensors says to use stack', () => {
    expect(() => concat([z(), z()])).toThrow('concat: zero-dimensional tensors cannot be concatenated (tensor 0 has shape []); use stack');
  });
  it('stack', () => {
    expect(() => stack([z(2, 3), z(3, 2)])).toThrow('stack: tensor 1 has shape [3,2] but tensor 0 has [2,3]');
  });
});

describe('losses', () => {
  it('input/target shape mismatches', () => {
    expect(() => mseLoss(z(3, 2), z(3))).toThrow('mseLoss: input has shape [3,2] but target has shape [3]');
    expect(() => huberLoss(z(3, 2), z(2, 3))).toThrow('huberLoss: input has shape [3,2] but target has shape [2,3]');
    expect(() => smoothL1Loss(z(3), z(4))).toThrow('smoothL1Loss: input has shape [3] but target has shape [4]');
    expect(() => binaryCrossEntropyWithLogits(z(3), z(3, 1))).toThrow('binaryCrossEntropyWithLogits: input has shape [3] but target has shape [3,1]');
    expect(() => klDiv(z(3), z(4))).toThrow('klDiv: input has shape [3] but target has shape [4]');
  });
  it('crossEntropy / nll: target shape, input rank, weight shape', () => {
    expect(() => crossEntropy(z(4, 3), int32([0, 1, 2]))).toThrow('crossEntropy: target of shape [3] does not match input [4,3] (expected class indices of shape [4])');
    expect(() => crossEntropy(z(3), int32([0]))).toThrow('crossEntropy: input must be [N, C] (or [N, C, ...]), got [3]');
    expect(() => crossEntropy(z(2, 3), int32([0, 1]), { weight: z(2) })).toThrow('nllLoss: weight must have shape [3], got [2]');
    expect(() => nllLoss(z(2, 3), int32([0, 1, 1]))).toThrow('nllLoss: target of shape [3] does not match input [2,3]');
  });
  it('crossEntropy / nll: out-of-range class indices name the input shape', () => {
    expect(() => crossEntropy(z(4, 3), int32([0, 1, 3, 0]))).toThrow('crossEntropy: target class 3 at position 2 is out of range [0, 3) for input [4,3]');
    expect(() => crossEntropy(z(2, 3), int32([0, -1]))).toThrow('crossEntropy: target class -1 at position 1 is out of range [0, 3) for input [2,3]');
    expect(() => nllLoss(z(2, 3), int32([0, 5]))).toThrow('nllLoss: target class 5 at position 1 is out of range [0, 3) for input [2,3]');
  });
  it('invalid hyper-parameters and reductions', () => {
    expect(() => crossEntropy(z(2, 3), int32([0, 1]), { labelSmoothing: 1.5 })).toThrow('crossEntropy: labelSmoothing must be in [0, 1], got 1.5');
    expect(() => huberLoss(z(2), z(2), { delta: 0 })).toThrow('huberLoss: delta must be positive, got 0');
    expect(() => smoothL1Loss(z(2), z(2), { beta: -1 })).toThrow('smoothL1Loss: beta must be non-negative, got -1');
    expect(() => mseLoss(z(2), z(2), { reduction: 'avg' as never })).toThrow("mseLoss: unknown reduction 'avg'; valid: mean, sum, none");
  });
});

describe('indices', () => {
  it('gather: out of range names the axis and shape; a misfit index names both shapes', () => {
    expect(() => gather(z(2, 3), 1, int32([0, 3]).reshape([2, 1]))).toThrow('gather: index 3 at position 1 is out of range [0, 3) for axis 1 of [2,3]');
    expect(() => gather(z(2, 3), 1, int32([0, 1, 2]))).toThrow('gather: index of shape [3] does not fit [2,3] along axis 1');
    expect(() => gather(z(2, 3), 0, int32([0, 0, 0, 0]).reshape([1, 4]))).toThrow('gather: index of shape [1,4] does not fit [2,3] along axis 0');
  });
  it('indexSelect', () => {
    expect(() => indexSelect(z(2, 3), 0, [0, 2])).toThrow('indexSelect: index 2 at position 1 is out of range [0, 2) for axis 0 of [2,3]');
    expect(() => indexSelect(z(2, 3), 0, tensor([0.5]))).toThrow('indexSelect: index must be integers (an int32 tensor), got non-integer float32 values');
    expect(() => indexSelect(z(2, 3), 0, int32([0, 1]).reshape([1, 2]))).toThrow('indexSelect: indices must be 1-D, got [1,2]');
  });
  it('oneHot', () => {
    expect(() => oneHot(int32([0, 3]), 3)).toThrow('oneHot: class index 3 at position 1 is out of range [0, 3)');
    expect(() => oneHot(int32([-1]), 3)).toThrow('oneHot: class index -1 at position 0 is out of range [0, 3)');
    expect(() => oneHot(int32([0]), 0)).toThrow('oneHot: numClasses must be a positive integer, got 0');
  });
});

describe('dtypes', () => {
  const activations = { relu, sigmoid, tanh, softmax, logSoftmax, gelu, leakyRelu, elu, softplus, silu } as const;
  for (const [name, fn] of Object.entries(activations)) {
    it(`int32 into ${name}`, () => {
      expect(() => (fn as (t: Tensor) => Tensor)(int32([1, 2]))).toThrow(`${name}: expected a float32 or float64 tensor, got int32 of shape [2]`);
    });
  }
  it('int32 into dropout, batchNorm, layerNorm', () => {
    expect(() => dropout(int32([1]), 0.5, true)).toThrow('dropout: expected a float32 or float64 tensor, got int32 of shape [1]');
    expect(() => batchNorm(int32([1, 2]).reshape([1, 2]), null, null, null, null, { training: false, momentum: 0.1, eps: 1e-5 })).toThrow('batchNorm: expected a float32 or float64 tensor, got int32 of shape [1,2]');
    expect(() => layerNorm(int32([1, 2]), [2], null, null)).toThrow('layerNorm: expected a float32 or float64 tensor, got int32 of shape [2]');
  });
});

describe('shapes and axes', () => {
  it('invalid reshape', () => {
    expect(() => reshape(z(2, 3), [4, 2])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,2]');
    expect(() => reshape(z(2, 3), [4, -1])).toThrow('reshape: cannot reshape [2,3] (6 elements) into [4,-1]');
    expect(() => reshape(z(2, 3), [-1, -1])).toThrow('reshape: only one dimension can be -1, got [-1,-1]');
  });
  it('invalid axes', () => {
    expect(() => sum(z(2, 3), 2)).toThrow('sum: axis 2 is out of range for a tensor of rank 2');
    expect(() => mean(z(2, 3), -3)).toThrow('mean: axis -3 is out of range for a tensor of rank 2');
    expect(() => max(z(2, 3), 5)).toThrow('max: axis 5 is out of range for a tensor of rank 2');
    expect(() => softmax(z(2, 3), 2)).toThrow('softmax: axis 2 is out of range for a tensor of rank 2');
    expect(() => transpose(z(2, 3), 0, 2)).toThrow('transpose: axis 2 is out of range for a tensor of rank 2');
    expect(() => squeeze(z(2), 1)).toThrow('squeeze: axis 1 is out of range for a tensor of rank 1');
    expect(() => permute(z(2, 3), [0, 0])).toThrow('permute: [0,0] is not a permutation of the 2 axes of [2,3]');
    expect(() => permute(z(2, 3), [0])).toThrow('permute: [0] is not a permutation of the 2 axes of [2,3]');
  });
  it('expand, narrow, slice, split, clamp', () => {
    expect(() => expand(z(2, 3), [4, 3])).toThrow('expand: cannot broadcast [2,3] with [4,3]');
    expect(() => expand(z(2, 3), [3])).toThrow('expand: cannot expand [2,3] to [3]');
    expect(() => narrow(z(2, 3), 1, 2, 2)).toThrow('narrow: [2, 4) is outside axis 1 of size 3 in [2,3]');
    expect(() => slice(z(2), [0, 0], [1, 1])).toThrow('slice: 2 bounds for a tensor of rank 1 [2]');
    expect(() => split(z(4), 0)).toThrow('split: size must be a positive integer, got 0');
    expect(() => clamp(z(2), 1, 0)).toThrow('clamp: min 1 is greater than max 0');
  });
});

describe('convolution, pooling, normalisation', () => {
  it('conv2d channel mismatch, bias, ranks', () => {
    expect(() => conv2d(z(1, 3, 5, 5), z(2, 4, 3, 3))).toThrow('conv2d: input [1,3,5,5] has 3 channels but weight [2,4,3,3] expects 4');
    expect(() => conv2d(z(1, 3, 5, 5), z(2, 3, 3, 3), z(3))).toThrow('conv2d: bias must have shape [2], got [3]');
    expect(() => conv2d(z(3, 5, 5), z(2, 3, 3, 3))).toThrow('conv2d: expected a 4-D NCHW input, got [3,5,5]');
    expect(() => conv2d(z(1, 3, 5, 5), z(2, 3, 3))).toThrow('conv2d: weight must be 4-D [out, in, kH, kW], got [2,3,3]');
    expect(() => conv2d(z(1, 1, 5, 5), z(1, 1, 3, 3), null, { stride: 0 })).toThrow('conv2d: stride must be integers >= 1, got 0');
  });
  it('a window larger than the input', () => {
    expect(() => conv2d(z(1, 1, 2, 2), z(1, 1, 3, 3))).toThrow('conv2d: a 3x3 window (dilation 1x1, padding 0x0) does not fit the 2x2 input [1,1,2,2]');
    expect(() => maxPool2d(z(1, 1, 2, 2), { kernelSize: 3 })).toThrow('maxPool2d: a 3x3 window (dilation 1x1, padding 0x0) does not fit the 2x2 input [1,1,2,2]');
    expect(() => avgPool2d(z(1, 1, 2, 3), { kernelSize: [3, 1] })).toThrow('avgPool2d: a 3x1 window (dilation 1x1, padding 0x0) does not fit the 2x3 input [1,1,2,3]');
  });
  it('pooling padding and rank', () => {
    expect(() => maxPool2d(z(1, 1, 4, 4), { kernelSize: 2, padding: 2 })).toThrow('maxPool2d: padding 2x2 must be at most half the kernel size 2x2');
    expect(() => maxPool2d(z(4, 4), { kernelSize: 2 })).toThrow('maxPool2d: expected a 4-D NCHW input, got [4,4]');
  });
  it('batchNorm and layerNorm shapes, dropout probability', () => {
    const train = { training: true, momentum: 0.1, eps: 1e-5 };
    expect(() => batchNorm(z(4, 3), z(2), z(2), null, null, train)).toThrow('batchNorm: runningMean must have shape [3] for input [4,3], got [2]');
    expect(() => batchNorm(z(1, 3), null, null, null, null, train)).toThrow('batchNorm: expected more than 1 value per channel when training, got input [1,3]');
    expect(() => batchNorm(z(3), null, null, null, null, train)).toThrow('batchNorm: expected an input [N, C, ...] with at least 2 dimensions, got [3]');
    expect(() => layerNorm(z(4, 3), [4], null, null)).toThrow('layerNorm: normalizedShape [4] does not match the trailing dimensions of input [4,3]');
    expect(() => layerNorm(z(4, 3), [3], z(4), null)).toThrow('layerNorm: weight must have shape [3], got [4]');
    expect(() => dropout(z(3), 1.5, true)).toThrow('dropout: probability p must be in [0, 1], got 1.5');
  });
});
