/**
 * Renders the Surfaces heat map in the panel worker (panel-worker.js), so changing the function
 * or typing a formula never blocks the page for the third of a second the pixels take. Only the
 * latest request counts: a newer one terminates the worker if it is still busy with an older one
 * (the job is synchronous inside it) and starts a fresh one. Where workers are unavailable (the
 * page opened from file://) the map is computed on the main thread, as it was before.
 */
import type { FromWorker, ToWorker } from '../panel-protocol.js';
import { computeHeatmap, type HeatmapParams, type HeatmapResult } from './heatmap-compute.js';

/** The built worker script, beside app.js (scripts/build-web.mjs). */
const WORKER_URL = 'panel-worker.js';

/** Hands heat-map jobs to a worker of its own and calls back with the latest one's result. */
export class HeatmapJobs {
  private worker: Worker | null = null;
  private unavailable = false;
  private current = 0;
  private nextId = 1;

  /**
   * Renders `params`; calls `onResult` (asynchronously) unless a newer request supersedes this one,
   * or `onError` with the message if rendering failed.
   */
  request(params: HeatmapParams, onResult: (result: HeatmapResult) => void, onError: (message: string) => void): void {
    if (this.current !== 0) this.stop(); // still busy with a superseded map
    const id = this.nextId++;
    this.current = id;
    const w = this.ensureWorker();
    if (!w) {
      // No worker: still leave the event handler first, so the page paints its other changes.
      setTimeout(() => {
        if (this.current !== id) return;
        this.current = 0;
        try {
          onResult(computeHeatmap(params));
        } catch (err) {
          onError(err instanceof Error ? err.message : String(err));
        }
      }, 0);
      return;
    }
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.id !== this.current || m.type === 'progress') return;
      this.current = 0;
      if (m.type === 'result') onResult(m.result as HeatmapResult);
      else onError(m.message);
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (this.current !== id) return;
      this.stop();
      // The worker could not start (a page served without panel-worker.js): draw here instead.
      this.unavailable = true;
      this.request(params, onResult, onError);
    };
    const message: ToWorker = { type: 'start', id, panel: 'heatmap', params };
    w.postMessage(message);
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
    this.current = 0;
  }

  private ensureWorker(): Worker | null {
    if (this.worker || this.unavailable) return this.worker;
    try {
      this.worker = new Worker(WORKER_URL);
    } catch {
      this.unavailable = true; // file:// pages may not start workers
    }
    return this.worker;
  }
}
