/**
 * The coordinator side of a sweep on many machines: `descent compare --queue` enqueues one job per
 * run (the run spec as JSON) and gathers the results the workers store, in job order.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import type { RunJob, RunResult } from '../compare/types.js';
import type { QueueConnection } from './queue-url.js';
import { decodeStored, QUEUE_NAME, resultsKey, type QueueJobData } from './sweep-store.js';

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

/** A fresh sweep id: time and randomness, so two coordinators never share one by accident. */
export function newSweepId(): string {
  return `s${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

/**
 * Enqueues every run (job id `<sweep>_<phase>-<index>`: enqueueing the same sweep again adds nothing)
 * and waits until each has a stored result. A run a worker refused or that threw rejects with its
 * error, naming the run and the worker. Runs already stored (an earlier coordinator of the same sweep
 * id) are collected, not recomputed.
 *
 * @example
 * const { results } = await runQueued(jobs, { connection, sweepId: newSweepId(), phase: 'final' });
 */
export async function runQueued(jobs: readonly RunJob[], options: QueuedRunOptions): Promise<QueuedRuns> {
  const queue = new Queue<QueueJobData>(QUEUE_NAME, { connection: options.connection });
  try {
    const client = await queue.getBackend().client;
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
        if (run.result === null) throw new Error(`run ${runId(i)} (${job.configuration.label}, seed ${job.seed}) failed on worker ${run.worker}: ${run.error ?? 'no result'}`);
        seen.add(i);
        results[i] = run.result;
        workers[run.worker] = (workers[run.worker] ?? 0) + 1;
        options.onResult?.(i, run.result, run.worker);
      }
      if (seen.size === jobs.length) return { results, workers };
      await sleep(options.pollMs ?? 250);
    }
  } finally {
    await queue.close();
  }
}
