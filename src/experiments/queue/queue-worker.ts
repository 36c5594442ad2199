/**
 * `descent worker`: takes runs from the queue, checks each spec as untrusted input, trains it on a
 * worker thread, and stores the result in the sweep's Redis hash (or a file below `--results`).
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RunJob, RunProgress, RunResult } from '../compare/types.js';
import type { QueueConnection } from './queue-url.js';
import { writeResultFile } from './result-files.js';
import { checkRunJob } from './run-job-check.js';
import { checkSweepId, encodeStored, progressKey, QUEUE_NAME, resultsKey, type QueueJobData, type RunInProgress, type StoredRun, SWEEP_TTL_SECONDS } from './sweep-store.js';
import { ThreadSlot } from './thread-slot.js';

/** Options of {@link serveQueue}. */
export interface QueueWorkerOptions {
  connection: QueueConnection;
  /** Runs trained at once, one thread each (default 1). */
  concurrency: number;
  /** The module a run's thread loads (the compare worker, `.ts` from source or `.js` built). */
  workerUrl: URL;
  /**
   * How long a run's lock lasts without renewal, ms (default 30000): a worker killed mid-run has its
   * run handed to another worker about this long after it died.
   */
  stallMs?: number;
  /**
   * A folder shared with the coordinator: results are written there as files (atomically) and Redis
   * only records their names. Undefined: results go into Redis.
   */
  resultsDir?: string;
  /** How often a run's epochs done are written to Redis, ms (default 500). */
  progressMs?: number;
  /** Called when a run starts (for the command's log line). */
  onStarted?: (data: { sweepId: string; runId: string; label: string; seed: number }) => void;
  /** Called on a Redis error after the start (the client reconnects by itself). */
  onError?: (err: Error) => void;
  /** Called after each run is stored (for the command's log line). */
  onStored?: (data: { sweepId: string; runId: string; label: string; seed: number; error: string | null }) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  /** Finishes the runs in progress, then disconnects and stops the threads. */
  close(): Promise<void>;
  /** `host:pid`, as stored with each result. */
  name: string;
}

/**
 * Starts taking jobs. A spec that fails the check, or a run that throws, is stored with its error and
 * not retried (BullMQ's UnrecoverableError); a run that diverges is an ordinary result (its `failure`).
 *
 * @example
 * const worker = await serveQueue({ connection: parseQueueUrl('redis://127.0.0.1:6379', '--queue'), concurrency: 2, workerUrl });
 * process.once('SIGTERM', () => void worker.close());
 */
export async function serveQueue(options: QueueWorkerOptions): Promise<QueueWorker> {
  const name = `${hostname()}:${process.pid}`;
  const free = Array.from({ length: options.concurrency }, () => new ThreadSlot<RunJob, RunResult>(options.workerUrl));
  const all = [...free];
  const worker = new Worker<QueueJobData>(QUEUE_NAME, async (job: Job<QueueJobData>) => {
    const sweepId = typeof job.data?.sweepId === 'string' ? job.data.sweepId : '';
    const runId = typeof job.data?.runId === 'string' && /^[\w-]{1,64}$/.test(job.data.runId) ? job.data.runId : null;
    try {
      checkSweepId(sweepId, 'sweepId');
    } catch (err) {
      throw new UnrecoverableError((err as Error).message);
    }
    if (runId === null) throw new UnrecoverableError('job without a valid runId');
    const client = await worker.getBackend().client;
    const store = async (result: RunResult | null, error: string | null): Promise<void> => {
      const run: StoredRun = { result, error, worker: name };
      const stored: StoredRun = options.resultsDir === undefined ? run : { result: null, error, worker: name, file: await writeResultFile(options.resultsDir, sweepId, runId, run) };
      await client.hset(resultsKey(sweepId), { [runId]: encodeStored(stored) });
      await client.hdel(progressKey(sweepId), runId);
    };
    // Epochs done, for the coordinator's bar and `sweep status`: at most once per progressMs, and
    // never awaited (a slow Redis must not hold the run back).
    let last = 0;
    const report = (p: RunProgress): void => {
      const now = Date.now();
      if (now - last < (options.progressMs ?? 500) && p.epoch < p.epochs) return;
      last = now;
      const value: RunInProgress = { epoch: p.epoch, epochs: p.epochs, worker: name };
      client.hset(progressKey(sweepId), { [runId]: JSON.stringify(value) }).catch(() => undefined);
    };
    let spec: RunJob;
    try {
      spec = checkRunJob(job.data.spec);
    } catch (err) {
      await store(null, (err as Error).message);
      options.onStored?.({ sweepId, runId, label: '?', seed: NaN, error: (err as Error).message });
      throw new UnrecoverableError((err as Error).message);
    }
    const slot = free.pop()!;
    options.onStarted?.({ sweepId, runId, label: spec.configuration.label, seed: spec.seed });
    report({ epoch: 0, epochs: spec.task.epochs, validationError: null });
    try {
      const result = await slot.run<RunProgress>(spec, report);
      await store(result, null);
      options.onStored?.({ sweepId, runId, label: spec.configuration.label, seed: spec.seed, error: null });
    } catch (err) {
      await store(null, (err as Error).message);
      options.onStored?.({ sweepId, runId, label: spec.configuration.label, seed: spec.seed, error: (err as Error).message });
      throw new UnrecoverableError((err as Error).message);
    } finally {
      free.push(slot);
    }
  }, {
    connection: options.connection,
    concurrency: options.concurrency,
    // A killed worker's job goes back to the queue after the lock expires (stall detection); a job
    // that keeps killing its worker is failed after 3 stalls rather than retried forever.
    maxStalledCount: 3,
    lockDuration: options.stallMs ?? 30_000,
    stalledInterval: Math.max(500, Math.round((options.stallMs ?? 30_000) / 2)),
    removeOnComplete: { age: SWEEP_TTL_SECONDS, count: 1000 },
    removeOnFail: { age: SWEEP_TTL_SECONDS, count: 1000 },
  });
  // An unreachable Redis is retried forever by the client: fail with its error instead of waiting.
  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error): void => {
      void worker.close(true).catch(() => undefined);
      void Promise.all(all.map((slot) => slot.close()));
      reject(new Error(`cannot use Redis at ${options.connection.host}:${options.connection.port}: ${err.message}`));
    };
    worker.once('error', onError);
    worker.waitUntilReady().then(() => {
      worker.off('error', onError);
      // Later connection errors are retried by the client; say so rather than crash (an 'error' event
      // without a listener would end the process).
      worker.on('error', (err) => options.onError?.(err));
      resolve();
    }, onError);
  });
  return {
    name,
    async close() {
      await worker.close();
      await Promise.all(all.map((s) => s.close()));
    },
  };
}
