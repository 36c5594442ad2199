/** Recomputing BatchNorm running statistics for averaged weights (SWA). */
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { BatchNorm } from './batch-norm.js';
import type { Module } from './module.js';

/** A batch: the input tensor itself, or a tuple whose first element is the input (`[x, y]`). */
export type BatchNormBatch = Tensor | readonly [Tensor, ...unknown[]];

/**
 * Recomputes the running statistics of every BatchNorm layer of `model` from `batches`, as PyTorch's
 * `torch.optim.swa_utils.update_bn`. After averaging weights (SWA), the running statistics gathered
 * while training belong to none of the averaged models, so they are rebuilt with one pass:
 *
 * 1. reset each BatchNorm's runningMean to 0, runningVar to 1, numBatchesTracked to 0;
 * 2. set momentum to null, so the running statistics become the cumulative average over batches
 *    (factor 1/k at batch k: an equal-weight mean of the batch means and unbiased batch variances);
 * 3. run `model.forward` in training mode on every batch (without recording gradients);
 * 4. restore each momentum and the model's previous training mode.
 *
 * Nothing happens if the model has no BatchNorm layer (batches are not even read).
 *
 * @example
 * const swa = averagedModel.module;             // weights averaged along the trajectory
 * updateBatchNormStatistics(swa, loader);       // loader yields inputs or [input, target] pairs
 * swa.eval();
 */
export function updateBatchNormStatistics(model: Module<[Tensor], unknown>, batches: Iterable<BatchNormBatch>): void {
  const momenta = new Map<BatchNorm, number | null>();
  for (const m of model.modules()) {
    if (m instanceof BatchNorm) {
      m.resetRunningStats();
      momenta.set(m, m.momentum);
    }
  }
  if (momenta.size === 0) return;
  const wasTraining = model.training;
  model.train();
  for (const m of momenta.keys()) m.momentum = null;
  try {
    noGrad(() => {
      let index = 0;
      for (const batch of batches) {
        const input = batch instanceof Tensor ? batch : Array.isArray(batch) ? batch[0] : undefined;
        if (!(input instanceof Tensor)) {
          throw new Error(`updateBatchNormStatistics: batch ${index} is neither a Tensor nor a tuple starting with a Tensor`);
        }
        model.forward(input);
        index++;
      }
    });
  } finally {
    for (const [m, momentum] of momenta) m.momentum = momentum;
    model.train(wasTraining);
  }
}
