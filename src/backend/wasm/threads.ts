/**
 * A pool of worker threads that run GEMM blocks on the kernels' shared memory (Node's
 * worker_threads). Each worker instantiates the same compiled module on the same memory and waits on
 * a control word; the main thread writes a job, wakes the worker, computes its own block, then blocks
 * (Atomics.wait) until the worker is done — so the Backend interface stays synchronous.
 *
 * NOTE: Node only for now (Node >= 20.16 for `process.getBuiltinModule`). Browsers would need Web
 * Workers started from a Blob URL and cross-origin isolation, and cannot block their main thread
 * with Atomics.wait; there the backend runs on one thread.
 */
import type { Kernels } from './module.js';

/** Arguments of the `gemm` export, booleans as 0/1. */
export type GemmArgs = [a: number, b: number, c: number, m: number, k: number, n: number, lda: number, ldb: number, ldc: number, transA: number, transB: number, packA: number, packB: number];

// Control block per worker: [state, ...GemmArgs]; the state starts at 0 (idle).
const STATE = 0;
const WORK = 1;
const DONE = 2;
const FAILED = 3;
const EXIT = 4;
const WORDS = 16;

/** The worker's whole program (CommonJS, run with `eval: true` so no file has to be located). */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control } = workerData;
const ctrl = new Int32Array(control);
const abort = () => { throw new Error('wasm backend: a kernel aborted'); };
const { gemm } = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
for (;;) {
  let s;
  while ((s = Atomics.load(ctrl, ${STATE})) !== ${WORK} && s !== ${EXIT}) Atomics.wait(ctrl, ${STATE}, s);
  if (s === ${EXIT}) break;
  try {
    gemm(ctrl[1], ctrl[2], ctrl[3], ctrl[4], ctrl[5], ctrl[6], ctrl[7], ctrl[8], ctrl[9], ctrl[10], ctrl[11], ctrl[12], ctrl[13]);
    Atomics.store(ctrl, ${STATE}, ${DONE});
  } catch {
    Atomics.store(ctrl, ${STATE}, ${FAILED});
  }
  Atomics.notify(ctrl, ${STATE});
}
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}
type WorkerConstructor = new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;

/** Node's Worker class, reached synchronously (and without an import a browser bundler would trip on). */
function nodeWorker(): WorkerConstructor | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  const mod = proc?.getBuiltinModule?.('node:worker_threads') as { Worker?: WorkerConstructor } | undefined;
  return mod?.Worker ?? null;
}

/** True when worker threads over shared memory are available here. */
export function workerThreadsSupported(): boolean {
  return nodeWorker() !== null && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

export class GemmPool {
  private readonly controls: Int32Array[] = [];
  private readonly workers: NodeWorker[] = [];

  /** Starts `helpers` worker threads on the shared-memory kernels. */
  constructor(private readonly kernels: Kernels, helpers: number) {
    const Worker = nodeWorker();
    if (!Worker || !kernels.shared) throw new Error('wasm backend: worker threads need Node worker_threads and the shared-memory kernels');
    for (let i = 0; i < helpers; i++) {
      const control = new SharedArrayBuffer(WORDS * 4);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: kernels.module, memory: kernels.shared, control } });
      worker.unref(); // an idle pool never keeps the process alive
      this.controls.push(new Int32Array(control));
      this.workers.push(worker);
    }
  }

  /** Worker threads in the pool (the calling thread works too). */
  get helpers(): number {
    return this.workers.length;
  }

  /** Runs jobs[0] on this thread and jobs[1..] on the workers; returns when all are done. */
  run(jobs: readonly GemmArgs[]): void {
    if (jobs.length - 1 > this.controls.length) throw new Error(`wasm backend: ${jobs.length} GEMM blocks for ${this.controls.length + 1} threads`);
    for (let w = 1; w < jobs.length; w++) {
      const ctrl = this.controls[w - 1]!;
      ctrl.set(jobs[w]!, 1);
      Atomics.store(ctrl, STATE, WORK);
      Atomics.notify(ctrl, STATE);
    }
    const [a, b, c, m, k, n, lda, ldb, ldc, transA, transB, packA, packB] = jobs[0]!;
    let error: unknown = null;
    try {
      this.kernels.exports.gemm(a, b, c, m, k, n, lda, ldb, ldc, transA !== 0, transB !== 0, packA, packB);
    } catch (e) {
      error = e; // still wait for the workers: they write into memory this call owns
    }
    let failed = false;
    for (let w = 1; w < jobs.length; w++) {
      const ctrl = this.controls[w - 1]!;
      while (Atomics.load(ctrl, STATE) === WORK) Atomics.wait(ctrl, STATE, WORK);
      failed ||= Atomics.load(ctrl, STATE) === FAILED;
    }
    if (error) throw error;
    if (failed) throw new Error('wasm backend: a GEMM block failed in a worker thread');
  }

  /** Stops the workers. */
  close(): void {
    for (const ctrl of this.controls) {
      Atomics.store(ctrl, STATE, EXIT);
      Atomics.notify(ctrl, STATE);
    }
    for (const w of this.workers) void w.terminate();
    this.controls.length = 0;
    this.workers.length = 0;
  }
}
