/** The training loop and its parts. */
export { fit, type FitOptions, type FitResult, type TrainingState, type PartialEpoch } from './fit.js';
export { kernelsOf, kernelsNote, continueKernels, type KernelsName } from './kernels.js';
export { evaluate, type Evaluation } from './evaluate.js';
export { clipGradientNorm, clipGradientValue } from './clip.js';
export { NonFiniteError, firstNonFinite } from './non-finite.js';
export { type EarlyStoppingOptions, type EarlyStoppingState } from './early-stopping.js';
export type { Callbacks, EpochRecord, BatchInfo, LossFunction, TrainableModel, TrainableOptimizer } from './types.js';
// Checkpoints and run folders (files go through the platform seam, src/platform/: importing stays browser-safe; the file functions are Node-only).
export {
  saveCheckpoint,
  loadCheckpoint,
  type LoadedCheckpoint,
  type SaveCheckpointOptions,
  type LoadCheckpointOptions,
  type EvaluationWeights,
  type CheckpointFileRecord,
} from './checkpoint.js';
export { evaluationWeights } from './evaluation-weights.js';
export { CheckpointError, type CheckpointErrorCode } from './checkpoint-error.js';
export { checkCheckpointAgainst, type CheckpointExpectation } from './checkpoint-expect.js';
export { loadNewestIntactCheckpoint, type NewestCheckpoint } from './newest-checkpoint.js';
export { cleanRunFolder, type CleanRunFolderResult } from './clean-run-folder.js';
export { RunLog, type RunLogRecord, type RunLogTruncateOptions } from './run-log.js';
