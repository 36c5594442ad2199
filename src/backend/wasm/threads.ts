/**
 * A pool of workers that run kernels (GEMM blocks, convolutions over a block of images or channels)
 * on the kernels' shared memory. Each worker instantiates the same compiled module on the same memory
 * and waits on its control word; the calling thread writes a job (kernel id and arguments), wakes the
 * worker, runs its own part, then waits until the worker is done — so the Backend interface stays
 * synchronous. Workers come from a transport (transports.ts): Node's worker_threads, or Web Workers in
 * a cross-origin-isolated page. A browser's main thread may not block in Atomics.wait, so there it
 * spins on Atomics.load while the workers finish.
 *
 * Only ready workers get jobs; the caller runs the rest itself. So the pool never waits for a worker
 * to start: in Node the first large job waits for the workers to boot once (they boot on their own
 * threads); in a browser, `ready()` must be awaited (Web Workers start only once the page's thread
 * returns to its event loop) — `loadWasmBackendAsync` does.
 */
import type { Kernels } from './module.js';
import { ARGS, ARITY, BOOT, DEAD, defaultTransport, EXIT, FAILED, IDLE, KERNEL, nodeBuiltin, POOL_KERNELS, STATE, WORDS, WORK, type PoolKernel, type StartedWorker, type WorkerTransport } from './transports.js';

export { POOL_KERNELS, type PoolKernel, type WorkerTransport } from './transports.js';

/** One job: a kernel export and its arguments (pointers are byte offsets; booleans as 0/1). */
export interface PoolJob {
  kernel: PoolKernel;
  args: readonly number[];
}

/** Threads used by default at most (GEMM and conv stop scaling on memory bandwidth long before). */
export const MAX_DEFAULT_THREADS = 8;

/** How long the pool blocks, once, for Node workers to boot before running without them (ms). */
const BOOT_WAIT_MS = 10_000;

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

export class WorkerPool {
  private readonly controls: Int32Array[] = [];
  private readonly workers: StartedWorker[] = [];
  private readonly transport: WorkerTransport;
  private readonly blocking = canBlock();
  private booted = false;
  private closed = false;

  /** A pool of `helpers` workers on the shared-memory kernels; none starts before `start`, `ready` or `threadsNow`. */
  constructor(private readonly kernels: Kernels, readonly helpers: number, transport: WorkerTransport | null = defaultTransport()) {
    if (!transport || !kernels.shared) throw new Error('wasm backend: threads need worker threads (Node worker_threads, or Web Workers in a cross-origin-isolated page) and the shared-memory kernels');
    this.transport = transport;
  }

  /** Starts the workers (once). */
  start(): void {
    if (this.closed || this.workers.length > 0) return;
    for (let i = 0; i < this.helpers; i++) {
      const control = new SharedArrayBuffer(WORDS * 4);
      this.controls.push(new Int32Array(control));
      this.workers.push(this.transport.start(this.kernels.module, this.kernels.shared!, control));
    }
  }

  /** Starts the workers and resolves when every one serves jobs (rejects if one failed to start). */
  async ready(): Promise<void> {
    this.start();
    if (this.transport.bootsAlone && this.blocking) this.threadsNow(); // waits for the boot (Node)
    await Promise.all(this.workers.map((w) => w.ready));
  }

  /**
   * Threads that can run a job now: this one plus the idle workers. The first call starts the
   * workers; where they boot on their own (Node) it also waits for them, once.
   */
  threadsNow(): number {
    this.start();
    if (!this.booted && this.transport.bootsAlone && this.blocking) {
      for (const ctrl of this.controls) Atomics.wait(ctrl, STATE, BOOT, BOOT_WAIT_MS);
    }
    this.booted = true;
    let idle = 0;
    for (const ctrl of this.controls) if (Atomics.load(ctrl, STATE) === IDLE) idle++;
    return idle + 1;
  }

  /**
   * Runs jobs[0] on this thread and the others on idle workers (any left over run here too, after
   * jobs[0]); returns when all are done. Jobs must write disjoint memory.
   */
  run(jobs: readonly PoolJob[]): void {
    this.start();
    const busy: Int32Array[] = [];
    const mine: PoolJob[] = [jobs[0]!];
    let w = 0;
    for (let j = 1; j < jobs.length; j++) {
      while (w < this.controls.length && Atomics.load(this.controls[w]!, STATE) !== IDLE) w++;
      const ctrl = this.controls[w++];
      if (!ctrl) {
        mine.push(jobs[j]!);
        continue;
      }
      const job = jobs[j]!;
      ctrl[KERNEL] = POOL_KERNELS.indexOf(job.kernel);
      ctrl[ARITY] = job.args.length;
      ctrl.set(job.args, ARGS);
      Atomics.store(ctrl, STATE, WORK);
      Atomics.notify(ctrl, STATE);
      busy.push(ctrl);
    }
    let error: unknown = null;
    try {
      for (const job of mine) (this.kernels.exports[job.kernel] as unknown as (...args: readonly number[]) => void)(...job.args);
    } catch (e) {
      error = e; // still wait for the workers: they write into memory this call owns
    }
    let failed = false;
    for (const ctrl of busy) {
      if (this.blocking) while (Atomics.load(ctrl, STATE) === WORK) Atomics.wait(ctrl, STATE, WORK);
      else while (Atomics.load(ctrl, STATE) === WORK); // a browser's main thread may not block: spin
      if (Atomics.load(ctrl, STATE) === FAILED) {
        failed = true;
        Atomics.store(ctrl, STATE, IDLE);
      }
    }
    if (error) throw error;
    if (failed) throw new Error('wasm backend: a kernel failed in a worker thread');
  }

  /** Stops the workers. */
  close(): void {
    this.closed = true;
    for (const ctrl of this.controls) {
      if (Atomics.load(ctrl, STATE) !== DEAD) Atomics.store(ctrl, STATE, EXIT);
      Atomics.notify(ctrl, STATE);
    }
    for (const w of this.workers) w.stop();
    this.controls.length = 0;
    this.workers.length = 0;
  }
}
