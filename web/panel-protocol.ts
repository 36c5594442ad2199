/**
 * The messages between the page and the panel worker (panel-worker.ts):
 * page → worker `start {id, panel, params}` (and `cancel {id}`); worker → page
 * `progress {id, done, total}` … then `result {id, result}` or `error {id, message}`.
 * Every message carries the job id, so a late message from a superseded job is ignored.
 */
import type { BatchParams, BatchResult, KMeansPanelResult, KMeansParams } from './panel-compute.js';
import type { HeatmapParams, HeatmapResult } from './surfaces/heatmap-compute.js';

/** The work each panel can hand to the worker: its parameters and its result. */
export interface PanelJobs {
  batch: { params: BatchParams; result: BatchResult };
  kmeans: { params: KMeansParams; result: KMeansPanelResult };
  /** The Surfaces panel's heat map (surfaces/heatmap-job.ts). */
  heatmap: { params: HeatmapParams; result: HeatmapResult };
}

/** A panel whose computation runs in the worker. */
export type PanelName = keyof PanelJobs;

/** Page → worker. */
export type ToWorker =
  | { [P in PanelName]: { type: 'start'; id: number; panel: P; params: PanelJobs[P]['params'] } }[PanelName]
  | { type: 'cancel'; id: number };

/** Worker → page. */
export type FromWorker =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: PanelJobs[PanelName]['result'] }
  | { type: 'error'; id: number; message: string };
