/**
 * How the pool's workers are started: Node's worker_threads, or a browser's Web Workers (from a Blob
 * URL, so no file has to be located). Both run the same program (`SERVE`): instantiate the compiled
 * kernels on the shared memory, then wait on a control word for jobs. The control block is the whole
 * protocol: [state, kernel id, argument count, arguments...] in a SharedArrayBuffer per worker.
 */

/** Control-block words. */
export const STATE = 0;
export const KERNEL = 1;
export const ARITY = 2;
export const ARGS = 3;
export const WORDS = 32;

/** States: booting (the worker is not serving yet), idle, a job written, the job threw, stop, boot failed. */
export const BOOT = 0;
export const IDLE = 1;
export const WORK = 2;
export const FAILED = 3;
export const EXIT = 4;
export const DEAD = 5;

/** The kernels a worker can run, by id (the index here); all take only i32/f32/bool arguments. */
export const POOL_KERNELS = ['gemm', 'conv2d', 'conv2dInputGrad', 'conv2dWeightGradBlock'] as const;
export type PoolKernel = (typeof POOL_KERNELS)[number];

/**
 * The worker's program: `serve(module, memory, ctrl, onReady)` (plain JavaScript, the same for both
 * transports). A worker waits with Atomics.wait, which workers may do on every platform.
 */
const SERVE = `
function serve(module, memory, ctrl, onReady) {
  const abort = () => { throw new Error('wasm backend: a kernel aborted'); };
  const e = new WebAssembly.Instance(module, { env: { memory, abort } }).exports;
  const kernels = [${POOL_KERNELS.map((k) => `e.${k}`).join(', ')}];
  Atomics.store(ctrl, ${STATE}, ${IDLE});
  Atomics.notify(ctrl, ${STATE});
  onReady();
  for (;;) {
    let s;
    while ((s = Atomics.load(ctrl, ${STATE})) !== ${WORK} && s !== ${EXIT}) Atomics.wait(ctrl, ${STATE}, s);
    if (s === ${EXIT}) return;
    try {
      kernels[ctrl[${KERNEL}]](...ctrl.subarray(${ARGS}, ${ARGS} + ctrl[${ARITY}]));
      Atomics.store(ctrl, ${STATE}, ${IDLE});
    } catch {
      Atomics.store(ctrl, ${STATE}, ${FAILED});
    }
    Atomics.notify(ctrl, ${STATE});
  }
}
`;

/** A started worker. */
export interface StartedWorker {
  /** Resolves once the worker serves jobs (its state is IDLE); rejects if it failed to start. */
  readonly ready: Promise<void>;
  stop(): void;
}

/** A way of starting workers on this platform. */
export interface WorkerTransport {
  readonly name: 'worker_threads' | 'web-workers';
  /**
   * True when a worker boots while this thread is busy (Node): the pool may then block until its
   * workers are ready. Web Workers start only after the page's thread returns to its event loop.
   */
  readonly bootsAlone: boolean;
  /** Starts a worker serving `control` on `memory`; marks the control block DEAD if it fails to start. */
  start(module: WebAssembly.Module, memory: WebAssembly.Memory, control: SharedArrayBuffer): StartedWorker;
}

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
  on(event: 'error', listener: (err: Error) => void): void;
}
type NodeWorkerConstructor = new (source: string, options: { eval: true; workerData: unknown; execArgv: string[] }) => NodeWorker;

/** `process.getBuiltinModule` (Node >= 20.16): Node's modules, reached without an import a browser bundler would trip on. */
export function nodeBuiltin<T>(id: string): T | null {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return (proc?.getBuiltinModule?.(id) as T | undefined) ?? null;
}

function markDead(control: SharedArrayBuffer): void {
  const ctrl = new Int32Array(control);
  Atomics.store(ctrl, STATE, DEAD);
  Atomics.notify(ctrl, STATE);
}

/** Node's worker_threads (Node >= 20.16), or null. */
export function nodeTransport(): WorkerTransport | null {
  const Worker = nodeBuiltin<{ Worker?: NodeWorkerConstructor }>('node:worker_threads')?.Worker;
  if (!Worker) return null;
  const program = `${SERVE}
const { workerData } = process.getBuiltinModule('node:worker_threads');
serve(workerData.module, workerData.memory, new Int32Array(workerData.control), () => {});`;
  return {
    name: 'worker_threads',
    bootsAlone: true,
    start(module, memory, control) {
      // No execArgv: the program needs no loader (--import tsx would slow every boot), and is valid
      // as a script and as a module (--input-type=module reaches eval'd workers).
      const worker = new Worker(program, { eval: true, workerData: { module, memory, control }, execArgv: [] });
      worker.unref(); // an idle pool never keeps the process alive
      let fail: (err: Error) => void = () => {};
      const ready = new Promise<void>((resolve, reject) => {
        fail = reject;
        // The control word says when the worker serves (a message would keep the worker referenced).
        const ctrl = new Int32Array(control);
        const poll = (): void => {
          const s = Atomics.load(ctrl, STATE);
          if (s === BOOT) setTimeout(poll, 1);
          else if (s === DEAD) reject(new Error('wasm backend: a worker thread failed to start'));
          else resolve();
        };
        poll();
      });
      ready.catch(() => {}); // nobody may be waiting
      worker.on('error', (err) => {
        markDead(control);
        fail(err);
      });
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

/** Web Workers from a Blob URL, where the page is cross-origin isolated (shared memory can be posted); or null. */
export function webTransport(): WorkerTransport | null {
  const g = globalThis as WebGlobals;
  if (typeof g.Worker !== 'function' || g.crossOriginIsolated !== true || typeof Blob !== 'function' || typeof URL.createObjectURL !== 'function') return null;
  const WebWorkerClass = g.Worker;
  return {
    name: 'web-workers',
    bootsAlone: false,
    start(module, memory, control) {
      blobUrl ??= URL.createObjectURL(
        new Blob([`${SERVE}\nonmessage = (event) => { onmessage = null; const d = event.data; serve(d.module, d.memory, new Int32Array(d.control), () => postMessage('ready')); };`], { type: 'text/javascript' }),
      );
      const worker = new WebWorkerClass(blobUrl);
      const ready = new Promise<void>((resolve, reject) => {
        worker.onmessage = () => resolve();
        worker.onerror = (event) => {
          markDead(control);
          reject(new Error(`wasm backend: a Web Worker failed to start (${event.message ?? 'no message'})`));
        };
      });
      ready.catch(() => {});
      worker.postMessage({ module, memory, control });
      return { ready, stop: () => worker.terminate() };
    },
  };
}

/** The transport of this platform: worker_threads in Node, Web Workers in an isolated page, else null. */
export function defaultTransport(): WorkerTransport | null {
  return nodeTransport() ?? webTransport();
}
