/**
 * The messages between the MNIST panel (panel.ts) and its worker (mnist-worker.ts). The worker
 * fetches and decodes the digits itself, trains in slices of about 30 ms and answers between
 * slices, so Pause, a new run or a drawn digit's prediction wait at most one slice.
 *
 * page → worker: `start {config, epochs}` (a new run; loads the digits the first time), `pause`,
 * `resume`, `predict {id, pixels}`.
 * worker → page: `ready {backend, counts}`, `progress {…}` a few times a second, `done`, or
 * `diverged {step, loss}` (the run stopped: its loss exploded or stopped being finite),
 * `prediction {id, probabilities}`, `error {message}`.
 */
import type { FirstLayer, HeldOutExample, TrainerConfig } from './trainer.js';

/** Where the built page keeps the digit file, beside index.html (scripts/build-web.mjs). */
export const DIGITS_URL = 'mnist-digits.bin.gz';
/** The built worker script. */
export const MNIST_WORKER_URL = 'mnist-worker.js';
/** First-layer units shown as images (all 8 filters of the conv net). */
export const WEIGHT_IMAGES = 32;

/** The kernels the worker trains on, and whether it is cross-origin isolated (shared memory for threads). */
export interface MnistBackend {
  name: 'wasm' | 'js';
  threads: number;
  isolated: boolean;
}

/** Page → worker. */
export type ToMnistWorker =
  | { type: 'start'; config: TrainerConfig; epochs: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'predict'; id: number; pixels: Float32Array }
  /** The first held-out digit at or after `from` (the first misclassified one with `mistake`). */
  | { type: 'example'; id: number; from: number; mistake: boolean };

/** One point of the curves: the training batches' mean since the last point, and the held-out digits. */
export interface MnistProgress {
  step: number;
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  heldOutLoss: number;
  heldOutAccuracy: number;
  /** Held-out confusion counts, [true * 10 + predicted]. */
  confusion: Int32Array;
  /** The first layer's weights as images: {@link WEIGHT_IMAGES} of the MLP's units, or the conv net's filters. */
  firstLayer: FirstLayer;
  /** Milliseconds of training since the run started (evaluation excluded). */
  trainingMs: number;
}

/** Worker → page. */
export type FromMnistWorker =
  | { type: 'ready'; backend: MnistBackend; counts: { train: number; heldOut: number } }
  | ({ type: 'progress' } & MnistProgress)
  | { type: 'done' }
  | { type: 'diverged'; step: number; loss: number }
  | { type: 'prediction'; id: number; probabilities: Float32Array }
  /** `example` null: no held-out digit is misclassified. */
  | { type: 'example'; id: number; example: HeldOutExample | null }
  | { type: 'error'; message: string };
