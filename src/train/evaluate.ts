/** Held-out evaluation: divergence and classification error, without recording a graph. */
import { noGrad } from '../autograd/grad-mode.js';
import type { Dataset } from '../data/dataset.js';
import { argmax } from '../ops/reduce.js';
import { tidy } from '../tensor/scope.js';
import type { LossFunction, TrainableModel } from './types.js';

export interface Evaluation {
  /** Mean divergence over the samples (batch losses weighted by batch size). */
  loss: number;
  /** Fraction misclassified (null for regression targets). */
  error: number | null;
  samples: number;
}

/**
 * Runs `model` in eval mode over `dataset` in batches of `batchSize` and averages the loss; for
 * integer class labels also counts argmax mistakes. Restores the model's previous train/eval mode.
 * Each batch runs in a `tidy` scope.
 */
export function evaluate(model: TrainableModel & { training?: boolean }, dataset: Dataset, loss: LossFunction, batchSize = 1000): Evaluation {
  const wasTraining = model.training ?? true;
  model.eval();
  try {
    return noGrad(() => {
      let total = 0;
      let wrong = 0;
      const n = dataset.length;
      const classification = dataset.labels.dtype === 'int32';
      for (let start = 0; start < n; start += batchSize) {
        const rows = Int32Array.from({ length: Math.min(batchSize, n - start) }, (_, i) => start + i);
        // One scope per batch: its tensors are freed as soon as its numbers are taken.
        tidy(() => {
          const { x, y } = dataset.batch(rows);
          const out = model.forward(x);
          total += loss(out, y).item() * rows.length;
          if (classification) {
            const predicted = argmax(out, 1).data;
            for (let i = 0; i < rows.length; i++) if (predicted[i] !== y.data[i]) wrong++;
          }
        });
      }
      return { loss: total / n, error: classification ? wrong / n : null, samples: n };
    });
  } finally {
    model.train(wasTraining);
  }
}
