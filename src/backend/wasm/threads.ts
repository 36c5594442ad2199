/**
 * A pool of workers that run kernels (GEMM blocks, convolutions over a block of images or channels)
 * on the kernels' shared memory. Each worker instantiates the same compiled module on the same memory
 * and sleeps on a shared word; the calling thread writes the jobs of a run (kernel id and arguments)
 * into a shared queue, wakes the workers, and then every thread — the caller too — claims jobs until
 * none is left (transports.ts has the protocol). The caller returns once every claimed job is done,
 * so the Backend interface stays synchronous. A run is split into more jobs than threads: a worker
 * whose core is busy, still booting, or gone simply claims fewer, and the caller never waits for a
 * job no one started. Each thread has its own packing buffers and column scratch.
 *
 * Workers come from a transport: Node's worker_threads, or Web Workers in a cross-origin-isolated
 * page. A browser's main thread may not block in Atomics.wait, so there it spins on Atomics.load
 * while the workers finish their last jobs. Web Workers start only once the page's thread returns to
 * its event loop: `ready()` (awaited by `loadWasmBackendAsync`) resolves when all of them serve.
 */
import type { Kernels } from './module.js';
import type { Scratch } from './scratch.js';
import { CLAIM, claimWord, defaultTransport, DONE, EPOCH, EXIT, FAILED, JOB_WORDS, jobAt, MAX_RUN_JOBS, nodeBuiltin, POOL_KERNELS, queueWords, SCRATCH_ARGS, threadAt, type PoolKernel, type StartedWorker, type WorkerTransport } from './transports.js';

export { POOL_KERNELS, type PoolKernel, type WorkerTransport } from './transports.js';

/**
 * One job: a kernel export and its arguments (pointers are byte offsets; booleans as 0/1) without the
 * trailing scratch ones (columns, packed A, packed B), which the thread running it appends.
 */
export interface PoolJob {
  kernel: PoolKernel;
  args: readonly number[];
}

/** Threads used by default at most (GEMM and conv stop scaling on memory bandwidth long before). */
export const MAX_DEFAULT_THREADS = 8;

/**
 * True when the wasm backend can run on several threads here: shared memory, and worker threads
 * (Node >= 20.16) or Web Workers in a cross-origin-isolated page.
 *
 * @example
 * loadWasmBackend({ threads: workerThreadsSupported() ? 2 : 1 });
 */
export function workerThreadsSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object' && defaultTransport() !== null;
}

/** Logical processors: `os.availableParallelism()` in Node, `navigator.hardwareConcurrency` in browsers, else 1. */
function hardwareThreads(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>('node:os');
  const n = os ? (os.availableParallelism?.() ?? os.cpus().length) : (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return Number.isInteger(n) && n! > 0 ? n! : 1;
}

/**
 * The thread count in the `DESCENT_THREADS` environment variable (Node), or null when unset.
 * Throws when it is not an integer >= 1.
 *
 * @example
 * // DESCENT_THREADS=1 node train.js
 * threadsFromEnvironment(); // 1
 */
export function threadsFromEnvironment(): number | null {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const value = env?.DESCENT_THREADS;
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`DESCENT_THREADS='${value}' is not a thread count; expected an integer >= 1`);
  return n;
}

/**
 * The wasm backend's default thread count: `DESCENT_THREADS` if set, else every logical processor
 * (at most MAX_DEFAULT_THREADS = 8). Where threads are unavailable the backend still runs on one.
 *
 * @example
 * defaultThreads(); // 2 on a two-core machine
 */
export function defaultThreads(): number {
  return threadsFromEnvironment() ?? Math.min(MAX_DEFAULT_THREADS, hardwareThreads());
}

/** True when this thread may block in Atomics.wait (not a browser's main thread). */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); // returns 'not-equal' at once where allowed
    return true;
  } catch {
    return false;
  }
}

/** Jobs per thread a run may have at most. */
export const MAX_JOBS_PER_THREAD = 8;

/**
 * The pool: `helpers` workers beside the calling thread (see the top of this file).
 *
 * @example
 * const kernels = instantiateKernels(true);
 * const pool = new WorkerPool(kernels, 1);
 * await pool.ready();                    // optional in Node
 * pool.run(gemmJobs(pa, pb, pc, 512, 512, 512, false, false, 8), new Scratch(kernels.exports, 2));
 * pool.close();
 */
export class WorkerPool {
  private readonly q: Int32Array;
  private readonly workers: StartedWorker[] = [];
  private readonly transport: WorkerTransport;
  private readonly blocking = canBlock();
  private readonly kernelList: ReadonlyArray<(...args: number[]) => void>;
  private closed = false;
  private started = false;

  /** A pool of `helpers` workers on the shared-memory kernels; none starts before the first `run` or `ready`. */
  constructor(private readonly kernels: Kernels, readonly helpers: number, transport: WorkerTransport | null = defaultTransport()) {
    if (!transport || !kernels.shared) throw new Error('wasm backend: threads need worker threads (Node worker_threads, or Web Workers in a cross-origin-isolated page) and the shared-memory kernels');
    if (this.maxJobs > MAX_RUN_JOBS) throw new Error(`wasm backend: at most ${Math.floor(MAX_RUN_JOBS / MAX_JOBS_PER_THREAD)} threads, got ${this.threads}`);
    this.transport = transport;
    this.q = new Int32Array(new SharedArrayBuffer(queueWords(this.threads, this.maxJobs) * 4));
    this.kernelList = POOL_KERNELS.map((k) => kernels.exports[k] as unknown as (...args: number[]) => void);
  }

  /** This thread and the workers. */
  get threads(): number {
    return this.helpers + 1;
  }

  /** The most jobs one run may have. */
  get maxJobs(): number {
    return MAX_JOBS_PER_THREAD * this.threads;
  }

  /**
   * Starts the workers (once; `run` and `ready` call it).
   *
   * @example
   * pool.start(); // in a browser, they serve once this thread returns to its event loop
   */
  start(): void {
    if (this.closed || this.started) return;
    this.started = true;
    for (let w = 1; w <= this.helpers; w++) {
      try {
        this.workers.push(this.transport.start({ module: this.kernels.module, memory: this.kernels.shared!, queue: this.q.buffer as SharedArrayBuffer, thread: w, threads: this.threads }));
      } catch {
        break; // no more workers here (a resource limit, a page policy): the others and this thread do the work
      }
    }
  }

  /**
   * Starts the workers and resolves when every one serves jobs (rejects if one failed to start).
   * Web Workers start only once this thread returns to its event loop: await this before relying
   * on them (runs meanwhile go to the workers that serve, or to this thread alone).
   *
   * @example
   * await pool.ready();
   */
  async ready(): Promise<void> {
    this.start();
    await Promise.all(this.workers.map((w) => w.ready));
  }

  /**
   * Workers serving jobs now.
   *
   * @example
   * await pool.ready();
   * pool.serving(); // pool.helpers
   */
  serving(): number {
    let n = 0;
    for (let w = 1; w <= this.helpers; w++) if (Atomics.load(this.q, threadAt(w)) === 1) n++;
    return n;
  }

  /**
   * Runs the jobs on this thread and the workers, each thread appending its own scratch (thread t:
   * columns at `cols + t·colsBytes`, `scratch.packA[t]`, `scratch.packB[t]`); returns when all are
   * done, with the number of jobs this thread ran. Jobs must write disjoint memory. Throws (after
   * every job is done) if a job threw.
   *
   * @example
   * const here = pool.run(convJobs('conv2d', px, pw, 0, py, g, 32, 2), scratch, pcols, colsBytes);
   */
  run(jobs: readonly PoolJob[], scratch: Scratch, cols = 0, colsBytes = 0): number {
    if (jobs.length > this.maxJobs) throw new Error(`wasm backend: ${jobs.length} jobs for a pool of ${this.maxJobs}`);
    this.start();
    const q = this.q;
    // Every job of the last run is done, and its CLAIM word says none is left: a worker looking at the
    // queue now claims nothing until the new word is stored, after every job and scratch word.
    const generation = (Atomics.load(q, CLAIM) >>> 20) + 1;
    Atomics.store(q, DONE, 0);
    Atomics.store(q, FAILED, 0);
    for (let t = 0; t < this.threads; t++) {
      const at = threadAt(t);
      q[at + 1] = cols + t * colsBytes;
      q[at + 2] = scratch.packA[t]!;
      q[at + 3] = scratch.packB[t]!;
    }
    jobs.forEach((job, j) => {
      const at = jobAt(this.threads, j);
      if (job.args.length > JOB_WORDS - 2) throw new Error(`wasm backend: ${job.kernel} with ${job.args.length} arguments`);
      q[at] = POOL_KERNELS.indexOf(job.kernel);
      q[at + 1] = job.args.length;
      q.set(job.args, at + 2);
    });
    Atomics.store(q, CLAIM, claimWord(generation, jobs.length));
    Atomics.add(q, EPOCH, 1);
    Atomics.notify(q, EPOCH);
    const [mine, error] = this.drain(); // a job that threw here: still wait for the workers, they write into memory this call owns
    let done: number;
    while ((done = Atomics.load(q, DONE)) < jobs.length) {
      if (this.blocking) Atomics.wait(q, DONE, done);
      // else spin: a browser's main thread may not block
    }
    if (error) throw error;
    if (Atomics.load(q, FAILED) > 0) throw new Error('wasm backend: a kernel failed in a worker thread');
    return mine;
  }

  /** This thread's share of a run (the loop of the workers' `serve`, transports.ts): jobs run, first error. */
  private drain(): [number, unknown] {
    const q = this.q;
    const mine = threadAt(0);
    let error: unknown = null;
    let ran = 0;
    for (;;) {
      const w = Atomics.load(q, CLAIM);
      const i = w & 1023;
      if (i >= ((w >> 10) & 1023)) return [ran, error];
      if (Atomics.compareExchange(q, CLAIM, w, w + 1) !== w) continue;
      const at = jobAt(this.threads, i);
      const id = q[at]!;
      const args = Array.from(q.subarray(at + 2, at + 2 + q[at + 1]!));
      for (let s = 4 - SCRATCH_ARGS[POOL_KERNELS[id]!]; s < 4; s++) args.push(q[mine + s]!);
      try {
        this.kernelList[id]!(...args);
      } catch (e) {
        error ??= e;
      }
      ran++;
      Atomics.add(q, DONE, 1);
    }
  }

  /**
   * Stops the workers; the pool cannot run jobs afterwards.
   *
   * @example
   * pool.close();
   */
  close(): void {
    this.closed = true;
    Atomics.store(this.q, EXIT, 1);
    Atomics.add(this.q, EPOCH, 1);
    Atomics.notify(this.q, EPOCH);
    for (const w of this.workers) w.stop();
    this.workers.length = 0;
  }
}
