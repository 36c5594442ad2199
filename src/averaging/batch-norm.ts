/**
 * Recomputing BatchNorm statistics for averaged weights (PyTorch's `swa_utils.update_bn`).
 *
 * The averaged weights were never used in a forward pass, so the running mean and variance that the
 * BatchNorm layers tracked during training belong to other weights. One pass over the training data in
 * training mode, with a cumulative (equal-weight) average, gives statistics that match the averages.
 *
 * TODO(nn): the Module API is being written; these structural interfaces describe what this function
 * needs. Once `src/nn` has BatchNorm layers, check that they (1) expose the fields below and (2) treat
 * `momentum === null` as PyTorch does (cumulative moving average, factor 1/numBatchesTracked).
 */

/** What {@link updateBatchNorm} needs from a BatchNorm layer. */
export interface BatchNormStatistics {
  /** Running mean, one value per channel. */
  runningMean: Float32Array | Float64Array;
  /** Running (unbiased) variance, one value per channel. */
  runningVar: Float32Array | Float64Array;
  /** Weight of the newest batch in the running averages; `null` means the cumulative average 1/n. */
  momentum: number | null;
  /** Batches seen since the statistics were reset. */
  numBatchesTracked: number;
  /** Resets mean to 0, variance to 1 and the batch count to 0 (used instead of doing it here, if present). */
  resetRunningStats?: () => void;
}

/** What {@link updateBatchNorm} needs from a model: its training flag and its sub-modules. */
export interface BatchNormModel {
  /** Whether the model is in training mode. */
  readonly training: boolean;
  /** Sets training mode (true) or evaluation mode (false), recursively. */
  train(mode: boolean): void;
  /** Every sub-module, the model included; the BatchNorm layers are recognised by their fields. */
  modules(): Iterable<unknown>;
}

/** True when `m` has the fields of {@link BatchNormStatistics}. */
export function isBatchNorm(m: unknown): m is BatchNormStatistics {
  if (typeof m !== 'object' || m === null) return false;
  const b = m as Record<string, unknown>;
  const isFloatArray = (v: unknown): boolean => v instanceof Float32Array || v instanceof Float64Array;
  return isFloatArray(b.runningMean) && isFloatArray(b.runningVar) && typeof b.numBatchesTracked === 'number' &&
    (b.momentum === null || typeof b.momentum === 'number');
}

/**
 * PyTorch's `update_bn`: resets every BatchNorm layer's statistics (mean 0, variance 1, count 0), sets
 * its momentum to `null` (cumulative average: after n batches the statistics are the mean over the
 * n batches), runs `forward` on every batch in training mode, then restores each layer's momentum and
 * the model's training flag (also when `forward` throws). Returns the number of BatchNorm layers
 * updated (0: nothing to do, the batches are not visited).
 *
 * Call it with the averaged weights in place, e.g. inside {@link withAveragedWeights} with the BatchNorm
 * buffers in `preserve` so that the live model's statistics come back afterwards.
 *
 * Reference: https://pytorch.org/docs/1.13/optim.html#stochastic-weight-averaging
 *
 * @example
 * ```ts
 * withAveragedWeights(state, params, () => {
 *   updateBatchNorm(model, trainBatches, (batch) => model.forward(batch.x));
 *   return evaluate(model);
 * }, { preserve: batchNormBuffers });
 * ```
 */
export function updateBatchNorm<B>(model: BatchNormModel, batches: Iterable<B>, forward: (batch: B) => void): number {
  const layers = [...model.modules()].filter(isBatchNorm);
  if (layers.length === 0) return 0;
  const momenta = layers.map((l) => l.momentum);
  const wasTraining = model.training;
  for (const layer of layers) {
    if (layer.resetRunningStats) {
      layer.resetRunningStats();
    } else {
      layer.runningMean.fill(0);
      layer.runningVar.fill(1);
      layer.numBatchesTracked = 0;
    }
    layer.momentum = null;
  }
  try {
    model.train(true);
    for (const batch of batches) forward(batch);
  } finally {
    layers.forEach((layer, i) => {
      layer.momentum = momenta[i]!;
    });
    model.train(wasTraining);
  }
  return layers.length;
}
