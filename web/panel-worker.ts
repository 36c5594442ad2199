/**
 * The panel worker: runs the batch and K-means panels' computation, and the Surfaces panel's heat map, off the main thread and reports
 * progress. A job runs to completion synchronously, so a `cancel` cannot interrupt it from inside;
 * the page cancels a running job by terminating the worker (panel-job.ts). `cancel` here only
 * drops a job that has not started yet.
 */
import { computeBatch, computeKMeans, type ProgressCallback } from './panel-compute.js';
import type { FromWorker, ToWorker } from './panel-protocol.js';
import { computeHeatmap } from './surfaces/heatmap-compute.js';

/** At most one progress message per this many milliseconds: enough for a smooth bar, few messages. */
const PROGRESS_INTERVAL_MS = 50;

const scope = self as unknown as { postMessage(message: FromWorker, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
const cancelled = new Set<number>();

function progressReporter(id: number): ProgressCallback {
  let last = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    scope.postMessage({ type: 'progress', id, done, total });
  };
}

scope.onmessage = (e) => {
  const message = e.data;
  if (message.type === 'cancel') {
    cancelled.add(message.id);
    return;
  }
  if (cancelled.delete(message.id)) return;
  const report = progressReporter(message.id);
  try {
    report(0, 1);
    if (message.panel === 'batch') {
      scope.postMessage({ type: 'result', id: message.id, result: computeBatch(message.params, report) });
    } else if (message.panel === 'heatmap') {
      const result = computeHeatmap(message.params);
      scope.postMessage({ type: 'result', id: message.id, result }, [result.pixels.buffer]);
    } else {
      const result = computeKMeans(message.params, report);
      scope.postMessage({ type: 'result', id: message.id, result }, [result.points.buffer]);
    }
  } catch (err) {
    scope.postMessage({ type: 'error', id: message.id, message: err instanceof Error ? err.message : String(err) });
  }
};
