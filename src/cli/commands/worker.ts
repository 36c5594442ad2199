/**
 * `descent worker --queue redis://host:port`: a worker of sweeps on many machines. Takes the runs
 * `descent compare --queue` enqueues, checks each spec, trains it on a thread, stores the result in
 * Redis; runs until interrupted (Ctrl-C or SIGTERM finish the runs in progress first).
 */
import { Command } from 'commander';
import { parseQueueUrl, redactQueueUrl } from '../../experiments/queue/queue-url.js';
import { onInterrupt } from '../signals.js';
import { asUsageSync, UsageError } from '../usage-error.js';
import { compareWorkerUrl } from './compare.js';
import { loadQueueModule } from '../queue-package.js';

interface WorkerOptions {
  queue?: string;
  concurrency: string;
  threads?: string;
  stallMs: string;
  results?: string;
}

const positive = (flag: string, text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected an integer >= 1, got '${text}'`);
  return n;
};

/** `descent worker`. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take `descent compare --queue` runs from Redis (BullMQ), train them, store the results; runs until interrupted')
    .option('--queue <url>', 'redis://[user:password@]host:port[/db] or rediss://… (the same as the coordinator\'s)')
    .option('--concurrency <n>', 'runs trained at once, one thread each', '1')
    .option('--threads <n>', 'threads of the WebAssembly backend per run (default 1)')
    .option('--stall-ms <ms>', 'how long a run stays locked to a worker that stopped answering before another worker takes it over', '30000')
    .option('--results <dir>', 'write each run\'s result as a file below this folder (shared with the coordinator, which gets the same --results) instead of into Redis; Redis then records only the file\'s name')
    .action(async (opts: WorkerOptions) => {
      const queue = opts.queue;
      if (queue === undefined) throw new UsageError('--queue: required (e.g. --queue redis://127.0.0.1:6379)');
      // Every flag is checked before anything changes (the environment, a connection).
      const connection = asUsageSync(undefined, () => parseQueueUrl(queue, '--queue'));
      const concurrency = positive('--concurrency', opts.concurrency);
      const stallMs = positive('--stall-ms', opts.stallMs);
      if (opts.threads !== undefined) process.env.DESCENT_THREADS = String(positive('--threads', opts.threads));
      // BullMQ (and the Redis client it loads) only for this command.
      const { serveQueue } = await loadQueueModule(() => import('../../experiments/queue/queue-worker.js'));
      const worker = await serveQueue({
        connection,
        concurrency,
        stallMs,
        ...(opts.results === undefined ? {} : { resultsDir: opts.results }),
        onError: (err) => console.error(`descent worker: ${err.message} (retrying)`),
        onStarted: (r) => console.log(`${r.sweepId} ${r.runId}: ${r.label}, seed ${r.seed}: started`),
        workerUrl: compareWorkerUrl(),
        onStored: (r) => console.log(`${r.sweepId} ${r.runId}: ${r.label}, seed ${r.seed}: ${r.error === null ? 'stored' : `failed: ${r.error}`}`),
      });
      console.log(`descent worker ${worker.name}: waiting for runs on ${redactQueueUrl(queue)} (concurrency ${concurrency}${opts.results === undefined ? '' : `, results in ${opts.results}`}); Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        // The CLI's signal dispatcher would exit at once: route the first signal here instead.
        const release = onInterrupt(() => {
          release();
          console.log(`descent worker ${worker.name}: finishing the runs in progress`);
          void worker.close().then(resolve);
        });
      });
    });
}
