/** Batch normalisation and layer normalisation, composed from differentiable ops. */
import { noGrad } from '../autograd/grad-mode.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, mul, requireFloat, sqrt, sub } from './elementwise.js';
import { mean, sum } from './reduce.js';
import { reshape } from './shape.js';

export interface BatchNormOptions {
  /** Use batch statistics (and update the running ones) rather than the running statistics. */
  training: boolean;
  /** Weight of the new batch statistic in the running average (PyTorch's momentum, default 0.1). */
  momentum: number;
  eps: number;
}

/**
 * Batch normalisation (Ioffe & Szegedy, 2015) over every axis but the channel axis 1, for [N, C] and
 * [N, C, ...] inputs. Training: normalise with the batch mean and the *biased* batch variance, and
 * update running_mean ← (1−m)·running_mean + m·mean, running_var ← (1−m)·running_var + m·unbiased
 * variance, in place. Evaluation: normalise with the running statistics.
 */
export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null,
  bias: Tensor | null,
  options: BatchNormOptions,
): Tensor {
  requireFloat(x, 'batchNorm');
  if (x.rank < 2) throw new Error(`batchNorm: expected an input [N, C, ...] with at least 2 dimensions, got ${formatShape(x.shape)}`);
  const channels = x.shape[1]!;
  const statShape = x.shape.map((d, i) => (i === 1 ? d : 1));
  const axes = x.shape.map((_, i) => i).filter((i) => i !== 1);
  for (const [name, t] of [['runningMean', runningMean], ['runningVar', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t && (t.rank !== 1 || t.shape[0] !== channels)) {
      throw new Error(`batchNorm: ${name} must have shape [${channels}] for input ${formatShape(x.shape)}, got ${formatShape(t.shape)}`);
    }
  }
  let m: Tensor;
  let v: Tensor;
  if (options.training || runningMean === null || runningVar === null) {
    const count = x.size / channels;
    if (options.training && count <= 1) {
      throw new Error(`batchNorm: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    m = mean(x, axes, true);
    const centered = sub(x, m);
    v = div(sum(mul(centered, centered), axes, true), count);
    if (options.training && runningMean && runningVar) {
      const f = options.momentum;
      noGrad(() => {
        const newMean = add(mul(runningMean, 1 - f), mul(reshape(m, [channels]), f));
        const newVar = add(mul(runningVar, 1 - f), mul(reshape(v, [channels]), (f * count) / (count - 1)));
        runningMean.data.set(newMean.data);
        runningVar.data.set(newVar.data);
      });
    }
    const normalized = div(centered, sqrt(add(v, options.eps)));
    return affine(normalized, weight, bias, statShape);
  }
  m = reshape(runningMean, statShape);
  v = reshape(runningVar, statShape);
  return affine(div(sub(x, m), sqrt(add(v, options.eps))), weight, bias, statShape);
}

function affine(x: Tensor, weight: Tensor | null, bias: Tensor | null, shape: readonly number[]): Tensor {
  let y = x;
  if (weight) y = mul(y, reshape(weight, shape));
  if (bias) y = add(y, reshape(bias, shape));
  return y;
}

/**
 * Layer normalisation (Ba et al., 2016) over the trailing `normalizedShape` axes, with the biased
 * variance, then an optional elementwise affine transform of that shape.
 */
export function layerNorm(x: Tensor, normalizedShape: readonly number[], weight: Tensor | null, bias: Tensor | null, eps = 1e-5): Tensor {
  requireFloat(x, 'layerNorm');
  const k = normalizedShape.length;
  const tail = x.shape.slice(x.rank - k);
  if (k === 0 || k > x.rank || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new Error(`layerNorm: normalizedShape ${formatShape(normalizedShape)} does not match the trailing dimensions of input ${formatShape(x.shape)}`);
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t && (t.rank !== k || t.shape.some((d, i) => d !== normalizedShape[i]))) {
      throw new Error(`layerNorm: ${name} must have shape ${formatShape(normalizedShape)}, got ${formatShape(t.shape)}`);
    }
  }
  const axes = Array.from({ length: k }, (_, i) => x.rank - k + i);
  const m = mean(x, axes, true);
  const centered = sub(x, m);
  const v = mean(mul(centered, centered), axes, true);
  let y = div(centered, sqrt(add(v, eps)));
  if (weight) y = mul(y, weight);
  if (bias) y = add(y, bias);
  return y;
}
