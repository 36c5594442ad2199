/**
 * One worker thread kept for run after run. A queue worker trains in threads, not on its own event
 * loop: BullMQ renews a job's lock from that loop, and a run of minutes blocking it would look like a
 * dead worker (its job handed to another one).
 */
import type { Worker } from 'node:worker_threads';
import { startWorker, type FromWorker, type ToWorker } from '../worker-pool.js';

/** Runs jobs one at a time on its own thread (started on first use, restarted if it dies). */
export class ThreadSlot<J, R> {
  private worker: Worker | null = null;

  constructor(private readonly url: URL) {}

  /** Runs `job` on the thread, passing on its progress messages; rejects with the job's error, or when the thread dies. */
  run<P>(job: J, onProgress?: (progress: P) => void): Promise<R> {
    const w = (this.worker ??= startWorker(this.url));
    return new Promise<R>((resolve, reject) => {
      const done = (): void => {
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
      };
      const onMessage = (m: FromWorker<R, P>): void => {
        if (m.type === 'progress') {
          onProgress?.(m.progress);
          return;
        }
        done();
        if (m.type === 'result') resolve(m.result);
        else reject(new Error(m.message));
      };
      const onError = (err: Error): void => {
        done();
        this.worker = null;
        reject(err);
      };
      const onExit = (code: number): void => {
        done();
        this.worker = null;
        reject(new Error(`the run's thread exited with code ${code}`));
      };
      w.on('message', onMessage);
      w.on('error', onError);
      w.on('exit', onExit);
      w.postMessage({ type: 'job', index: 0, job } satisfies ToWorker<J>);
    });
  }

  /** Stops the thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }
}
