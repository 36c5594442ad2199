/**
 * Runs a panel's computation in the panel worker with a progress bar, a percentage and a Cancel
 * button, so a heavy configuration never blocks the page. One worker per panel, made on first use;
 * Cancel terminates it (a running job is synchronous inside the worker and cannot be interrupted
 * any other way) and the next run makes a fresh one. Where workers are unavailable (the page opened
 * from file://) the job runs on the main thread as it always did.
 */
import { computeBatch, computeKMeans } from './panel-compute.js';
import type { FromWorker, PanelJobs, PanelName, ToWorker } from './panel-protocol.js';
import { byId } from './dom.js';

/** The built worker script, beside app.js and index.html (scripts/build-web.mjs). */
const WORKER_URL = 'panel-worker.js';

/** What a job's state is, also written to the controls' `data-state` for tests and styling. */
export type JobState = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** A panel's job runner: `run` starts (and supersedes any running job); `cancel` stops it. */
export interface PanelJobRunner<P extends PanelName> {
  run(params: PanelJobs[P]['params'], onResult: (result: PanelJobs[P]['result']) => void): void;
  cancel(): void;
}

let nextId = 1;

function computeHere<P extends PanelName>(panel: P, params: PanelJobs[P]['params']): PanelJobs[P]['result'] {
  if (panel === 'heatmap') throw new Error('the heat map runs through surfaces/heatmap-job.ts');
  const result = panel === 'batch' ? computeBatch(params as PanelJobs['batch']['params']) : computeKMeans(params as PanelJobs['kmeans']['params']);
  return result as PanelJobs[P]['result'];
}

/**
 * Wires the job controls with ids `${prefix}-run`, `${prefix}-cancel`, `${prefix}-progress` (a
 * `<progress>`), `${prefix}-status` (the percentage) and `${prefix}-job` (their container).
 */
export function panelJobRunner<P extends PanelName>(panel: P, prefix: string): PanelJobRunner<P> {
  const runButton = byId<HTMLButtonElement>(`${prefix}-run`);
  const cancelButton = byId<HTMLButtonElement>(`${prefix}-cancel`);
  const bar = byId<HTMLProgressElement>(`${prefix}-progress`);
  const status = byId(`${prefix}-status`);
  const box = byId(`${prefix}-job`);
  let worker: Worker | null = null;
  let workersUnavailable = false;
  let current = 0;

  const show = (state: JobState, text: string) => {
    box.dataset.state = state;
    const running = state === 'running';
    runButton.disabled = running;
    cancelButton.hidden = !running;
    bar.hidden = !running;
    status.textContent = text;
  };
  const stopWorker = () => {
    worker?.terminate();
    worker = null;
  };
  const ensureWorker = (): Worker | null => {
    if (worker || workersUnavailable) return worker;
    try {
      worker = new Worker(WORKER_URL);
    } catch {
      workersUnavailable = true; // file:// pages may not start workers
    }
    return worker;
  };

  const cancel = () => {
    if (box.dataset.state !== 'running') return;
    current = 0;
    stopWorker();
    show('cancelled', 'cancelled');
  };
  cancelButton.addEventListener('click', cancel);

  const run = (params: PanelJobs[P]['params'], onResult: (result: PanelJobs[P]['result']) => void) => {
    if (box.dataset.state === 'running') stopWorker(); // a new run supersedes the running one
    const id = nextId++;
    current = id;
    bar.value = 0;
    show('running', '0 %');
    const w = ensureWorker();
    if (!w) {
      try {
        onResult(computeHere(panel, params));
        show('done', '');
      } catch (err) {
        show('error', err instanceof Error ? err.message : String(err));
      }
      return;
    }
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      if (m.id !== current) return; // a superseded job's late message
      if (m.type === 'progress') {
        bar.value = m.total > 0 ? m.done / m.total : 0;
        status.textContent = `${Math.floor(100 * bar.value)} %`;
      } else if (m.type === 'result') {
        current = 0;
        show('done', '');
        onResult(m.result as PanelJobs[P]['result']);
      } else {
        current = 0;
        show('error', `failed: ${m.message}`);
      }
    };
    w.onerror = (e) => {
      e.preventDefault();
      if (current !== id) return;
      current = 0;
      stopWorker();
      show('error', `failed: ${e.message || 'the worker could not start'}`);
    };
    const message = { type: 'start', id, panel, params } as ToWorker;
    w.postMessage(message);
  };

  show('idle', '');
  return { run, cancel };
}
