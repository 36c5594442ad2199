/**
 * The coordinator side of a sweep on many machines: `descent compare --queue` enqueues one job per
 * run (the run spec as JSON) and gathers the results the workers store, in job order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { RunJob, RunResult } from '../compare/types.js';
import type { QueueConnection } from './queue-url.js';
import { decodeStored, QUEUE_NAME, resultsKey, type QueueJobData } from './sweep-store.js';

/** Redis cannot be reached, or BullMQ cannot load its Redis client: the caller's setup, not a bug. */
export class QueueUnreachableError extends Error {
  override name = 'QueueUnreachableError';
}

/** Options of {@link runQueued}. */
export interface QueuedRunOptions {
  connection: QueueConnection;
  sweepId: string;
  /** Names this batch of runs within the sweep (`tune`, `final`): run ids are `<phase>-<index>`. */
  phase: string;
  /** Called once per run as its result arrives, with the worker that computed it. */
  onResult?: (index: number, result: RunResult, worker: string) => void;
  /** How often the results hash is read (default 250 ms). */
  pollMs?: number;
}

/** The results in job order and how many runs each worker did. */
export interface QueuedRuns {
  results: RunResult[];
  workers: Record<string, number>;
}

/**
 * Enqueues every run (job id `<sweep>_<phase>-<index>`: enqueueing the same sweep again adds nothing)
 * and waits until each has a stored result. A run a worker refused or that threw comes back with no
 * points and `failure: 'worker <host:pid>: <error>'`. Runs already stored (an earlier coordinator of the same sweep
 * id) are collected, not recomputed.
 *
 * @example
 * const { results } = await runQueued(jobs, { connection, sweepId: newSweepId(), phase: 'final' });
 */
export async function runQueued(jobs: readonly RunJob[], options: QueuedRunOptions): Promise<QueuedRuns> {
  let queue: Queue<QueueJobData>;
  try {
    queue = new Queue<QueueJobData>(QUEUE_NAME, { connection: options.connection });
  } catch (err) {
    throw new QueueUnreachableError(`cannot use the queue at ${options.connection.host}:${options.connection.port}: ${(err as Error).message}`);
  }
  try {
    // An unreachable Redis is retried forever by the client: fail with its error instead of hanging.
    const client = await new Promise<Awaited<ReturnType<typeof queue.getBackend>['client']>>((resolve, reject) => {
      const onError = (err: Error): void => reject(new QueueUnreachableError(`cannot use Redis at ${options.connection.host}:${options.connection.port}: ${err.message}`));
      queue.once('error', onError);
      queue.getBackend().client.then((c) => c.hgetall(resultsKey(options.sweepId)).then(() => {
        queue.off('error', onError);
        // Later connection errors are retried by the client (reads wait for it): no crash.
        queue.on('error', () => undefined);
        resolve(c);
      }), reject);
    });
    const key = resultsKey(options.sweepId);
    const runId = (i: number): string => `${options.phase}-${i}`;
    const stored = await client.hgetall(key);
    const missing = jobs.map((_, i) => i).filter((i) => stored[runId(i)] === undefined);
    await queue.addBulk(missing.map((i) => ({
      name: 'run',
      data: { sweepId: options.sweepId, runId: runId(i), spec: jobs[i] },
      opts: { jobId: `${options.sweepId}_${runId(i)}`, attempts: 1, removeOnComplete: { count: 1000 }, removeOnFail: { count: 1000 } },
    })));
    const results = new Array<RunResult>(jobs.length);
    const workers: Record<string, number> = {};
    const seen = new Set<number>();
    for (;;) {
      const all = await client.hgetall(key);
      for (let i = 0; i < jobs.length; i++) {
        const raw = all[runId(i)];
        if (seen.has(i) || raw === undefined) continue;
        const run = decodeStored(raw);
        const job = jobs[i]!;
        // A run the worker refused or that threw is a result too: no points, and its error as the
        // failure, shown in the report's table and notes (it is not retried).
        const result: RunResult = run.result ?? { configurationId: job.configuration.id, seed: job.seed, points: [], parameters: 0, failure: `worker ${run.worker}: ${run.error ?? 'no result'}` };
        seen.add(i);
        results[i] = result;
        workers[run.worker] = (workers[run.worker] ?? 0) + 1;
        options.onResult?.(i, result, run.worker);
      }
      if (seen.size === jobs.length) return { results, workers };
      await sleep(options.pollMs ?? 250);
    }
  } finally {
    await queue.close().catch(() => undefined);
  }
}
