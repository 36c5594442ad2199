/**
 * The model a run uses when the user names none (`descent train` without `--model`, `descent
 * compare --model auto`): an MLP whose input and output sizes fit the dataset.
 */
import type { Dataset } from '../data/dataset.js';
import { sizeOf } from '../tensor/shape.js';
import { SpecError } from './spec-error.js';

/**
 * Inputs up to this many features count as low-dimensional (the synthetic 2-D datasets, small CSV
 * tables): a small tanh MLP and the registry's small-problem learning rates suit them.
 */
export const LOW_DIMENSIONAL_FEATURES = 16;

/** Features per sample (the product of the sample shape: 784 for a 28x28 digit). */
export function featureCount(data: Dataset): number {
  return sizeOf(data.sampleShape);
}

/**
 * The default model for a dataset: for low-dimensional data (≤ {@link LOW_DIMENSIONAL_FEATURES}
 * features) two tanh hidden layers of 32 — smooth boundaries such as two spirals need the depth, and
 * tanh trains them in a few hundred updates; for images and other wide inputs two ReLU hidden layers
 * of 256 and 128 (on MNIST this is `descent train`'s long-standing default, 97% held-out accuracy).
 * Outputs: one per class, or the label size for regression.
 *
 * @example
 * autoModelSpec(spirals()); // 'mlp:2-32-32-2:tanh'
 * autoModelSpec(await loadMnist()); // 'mlp:784-256-128-10:relu'
 */
export function autoModelSpec(data: Dataset): string {
  const inputs = featureCount(data);
  const outputs = data.numClasses ?? sizeOf(data.labelShape);
  checkClassesAreIndices(data);
  return inputs <= LOW_DIMENSIONAL_FEATURES ? `mlp:${inputs}-32-32-${outputs}:tanh` : `mlp:${inputs}-256-128-${outputs}:relu`;
}

/**
 * Class labels are indices 0 … k−1, so the output layer has one unit per index up to the largest.
 * One stray label (1000000 among 0, 1, 2) made a 33-million-parameter model in silence: when the
 * labels use under a tenth of so many indices, the data is said to be wrong instead.
 */
function checkClassesAreIndices(data: Dataset): void {
  const k = data.numClasses;
  if (k === null || k <= 1000) return;
  const used = data.classCounts().filter((c) => c > 0).length;
  if (used * 10 >= k) return;
  throw new SpecError(
    `the class labels use ${used} different values but the largest is ${k - 1}, so a model would need ${k} outputs; ` +
      'class labels are indices 0 … k−1: renumber them (or label with names, which are numbered in order), or give --model',
  );
}
