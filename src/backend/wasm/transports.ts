/**
 * The worker side of the pool, and how workers are started: Node's worker_threads, or a browser's Web
 * Workers (from a Blob URL, so no file has to be located). Both run the same program (`SERVE`):
 * instantiate the compiled kernels on the shared memory, then wait for work.
 *
 * The protocol is one Int32Array over a SharedArrayBuffer (the queue):
 * - header: EPOCH (bumped to wake the workers), CLAIM (the run's generation, its job count and the
 *   next job to claim, in one word), DONE (jobs finished), FAILED (jobs that threw), EXIT;
 * - per thread t (0 = the caller, w + 1 = worker w): [serving (1 once ready), and its scratch:
 *   columns, packed A, packed B];
 * - the jobs: [kernel id, argument count, arguments...], the thread's scratch appended when run.
 * Every thread, the caller included, claims jobs with a compare-and-swap on CLAIM until none is left,
 * so a worker that wakes late (its core busy) only claims less — the caller never waits for a job no
 * one started. Because the generation is part of the word, a claim prepared in one run cannot succeed
 * in a later one unless the word is exactly the same again, and then it is a valid claim there (the
 * jobs are read after claiming, and a run's jobs are written before its CLAIM word).
 */

/** Header words. */
export const EPOCH = 0;
export const CLAIM = 1;
export const DONE = 3;
export const FAILED = 4;
export const EXIT = 5;
const HEADER = 8;
const THREAD_WORDS = 4;
/**
 * The CLAIM word: bits 0–9 the next job, 10–19 the job count, 20–30 the generation.
 *
 * @example
 * Atomics.store(q, CLAIM, claimWord(gen, jobs.length));
 */
export const claimWord = (generation: number, count: number): number => ((generation & 0x7ff) << 20) | (count << 10);
/** Jobs a run may have at most (10 bits). */
export const MAX_RUN_JOBS = 1023;

/** Words per job: kernel id, argument count, up to 22 arguments. */
export const JOB_WORDS = 24;

/** The kernels a worker can run, by id (the index here); all take only i32/f32/bool arguments. */
export const POOL_KERNELS = ['gemm', 'conv2d', 'conv2dInputGrad', 'conv2dWeightGradBlock', 'updatePacked'] as const;
export type PoolKernel = (typeof POOL_KERNELS)[number];
/** How many of thread t's scratch words [cols, packA, packB] each kernel takes, from the end. */
export const SCRATCH_ARGS: Readonly<Record<PoolKernel, 0 | 2 | 3>> = { gemm: 2, conv2d: 3, conv2dInputGrad: 3, conv2dWeightGradBlock: 3, updatePacked: 0 };

/**
 * Word offset of thread t's words in the queue: [serving, cols, packA, packB].
 *
 * @example
 * Atomics.load(q, threadAt(1)); // 1 once worker 0 (thread 1) serves
 */
export const threadAt = (t: number): number => HEADER + THREAD_WORDS * t;

/**
 * Word offset of job j in a queue for `threads` threads.
 *
 * @example
 * q[jobAt(2, 0)]; // the kernel id of the first job
 */
export const jobAt = (threads: number, j: number): number => HEADER + THREAD_WORDS * threads + j * JOB_WORDS;

/**
 * Words of a queue for `threads` threads and `jobs` jobs.
 *
 * @example
 * const q = new Int32Array(new SharedArrayBuffer(queueWords(2, 16) * 4));
 */
export const queueWords = (threads: number, jobs: number): number => jobAt(threads, jobs);

/**
 * The worker's program: `serve(module, memory, queue, thread, threads, onReady)` (plain JavaScript,
 * the same for both transports). A worker waits with Atomics.wait, which workers may do everywhere.
 */
const SERVE = `
function serve(module, memory, queue, t, threads, onReady) {
  const q = new Int32Array(queue);
  const abort = () => { throw new Error('wasm backend: a kernel aborted'); };
  const e = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
  const kernels = [${POOL_KERNELS.map((k) => `e.${k}`).join(', ')}];
  const scratchArgs = [${POOL_KERNELS.map((k) => SCRATCH_ARGS[k]).join(', ')}];
  const mine = ${HEADER} + ${THREAD_WORDS} * t;
  const jobs = ${HEADER} + ${THREAD_WORDS} * threads;
  // The same loop as WorkerPool.drain (threads.ts).
  const drain = () => {
    for (;;) {
      const w = Atomics.load(q, ${CLAIM});
      const i = w & 1023;
      if (i >= ((w >> 10) & 1023)) return;
      if (Atomics.compareExchange(q, ${CLAIM}, w, w + 1) !== w) continue;
      const at = jobs + i * ${JOB_WORDS};
      const id = q[at];
      const args = Array.from(q.subarray(at + 2, at + 2 + q[at + 1]));
      for (let s = 4 - scratchArgs[id]; s < 4; s++) args.push(q[mine + s]);
      try {
        kernels[id](...args);
      } catch {
        Atomics.add(q, ${FAILED}, 1);
      }
      Atomics.add(q, ${DONE}, 1);
      Atomics.notify(q, ${DONE});
    }
  };
  let seen = Atomics.load(q, ${EPOCH});
  Atomics.store(q, mine, 1);
  onReady();
  for (;;) {
    drain();
    while (Atomics.load(q, ${EPOCH}) === seen) Atomics.wait(q, ${EPOCH}, seen);
    seen = Atomics.load(q, ${EPOCH});
    if (Atomics.load(q, ${EXIT}) !== 0) return;
  }
}
`;

/** A started worker. */
export interface StartedWorker {
  /** Resolves once the worker serves jobs; rejects if it failed to start. */
  readonly ready: Promise<void>;
  stop(): void;
}

/** What a worker needs: the compiled kernels, the memory, the queue, its thread index and the thread count. */
export interface WorkerSetup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  queue: SharedArrayBuffer;
  thread: number;
  threads: number;
}

/** A way of starting workers on this platform. */
export interface WorkerTransport {
  readonly name: 'worker_threads' | 'web-workers';
  start(setup: WorkerSetup): StartedWorker;
}

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: Error) => void): void;
  on(event: 'online', listener: () => void): void;
}
type NodeWorkerConstructor = new (source: string, options: { eval: true; workerData: unknown; execArgv: string[] }) => NodeWorker;

/**
 * `process.getBuiltinModule` (Node >= 20.16): Node's modules, reached without an import a browser
 * bundler would trip on; null elsewhere.
 *
 * @example
 * nodeBuiltin<typeof import('node:os')>('node:os')?.availableParallelism(); // 2, or undefined in a browser
 */
export function nodeBuiltin<T>(id: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.(id) as T | undefined) ?? null;
}

/**
 * Node's worker_threads (Node >= 20.16), or null. Workers are unref'd (an idle pool never keeps the
 * process alive) and start without the parent's execArgv.
 *
 * @example
 * const worker = nodeTransport()?.start({ module, memory, queue, thread: 1, threads: 2 });
 */
export function nodeTransport(): WorkerTransport | null {
  const Worker = nodeBuiltin<{ Worker?: NodeWorkerConstructor }>('node:worker_threads')?.Worker;
  if (!Worker) return null;
  const program = `${SERVE}
const { workerData: d } = process.getBuiltinModule('node:worker_threads');
serve(d.module, d.memory, d.queue, d.thread, d.threads, () => {});`;
  return {
    name: 'worker_threads',
    start(setup) {
      // No execArgv: the program needs no loader (--import tsx would slow every boot), and is valid
      // as a script and as a module (--input-type=module reaches eval'd workers).
      const worker = new Worker(program, { eval: true, workerData: setup, execArgv: [] });
      worker.unref(); // an idle pool never keeps the process alive
      const q = new Int32Array(setup.queue);
      let failed: Error | null = null;
      worker.on('error', (err) => {
        failed = err;
      });
      // Its serving word says when the worker serves (a message would keep the worker referenced).
      const ready = new Promise<void>((resolve, reject) => {
        const poll = (): void => {
          if (failed) reject(failed);
          else if (Atomics.load(q, threadAt(setup.thread)) === 1) resolve();
          else setTimeout(poll, 1);
        };
        poll();
      });
      ready.catch(() => {}); // nobody may be waiting
      return { ready, stop: () => void worker.terminate() };
    },
  };
}

interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
}
interface WebGlobals {
  Worker?: new (url: string) => WebWorker;
  crossOriginIsolated?: boolean;
}

let blobUrl: string | null = null;

/**
 * Web Workers from a Blob URL, where the page is cross-origin isolated (shared memory can be posted
 * to a worker); or null. Each is posted the compiled module, the memory and the queue, and answers
 * 'ready' once it serves.
 *
 * @example
 * const worker = webTransport()?.start({ module, memory, queue, thread: 1, threads: 2 });
 * await worker?.ready;
 */
export function webTransport(): WorkerTransport | null {
  const g = globalThis as WebGlobals;
  if (typeof g.Worker !== 'function' || g.crossOriginIsolated !== true || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
  const WebWorkerClass = g.Worker;
  return {
    name: 'web-workers',
    start(setup) {
      blobUrl ??= URL.createObjectURL(
        new Blob([`${SERVE}\nonmessage = (event) => { onmessage = null; const d = event.data; serve(d.module, d.memory, d.queue, d.thread, d.threads, () => postMessage('ready')); };`], { type: 'text/javascript' }),
      );
      const worker = new WebWorkerClass(blobUrl);
      const ready = new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => reject(new Error(`wasm backend: a Web Worker failed to start (${event.message ?? 'no message'})`));
      });
      ready.catch(() => {});
      worker.postMessage(setup);
      return { ready, stop: () => worker.terminate() };
    },
  };
}

/**
 * The transport of this platform: worker_threads in Node, Web Workers in a cross-origin-isolated
 * page, else null.
 *
 * @example
 * new WorkerPool(kernels, 1, defaultTransport());
 */
export function defaultTransport(): WorkerTransport | null {
  return nodeTransport() ?? webTransport();
}
