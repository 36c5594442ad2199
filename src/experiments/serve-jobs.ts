/** The worker side of {@link runPool}: receive jobs, report progress, send results. */
import { parentPort } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './worker-pool.js';

/**
 * Serves jobs in a worker thread until the pool says `exit`. Call once at the top level of the
 * worker module.
 *
 * @example
 * // my-worker.ts
 * serveJobs(runConfiguration);
 */
export function serveJobs<J, R, P>(run: (job: J, progress: (p: P) => void) => Promise<R>): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs: not running in a worker thread');
  port.on('message', (m: ToWorker<J>) => {
    if (m.type === 'exit') {
      port.close();
      return;
    }
    const send = (msg: FromWorker<R, P>): void => port.postMessage(msg);
    run(m.job, (progress) => send({ type: 'progress', index: m.index, progress })).then(
      (result) => send({ type: 'result', index: m.index, result }),
      (err: unknown) => send({ type: 'error', index: m.index, message: err instanceof Error ? err.message : String(err) }),
    );
  });
}
