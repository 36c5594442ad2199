/**
 * The coordinator side of a sweep on many machines: `descent compare --queue` enqueues one job per
 * run (the run spec as JSON) and gathers the results the workers store, in job order.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunJob, RunResult } from '../compare/types.js';
import type { QueueConnection } from './queue-url.js';
import { readResultFile } from './result-files.js';
import { withSweepQueue, type SweepQueue } from './sweep-connection.js';
import { decodeStored, isResultFile, progressKey, resultsKey, SWEEP_TTL_SECONDS, type RunInProgress, type StoredRun } from './sweep-store.js';

export { QueueUnreachableError } from './sweep-connection.js';

/** Options of {@link runQueued}. */
export interface QueuedRunOptions {
  connection: QueueConnection;
  sweepId: string;
  /** Names this batch of runs within the sweep (`tune`, `final`): run ids are `<phase>-<index>`. */
  phase: string;
  /** Called once per run as its result arrives, with the worker that computed it. */
  onResult?: (index: number, result: RunResult, worker: string) => void;
  /** Called as a run in progress reports the epochs it has done (about twice a second per run). */
  onProgress?: (index: number, epoch: number) => void;
  /**
   * The folder shared with the workers started with `--results <dir>`, where they write results as
   * files (null: every worker stores results in Redis; a run written to a file is then an error).
   */
  resultsDir?: string | null;
  /** How often the results hash is read (default 250 ms). */
  pollMs?: number;
  /** How often the runs still missing are looked up on the queue (default 5000 ms). */
  checkMs?: number;
}

/** The results in job order and how many runs each worker did. */
export interface QueuedRuns {
  results: RunResult[];
  workers: Record<string, number>;
}

/** A run was written to a `--results` folder this coordinator was not told about. */
export class ResultsFolderError extends Error {
  override name = 'ResultsFolderError';
}

const JOB_OPTIONS = {
  attempts: 1,
  // Finished jobs stay long enough for `sweep status`, then go (the results are in the sweep's keys).
  removeOnComplete: { age: SWEEP_TTL_SECONDS, count: 1000 },
  removeOnFail: { age: SWEEP_TTL_SECONDS, count: 1000 },
};

/**
 * Enqueues every run not stored yet (job id `<sweep>_<phase>-<index>`: enqueueing the same run again
 * adds nothing) and waits until each has a stored result. A run a worker refused or that threw comes
 * back with no points and `failure: 'worker <host:pid>: <error>'`; so does a run BullMQ gave up on
 * (its worker died three times). Runs already stored (an earlier coordinator of the same sweep id)
 * are collected, not recomputed.
 *
 * @example
 * const { results } = await runQueued(jobs, { connection, sweepId: newSweepId(), phase: 'final' });
 */
export function runQueued(jobs: readonly RunJob[], options: QueuedRunOptions): Promise<QueuedRuns> {
  return withSweepQueue(options.connection, (q) => collect(jobs, options, q));
}

async function collect(jobs: readonly RunJob[], options: QueuedRunOptions, { queue, client }: SweepQueue): Promise<QueuedRuns> {
  const key = resultsKey(options.sweepId);
  const runId = (i: number): string => `${options.phase}-${i}`;
  const jobId = (i: number): string => `${options.sweepId}_${runId(i)}`;
  const enqueue = (indices: number[]): Promise<unknown> => queue.addBulk(indices.map((i) => ({
    name: 'run',
    data: { sweepId: options.sweepId, runId: runId(i), spec: jobs[i] },
    opts: { jobId: jobId(i), ...JOB_OPTIONS },
  })));
  const stored = await client.hgetall(key);
  await enqueue(jobs.map((_, i) => i).filter((i) => stored[runId(i)] === undefined));

  const results = new Array<RunResult>(jobs.length);
  const workers: Record<string, number> = {};
  const seen = new Set<number>();
  const failed = (i: number, worker: string, error: string): RunResult => ({ configurationId: jobs[i]!.configuration.id, seed: jobs[i]!.seed, points: [], parameters: 0, failure: `worker ${worker}: ${error}` });
  const accept = (i: number, result: RunResult, worker: string): void => {
    seen.add(i);
    results[i] = result;
    if (worker !== '') workers[worker] = (workers[worker] ?? 0) + 1;
    options.onResult?.(i, result, worker);
  };
  const read = async (raw: string): Promise<StoredRun> => {
    const run = decodeStored(raw);
    if (run.file === undefined) return run;
    if (!isResultFile(run.file)) return { result: null, error: `a result file name that is not one: ${JSON.stringify(run.file).slice(0, 80)}`, worker: run.worker };
    if (!options.resultsDir) throw new ResultsFolderError(`worker ${run.worker} wrote its results to files (${run.file}) below its --results folder: give the coordinator --results <the same shared folder>`);
    return readResultFile(options.resultsDir, run.file);
  };
  let lastCheck = Date.now();
  for (;;) {
    const all = await client.hgetall(key);
    for (let i = 0; i < jobs.length; i++) {
      const raw = all[runId(i)];
      if (seen.has(i) || raw === undefined) continue;
      const run = await read(raw);
      // A run the worker refused or that threw is a result too: no points, and its error as the
      // failure, shown in the report's table and notes (it is not retried).
      accept(i, run.result ?? failed(i, run.worker, run.error ?? 'no result'), run.worker);
    }
    if (seen.size === jobs.length) return { results, workers };
    if (options.onProgress) {
      const running = await client.hgetall(progressKey(options.sweepId));
      for (let i = 0; i < jobs.length; i++) {
        const raw = running[runId(i)];
        if (!seen.has(i) && raw !== undefined) options.onProgress(i, (JSON.parse(raw) as RunInProgress).epoch);
      }
    }
    if (Date.now() - lastCheck >= (options.checkMs ?? 5000)) {
      lastCheck = Date.now();
      await recoverLostJobs();
    }
    await sleep(options.pollMs ?? 250);
  }

  /**
   * A job BullMQ failed without a stored result (its worker died on it again and again) would be
   * waited for forever: record it as failed. A job gone from the queue without a result (removed by
   * hand, or trimmed) is enqueued again.
   */
  async function recoverLostJobs(): Promise<void> {
    const lost: number[] = [];
    for (let i = 0; i < jobs.length; i++) {
      if (seen.has(i)) continue;
      const state = await queue.getJobState(jobId(i));
      if (state !== 'failed' && state !== 'unknown') continue;
      // The result may have landed since the hash was read: it wins.
      if ((await client.hexists(key, runId(i))) === 1) continue;
      if (state === 'unknown') {
        lost.push(i);
        continue;
      }
      const job = await queue.getJob(jobId(i));
      // No worker finished it: it counts for none.
      accept(i, { ...failed(i, '', ''), failure: `BullMQ gave up on the run: ${job?.failedReason ?? 'failed'}` }, '');
    }
    if (lost.length > 0) await enqueue(lost);
  }
}
