/**
 * Independent jobs on a pool of worker threads, or in this thread when threads are unavailable.
 * Workers run the same code as the caller: the compiled `.js` files, or the `.ts` sources through
 * tsx's loader when the caller itself runs from source (tsx, vitest).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Messages between the pool and a worker (see {@link serveJobs}). */
export type ToWorker<J> = { type: 'job'; index: number; job: J } | { type: 'exit' };
export type FromWorker<R, P> =
  | { type: 'progress'; index: number; progress: P }
  | { type: 'result'; index: number; result: R }
  | { type: 'error'; index: number; message: string };

/** Options of {@link runPool}. */
export interface PoolOptions<J, R, P> {
  /** Threads to use; 1 (or fewer jobs than 2) runs in this thread. */
  workers: number;
  /** The worker module (`.js`, or `.ts` when running from source); it calls {@link serveJobs}. */
  workerUrl: URL;
  /** The same work in this thread: the fallback, and the path for `workers: 1`. */
  runInProcess: (job: J, progress: (p: P) => void) => Promise<R>;
  onProgress?: (index: number, progress: P) => void;
  onResult?: (index: number, result: R) => void;
}

/** The results in job order, and how they were computed. */
export interface PoolResult<R> {
  results: R[];
  /** Threads actually used (1: in this thread). */
  threads: number;
  /** Why the pool ran in this thread although more workers were asked for, if it did. */
  note: string | null;
}

/**
 * A worker for `url`. A `.ts` module gets tsx's ESM loader registered inside the worker first
 * (loader hooks of the parent thread do not reach worker threads on Node 20).
 * Throws when a `.ts` worker is asked for and tsx cannot be found.
 */
export function startWorker(url: URL): Worker {
  // The runs are already spread over threads: each worker's wasm backend takes one, unless
  // DESCENT_THREADS says otherwise.
  const env = { ...process.env, DESCENT_THREADS: process.env.DESCENT_THREADS ?? '1' };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { env });
  const require = createRequire(import.meta.url);
  const api = pathToFileURL(require.resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(api)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, env });
}

/**
 * Runs every job once and returns the results in job order. With `workers > 1` the jobs are handed
 * to that many threads as they become free; if a thread cannot be started (no tsx for `.ts` sources,
 * say) the jobs run in this thread and `note` says why. A job that throws rejects the whole pool
 * with its message.
 *
 * @example
 * const { results } = await runPool(jobs, { workers: 2, workerUrl, runInProcess: runConfiguration });
 */
export async function runPool<J, R, P>(jobs: readonly J[], options: PoolOptions<J, R, P>): Promise<PoolResult<R>> {
  const threads = Math.max(1, Math.min(Math.floor(options.workers), jobs.length));
  if (threads === 1) return { results: await inProcess(jobs, options), threads: 1, note: null };
  let workers: Worker[];
  try {
    workers = Array.from({ length: threads }, () => startWorker(options.workerUrl));
  } catch (err) {
    const note = `worker threads unavailable (${(err as Error).message}); ran in-process`;
    return { results: await inProcess(jobs, options), threads: 1, note };
  }
  return { results: await onThreads(jobs, workers, options), threads, note: null };
}

async function inProcess<J, R, P>(jobs: readonly J[], options: PoolOptions<J, R, P>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < jobs.length; i++) {
    const result = await options.runInProcess(jobs[i]!, (p) => options.onProgress?.(i, p));
    results.push(result);
    options.onResult?.(i, result);
  }
  return results;
}

function onThreads<J, R, P>(jobs: readonly J[], workers: Worker[], options: PoolOptions<J, R, P>): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  let next = 0;
  let done = 0;
  return new Promise<R[]>((resolve, reject) => {
    let failed = false;
    const stopAll = (): void => {
      for (const w of workers) void w.terminate();
    };
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      stopAll();
      reject(err);
    };
    const feed = (w: Worker): void => {
      if (next >= jobs.length) {
        w.postMessage({ type: 'exit' } satisfies ToWorker<J>);
        return;
      }
      const index = next++;
      w.postMessage({ type: 'job', index, job: jobs[index]! } satisfies ToWorker<J>);
    };
    for (const w of workers) {
      w.on('message', (m: FromWorker<R, P>) => {
        if (failed) return;
        if (m.type === 'progress') options.onProgress?.(m.index, m.progress);
        else if (m.type === 'error') fail(new Error(m.message));
        else {
          results[m.index] = m.result;
          options.onResult?.(m.index, m.result);
          if (++done === jobs.length) {
            stopAll();
            resolve(results);
          } else feed(w);
        }
      });
      w.on('error', (err) => fail(err));
      w.on('exit', (code) => {
        if (!failed && done < jobs.length && code !== 0) fail(new Error(`a worker thread exited with code ${code}`));
      });
      feed(w);
    }
  });
}
