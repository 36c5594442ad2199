/**
 * The lab's losses on a single output f: cross-entropy on the logit (targets 0/1), MSE (targets ±1
 * for classes, the value for regression) and the hinge max(0, 1 − t·f) (targets ±1); and the error
 * each is judged by (misclassified fraction, or RMSE for regression).
 */
import { binaryCrossEntropyWithLogits, mseLoss, relu, type Tensor } from '../../src/index.js';
import type { LossName } from './config.js';

/** The targets the loss compares f with: the class 0/1 for cross-entropy, ±1 for MSE and hinge on classes. */
export function lossTargets(ys: Float64Array, loss: LossName, regression: boolean): Float64Array {
  if (regression || loss === 'cross-entropy') return ys;
  return ys.map((y) => (y > 0.5 ? 1 : -1));
}

/** The mean loss of outputs `f` [n, 1] against `t` [n, 1] (targets from {@link lossTargets}). */
export function labLoss(f: Tensor, t: Tensor, loss: LossName): Tensor {
  if (loss === 'cross-entropy') return binaryCrossEntropyWithLogits(f, t);
  if (loss === 'mse') return mseLoss(f, t);
  return relu(f.mul(t).neg().add(1)).mean();
}

/** The class the output f predicts (f > 0 is class 1: the logit, or the ±1 target's sign). */
export function predictedClass(f: number): 0 | 1 {
  return f > 0 ? 1 : 0;
}

/** What the heat map shows of an output: P(class 1) for cross-entropy, (f + 1)/2 clipped for ±1 targets. */
export function displayValue(f: number, loss: LossName): number {
  if (loss === 'cross-entropy') return 1 / (1 + Math.exp(-f));
  return Math.min(1, Math.max(0, (f + 1) / 2));
}
