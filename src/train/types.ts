/** What `fit` takes and returns. */
import type { Tensor } from '../tensor/tensor.js';

/** The part of a model the training loop uses (every nn `Module` has it). */
export interface TrainableModel {
  forward(x: Tensor): Tensor;
  namedParameters(): Array<[string, Tensor]>;
  train(mode?: boolean): unknown;
  eval(): unknown;
  /** Non-tensor state saved in training checkpoints (every nn `Module` has it; see `Module.extraStateDict`). */
  extraStateDict?(): Record<string, unknown>;
  /** Restores {@link TrainableModel.extraStateDict} when resuming. */
  loadExtraStateDict?(dict: Readonly<Record<string, unknown>>): void;
  /** Non-trainable tensors (batch-norm running statistics; every nn `Module` has it): kept unchanged by sharpness measurements. */
  buffers?(): Tensor[];
}

/** The part of an optimizer the training loop uses (every descent optimizer has it). */
export interface TrainableOptimizer {
  step(): unknown;
  zeroGrad(setToNone?: boolean): void;
  paramGroups: Array<{ learningRate: number }>;
}

/** A divergence: a scalar loss from the model's output and the batch targets. */
export type LossFunction = (output: Tensor, target: Tensor) => Tensor;

/** One row of the history: what a learner watches to judge convergence. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Running average of the batch losses over the epoch (weighted by batch size). */
  trainLoss: number;
  /** Divergence on the held-out set (null without validation data). */
  validationLoss: number | null;
  /** Classification error in [0, 1] on the held-out set (null without validation or for regression). */
  validationError: number | null;
  /** Learning rate of the first parameter group during this epoch. */
  learningRate: number;
  /** Optimizer updates so far. */
  updates: number;
  /** Wall time of the epoch (training + evaluation), seconds. */
  seconds: number;
  /** The sharpness measurements taken during this epoch (only with `FitOptions.sharpness`). */
  sharpness?: SharpnessRecord[];
  /**
   * The kernels that computed this epoch (`['wasm FMA']`; two entries when a resume part-way through
   * it changed them): see `TrainingState.kernels`. Absent in records written before descent kept it.
   */
  kernels?: string[];
}

/**
 * One sharpness measurement during training (`FitOptions.sharpness`): the top Hessian eigenvalue
 * of the training loss next to 2/η. Gradient descent on a quadratic is stable only while
 * λmax < 2/η; full-batch descent on networks pushes λmax up to 2/η ("edge of stability").
 */
export interface SharpnessRecord {
  /** Optimizer updates done when measured (λmax is taken at the weights after this update). */
  update: number;
  /** λmax, the largest eigenvalue of the Hessian of the loss on that update's batch. */
  sharpness: number;
  /** 2/η for the learning rate η of the first parameter group at that update (null when η = 0). */
  twoOverLr: number | null;
}

export interface BatchInfo {
  epoch: number;
  /** 0-based batch index within the epoch. */
  batch: number;
  /** Optimizer updates so far, including this one. */
  updates: number;
  loss: number;
  batchSize: number;
}

/** Hooks into the loop. Returning `'stop'` from onEpochEnd ends training after that epoch. */
export interface Callbacks {
  onEpochBegin?(epoch: number): void;
  onBatchBegin?(epoch: number, batch: number): void;
  onBatchEnd?(info: BatchInfo): void;
  onEpochEnd?(record: EpochRecord): void | 'stop' | Promise<void | 'stop'>;
}
