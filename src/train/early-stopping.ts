/** Early stopping on a held-out metric, with patience and restore-best. */

export interface EarlyStoppingOptions {
  /** Which held-out metric to watch (default 'validationLoss'). */
  monitor?: 'validationLoss' | 'validationError';
  /** Epochs without improvement before stopping (default 5). */
  patience?: number;
  /** The smallest decrease that counts as an improvement (default 0). */
  minDelta?: number;
  /** Put back the weights of the best epoch when training ends (default true). */
  restoreBest?: boolean;
}

/** Plain-data state, saved in checkpoints. */
export interface EarlyStoppingState {
  best: number | null;
  bestEpoch: number;
  badEpochs: number;
}

export function initialEarlyStopping(): EarlyStoppingState {
  return { best: null, bestEpoch: 0, badEpochs: 0 };
}

/** Feeds one epoch's metric; returns the new state and whether this epoch is the best so far. */
export function updateEarlyStopping(state: EarlyStoppingState, options: EarlyStoppingOptions, epoch: number, value: number): { state: EarlyStoppingState; improved: boolean; stop: boolean } {
  const minDelta = options.minDelta ?? 0;
  const patience = options.patience ?? 5;
  // A non-finite metric (a diverged epoch) never counts as an improvement, and never becomes the bar.
  const improved = Number.isFinite(value) && (state.best === null || value < state.best - minDelta);
  const next = improved ? { best: value, bestEpoch: epoch, badEpochs: 0 } : { ...state, badEpochs: state.badEpochs + 1 };
  return { state: next, improved, stop: next.badEpochs >= patience };
}
