/** The data of a comparison: the task, the configurations swept, one run's results. */

import type { SharpnessRecord } from '../../train/types.js';

/** A hyper-parameter value as written in a sweep (`adam:learningRate=0.01`, `betas=0.9;0.99`). */
export type HyperValue = number | boolean | string | number[];

/** What every configuration is run on. */
export interface CompareTask {
  /** Dataset spec (`spirals`, `moons`, `mnist`, `csv:<file>`, …). */
  dataset: string;
  /** Model spec (`mlp:2-32-32-2:tanh`, `conv`); resolved from `auto` before the runs start. */
  model: string;
  loss: 'cross-entropy' | 'mse';
  epochs: number;
  /** Held-out fraction of the data. */
  testFraction: number;
  /** Seed of the synthetic data and of the split: the same data for every run. */
  dataSeed: number;
  /** Held-out error to reach, in [0, 1]; null: no target. */
  target: number | null;
  /**
   * Fraction of the training split set aside as a validation split (seeded by `dataSeed`), for
   * tuning: the runs then train on the rest. Absent: no validation split, the whole training split trains.
   */
  validationFraction?: number;
  /** The held-out split the runs are measured on (default `test`); tuning runs use `validation`. */
  heldOut?: 'test' | 'validation';
  /** Measure the sharpness λmax every this many updates (`fit`'s `sharpness` option); absent: never. */
  sharpnessEvery?: number;
}

/** One point of the sweep: everything but the seed. */
export interface Configuration {
  /** Stable id (`c1`, `c2`, …) in sweep order. */
  id: string;
  /** Short legend name: the optimizer plus whatever varies across the sweep. */
  label: string;
  optimizer: string;
  hyperParameters: Readonly<Record<string, HyperValue>>;
  batchSize: number | 'full';
  /** Schedule spec (`constant`, `cosine`, `step:stepSize=5,gamma=0.5`). */
  schedule: string;
  /** Averaging name (`none`, `polyak`, `polynomial`, `ema`, `swa`). */
  averaging: string;
}

/** One run: a configuration and a seed (the seed fixes the initial weights and the data order). */
export interface RunJob {
  task: CompareTask;
  configuration: Configuration;
  seed: number;
}

/** The metrics after an epoch (epoch 0: the initial model, before any update). */
export interface EpochPoint {
  epoch: number;
  /** Optimizer updates so far. */
  updates: number;
  /** Wall time since the run started (training and evaluation), seconds. */
  seconds: number;
  /** Epoch 0: divergence on the training split; later: the running mean of the epoch's batch losses. */
  trainLoss: number;
  validationLoss: number;
  /** Held-out classification error in [0, 1] (null for regression). */
  validationError: number | null;
  /** Learning rate during the epoch (epoch 0: the initial one). */
  learningRate: number;
}

/** Everything one run produced. */
export interface RunResult {
  configurationId: string;
  seed: number;
  /** Epoch 0, 1, …, up to the last completed epoch. */
  points: EpochPoint[];
  /** Trainable parameters of the model. */
  parameters: number;
  /** Why the run ended early (a non-finite loss or gradient), or null when it ran every epoch. */
  failure: string | null;
  /** The sharpness measurements, in update order (only when the task's `sharpnessEvery` is set). */
  sharpness?: SharpnessRecord[];
}

/** A progress report from a run in flight. */
export interface RunProgress {
  epoch: number;
  epochs: number;
  validationError: number | null;
}
