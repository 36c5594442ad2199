/** The training loop and its parts. */
export { fit, type FitOptions, type FitResult, type TrainingState } from './fit.js';
export { evaluate, type Evaluation } from './evaluate.js';
export { clipGradientNorm, clipGradientValue } from './clip.js';
export { NonFiniteError, firstNonFinite } from './non-finite.js';
export { type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
export type { Callbacks, EpochRecord, BatchInfo, LossFunction, TrainableModel, TrainableOptimizer } from './types.js';
