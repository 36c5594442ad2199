/** The messages between the network lab's panel and its worker (networks-worker.ts). */
import type { LandscapeProgress, LandscapeRequest, LandscapeResult } from './landscape.js';
import type { LabStop, MetricsPoint, SharpnessPoint } from './lab-run.js';
import type { LabState } from './url-state.js';

/** Page → worker. */
export type ToLabWorker =
  /**
   * Build (or rebuild: a reset) the trainer for this state; `speed` steps per second, 0 for as fast
   * as possible. `command` numbers the page's config/play/pause messages, in the order sent; frames
   * echo the last one the worker applied ({@link LabFrame.command}).
   */
  | { type: 'config'; command: number; state: LabState; speed: number }
  /** The page painted the last frame: the worker may send the next (back-pressure, so a slow page is never flooded). */
  | { type: 'ack' }
  | { type: 'speed'; speed: number }
  | { type: 'play'; command: number }
  | { type: 'pause'; command: number }
  | { type: 'step'; count: number }
  /** Measure λmax of every run now, at its current weights. */
  | { type: 'measure' }
  | { type: 'landscape'; id: number; run: number; request: LandscapeRequest }
  | { type: 'cancel-landscape'; id: number };

/** One run as the page draws it. */
export interface RunFrame {
  optimizer: string;
  step: number;
  stopped: LabStop | null;
  stopNote: string;
  learningRate: number;
  /**
   * The curve's points since the last frame, not the whole history (the page appends them); the
   * first may repeat the page's last point at the same step, which it then replaces.
   */
  history: MetricsPoint[];
  /** The sharpness measurements since the last frame (the page appends them). */
  sharpness: SharpnessPoint[];
  /** All trainable values, flat in parameter order (the sharpness test recomputes λmax from them). */
  params: Float64Array;
  /** Each linear layer's weight [out, in], row-major, for the network drawing. */
  weights: Float64Array[];
  /** The shown output on the G × G grid over [−1, 1]² (row 0 at y = 1): P(class 1) or the fitted value. */
  grid: Float32Array;
}

/** The data points, for drawing. */
export interface FrameData {
  kind: 'classification' | 'regression';
  train: { xs: Float64Array; ys: Float64Array };
  test: { xs: Float64Array; ys: Float64Array };
}

/** Worker → page: the state after some steps. */
export interface LabFrame {
  type: 'frame';
  playing: boolean;
  /**
   * The number of the last config/play/pause command the worker had applied when it built the frame.
   * Below the page's latest config's number, the frame is of an older configuration and is dropped;
   * below the page's latest command, it was built before the worker saw that Play or Pause, and must
   * not set the page's button (a frame built before a Pause arrived still says "playing").
   */
  command: number;
  /** The configuration's problem, when it could not be built. */
  error: string | null;
  gridSize: number;
  runs: RunFrame[];
  /** Sent with the first frame after a (re)configuration. */
  data?: FrameData;
  /** Hidden units of the first run on a U × U grid: layer → unit → values (sent every few frames). */
  units?: { size: number; layers: Float32Array[][] };
}

/** Worker → page. */
export type FromLabWorker =
  | LabFrame
  | { type: 'landscape-progress'; id: number; progress: LandscapeProgress }
  | { type: 'landscape-result'; id: number; result: LandscapeResult }
  | { type: 'landscape-error'; id: number; message: string };
