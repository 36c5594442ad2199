/**
 * `npm run bench -- queue`: what the BullMQ/Redis queue costs a sweep. Starts its own `redis-server`
 * (127.0.0.1, a free port, no persistence) and `descent worker` processes on this machine, and
 * measures
 * - the per-job overhead: a one-epoch run enqueued alone, enqueue → result in the coordinator, less
 *   the run's own training time (at the coordinator's default 250 ms poll, and at 10 ms);
 * - the sweep throughput (runs per second) with 1, 2 and 3 worker processes, beside the in-process
 *   pool (`descent compare` without `--queue`) with as many threads.
 * Without /usr/bin/redis-server it prints a note and returns no rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './report.js';
import type { RunJob, RunProgress, RunResult } from '../src/experiments/compare/types.js';
import { runQueued } from '../src/experiments/queue/queue-coordinator.js';
import { parseQueueUrl } from '../src/experiments/queue/queue-url.js';
import { runPool } from '../src/experiments/worker-pool.js';
import { runConfiguration } from '../src/experiments/compare/run-configuration.js';
import { compareWorkerUrl } from '../src/cli/commands/compare.js';
import { freePort, printed } from '../test/helpers/processes.js';

const REDIS = '/usr/bin/redis-server';
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Runs per throughput sweep. */
const SWEEP_RUNS = 12;
/** Overhead samples per poll interval. */
const OVERHEAD_SAMPLES = 15;

/** One run of the benchmark sweep: Adam on spirals, about a second of training at `epochs` 150. */
const job = (seed: number, epochs: number): RunJob => ({
  task: { dataset: 'spirals', model: 'mlp:2-32-32-2:tanh', loss: 'cross-entropy', epochs, testFraction: 0.2, dataSeed: 0, target: null },
  configuration: { id: 'c1', label: 'adam', optimizer: 'adam', hyperParameters: { learningRate: 0.01 }, batchSize: 32, schedule: 'constant', averaging: 'none' },
  seed,
});

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const trainingMs = (r: RunResult): number => 1000 * (r.points.at(-1)?.seconds ?? 0);

/** The queue benchmark's rows (none, with a note on stderr, when there is no redis-server). */
export async function benchQueue(): Promise<BenchRow[]> {
  if (!existsSync(REDIS)) {
    console.error(`bench queue: skipped, ${REDIS} is absent (apt-get install redis-server)`);
    return [];
  }
  const children: ChildProcess[] = [];
  const rows: BenchRow[] = [];
  try {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const connection = parseQueueUrl(url, 'bench');
    const redis = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(redis);
    await printed(redis, 'Ready to accept connections', 60_000);
    const addWorker = async (): Promise<void> => {
      const w = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--queue', url], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
      children.push(w);
      await printed(w, 'waiting for runs', 60_000);
    };
    await addWorker();

    // Per-job overhead: one short run at a time, so nothing else is queued.
    for (const pollMs of [250, 10]) {
      const samples: number[] = [];
      for (let i = 0; i < OVERHEAD_SAMPLES + 2; i++) {
        const t0 = performance.now();
        const { results } = await runQueued([job(i + 1, 1)], { connection, sweepId: `bench-overhead-${pollMs}-${i}`, phase: 'final', pollMs });
        const ms = performance.now() - t0 - trainingMs(results[0]!);
        if (i >= 2) samples.push(ms); // the first runs warm the worker's thread up
      }
      rows.push({ name: `queue per-job overhead, enqueue → result (coordinator poll ${pollMs} ms)`, descent: median(samples), peer: null, peerName: 'queue', unit: 'ms', higherIsBetter: false });
    }
    // The in-process pool's own overhead per job, for scale: one thread, one run at a time.
    {
      const samples: number[] = [];
      for (let i = 0; i < OVERHEAD_SAMPLES + 2; i++) {
        const t0 = performance.now();
        const { results } = await runPool<RunJob, RunResult, RunProgress>([job(i + 1, 1)], { workers: 2, workerUrl: compareWorkerUrl(), runInProcess: runConfiguration });
        const ms = performance.now() - t0 - trainingMs(results[0]!);
        if (i >= 2) samples.push(ms);
      }
      rows.push({ name: 'in-process pool per-job overhead (a lone job runs on the calling thread)', descent: median(samples), peer: null, peerName: 'pool', unit: 'ms', higherIsBetter: false });
    }

    // Throughput: the same sweep with 1, 2, 3 worker processes, and the pool with as many threads.
    const sweep = Array.from({ length: SWEEP_RUNS }, (_, i) => job(i + 1, 150));
    for (let workers = 1; workers <= 3; workers++) {
      if (workers > 1) await addWorker();
      const t0 = performance.now();
      await runQueued(sweep, { connection, sweepId: `bench-sweep-${workers}`, phase: 'final' });
      const queued = SWEEP_RUNS / ((performance.now() - t0) / 1000);
      const t1 = performance.now();
      await runPool<RunJob, RunResult, RunProgress>(sweep, { workers, workerUrl: compareWorkerUrl(), runInProcess: runConfiguration });
      const pooled = SWEEP_RUNS / ((performance.now() - t1) / 1000);
      rows.push({ name: `sweep of ${SWEEP_RUNS} runs, ${workers} worker process(es) vs ${workers} pool thread(s)`, descent: queued, peer: pooled, peerName: 'in-process pool', unit: 'runs/s', higherIsBetter: true });
    }
  } finally {
    for (const c of children.reverse()) {
      c.kill('SIGTERM');
      await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r)));
    }
  }
  return rows;
}
