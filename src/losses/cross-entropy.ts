/** Negative log-likelihood and cross-entropy from logits, for class-index targets. */
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { div, mul, neg, add } from '../ops/elementwise.js';
import { mean, sum } from '../ops/reduce.js';
import { gather, checkIndices, indexSelect } from '../ops/indexing.js';
import { reshape, unsqueeze, squeeze } from '../ops/shape.js';
import { logSoftmax } from '../ops/activations.js';
import { reduce, type Reduction } from './reduction.js';
import { softmaxCrossEntropy } from './softmax-cross-entropy.js';
import { isFloat } from '../tensor/dtype.js';

export interface NllOptions {
  reduction?: Reduction;
  /** Per-class weights [C]; with 'mean' the result is divided by the summed weights of the targets. */
  weight?: Tensor;
}

/** Checks [N, C, ...] input against [N, ...] integer targets; returns the class count. */
function checkTargets(input: Tensor, target: Tensor, loss: string): number {
  if (input.rank < 2) throw new Error(`${loss}: input must be [N, C] (or [N, C, ...]), got ${formatShape(input.shape)}`);
  const expected = [input.shape[0]!, ...input.shape.slice(2)];
  if (target.rank !== expected.length || target.shape.some((d, i) => d !== expected[i])) {
    throw new Error(`${loss}: target of shape ${formatShape(target.shape)} does not match input ${formatShape(input.shape)} (expected class indices of shape ${formatShape(expected)})`);
  }
  const classes = input.shape[1]!;
  checkIndices(target, classes, loss, 'target class', `for input ${formatShape(input.shape)}`);
  return classes;
}

/**
 * Negative log-likelihood of class-index targets given log-probabilities [N, C]:
 * −logp[i, target_i], reduced (mean over the batch by default).
 */
export function nllLoss(logProbabilities: Tensor, target: Tensor, options: NllOptions = {}): Tensor {
  const classes = checkTargets(logProbabilities, target, 'nllLoss');
  const picked = squeeze(gather(logProbabilities, 1, unsqueeze(asInt(target), 1)), 1); // [N, ...]
  const reduction = options.reduction ?? 'mean';
  if (!options.weight) return reduce(neg(picked), reduction, 'nllLoss');
  if (options.weight.rank !== 1 || options.weight.shape[0] !== classes) {
    throw new Error(`nllLoss: weight must have shape [${classes}], got ${formatShape(options.weight.shape)}`);
  }
  const w = reshape(indexSelect(options.weight, 0, reshape(asInt(target), [-1])), target.shape);
  const values = neg(mul(picked, w));
  return reduction === 'mean' ? div(sum(values), sum(w)) : reduce(values, reduction, 'nllLoss');
}

function asInt(t: Tensor): Tensor {
  return t.dtype === 'int32' ? t : new Tensor(Int32Array.from(t.data), t.shape);
}

export interface CrossEntropyOptions extends NllOptions {
  /** Mixes the one-hot target with the uniform distribution: (1−ε)·onehot + ε/C (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross-entropy between softmax(logits) and class-index targets — log-softmax and NLL in one
 * call, numerically stable for large logits. With label smoothing ε the loss is
 * (1−ε)·NLL + (ε/C)·Σ_c(−w_c log p_c), as in PyTorch (w_c = 1 without class weights; with weights
 * and 'mean', both terms are divided by the summed weights of the targets). Without weights or
 * smoothing, [N, C] logits go through one single-kernel op (`softmaxCrossEntropy`).
 *
 * @example
 * const loss = crossEntropy(model.forward(images), labels);  // logits [N, 10], labels int32 [N]
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const epsilon = options.labelSmoothing ?? 0;
  if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`crossEntropy: labelSmoothing must be in [0, 1], got ${epsilon}`);
  const classes = checkTargets(logits, target, 'crossEntropy');
  const reduction = options.reduction ?? 'mean';
  if (epsilon === 0 && !options.weight && logits.rank === 2 && isFloat(logits.dtype)) {
    // The common case as one single-kernel op (same values and gradients as the composition below).
    return reduce(softmaxCrossEntropy(logits, asInt(target)), reduction, 'nllLoss');
  }
  const logp = logSoftmax(logits, 1);
  const nll = nllLoss(logp, target, { reduction, ...(options.weight ? { weight: options.weight } : {}) });
  if (epsilon === 0) return nll;
  // The smoothing term per position: −Σ_c w_c log p_c (w = 1 without class weights).
  const weight = options.weight ? reshape(options.weight, logits.shape.map((d, i) => (i === 1 ? d : 1))) : null;
  const smooth = neg(sum(weight ? mul(logp, weight) : logp, 1)); // [N, ...]
  let smoothReduced: Tensor;
  if (reduction === 'mean' && options.weight) {
    // Normalised by the summed weights of the targets, like the weighted NLL term (PyTorch 1.13).
    smoothReduced = div(sum(smooth), sum(indexSelect(options.weight, 0, reshape(asInt(target), [-1]))));
  } else {
    smoothReduced = reduction === 'mean' ? mean(smooth) : reduce(smooth, reduction, 'crossEntropy');
  }
  return add(mul(nll, 1 - epsilon), mul(smoothReduced, epsilon / classes));
}
