/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (assembly/), embedded in
 * the package, loaded without a fetch. Everything it does not run in wasm goes to the JS kernels (see
 * wasm-backend.ts for the list). Large matmuls and convolutions are split across worker threads
 * (Node's worker_threads; Web Workers in a cross-origin-isolated page) — on every core by default.
 *
 * @example
 * import { useWasmBackend } from './backend/wasm/index.js';
 * useWasmBackend();               // 'wasm' (now active), or 'js' where WebAssembly SIMD is missing
 * useWasmBackend({ threads: 1 }); // one thread only
 * // or: loadWasmBackend(); setBackend('wasm');
 * // in a browser: await loadWasmBackendAsync(); // compiles, starts the workers, makes 'wasm' active
 */
import { getBackendName, registerBackend, setBackend } from '../index.js';
import { instantiateKernels, instantiateKernelsAsync, sharedMemorySupported, wasmSimdSupported, type Kernels } from './module.js';
import { defaultThreads, workerThreadsSupported } from './threads.js';
import { createWasmBackend, type WasmBackend } from './wasm-backend.js';
import { sharedState } from '../../platform/shared-state.js';

export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './wasm-backend.js';
export { wasmSimdSupported, sharedMemorySupported, instantiateKernels, instantiateKernelsAsync, type Kernels, type KernelExports } from './module.js';
export { defaultThreads, threadsFromEnvironment, workerThreadsSupported, MAX_DEFAULT_THREADS } from './threads.js';

export interface LoadWasmOptions {
  /**
   * Threads for large matmuls and convolutions (default: `defaultThreads()` — `DESCENT_THREADS`, or
   * every core up to 8). More than 1 takes effect where worker threads and shared memory exist (Node
   * >= 20.16; browsers in a cross-origin-isolated page); elsewhere the backend runs on one thread.
   * Results are the same bits for any thread count.
   */
  threads?: number;
}

/** Options of {@link loadWasmBackendAsync}. */
export interface LoadWasmAsyncOptions extends LoadWasmOptions {
  /**
   * Make 'wasm' the active backend once loaded (default true). `false` only loads and registers it,
   * for `setBackend('wasm')` later. Where WebAssembly SIMD is missing nothing changes either way.
   */
  activate?: boolean;
}

// The one loaded backend (and its worker pool), shared with any other copy of the package in this
// process (ES module and CommonJS builds): two copies never start two pools.
const wasmState = sharedState('wasm-backend', () => ({ loaded: null as WasmBackend | null }));

function threadsWanted(options: LoadWasmOptions): number {
  const asked = options.threads ?? defaultThreads();
  if (!Number.isInteger(asked) || asked < 1) throw new Error(`wasm backend: threads must be an integer >= 1, got ${asked}`);
  return asked > 1 && workerThreadsSupported() && sharedMemorySupported() ? asked : 1;
}

function install(kernels: Kernels, threads: number): WasmBackend {
  wasmState.loaded?.dispose();
  const loaded = createWasmBackend(kernels, { threads });
  wasmState.loaded = loaded;
  registerBackend(loaded);
  return loaded;
}

/**
 * Compiles the kernels synchronously and registers the backend under the name 'wasm' (replacing an
 * earlier one if the thread count differs), without making it active: `setBackend('wasm')` does
 * (or `useWasmBackend()` / `chooseBackend('wasm')`, which load and activate). Returns it, or null
 * where WebAssembly SIMD is unavailable (nothing is registered then).
 * NOTE: browsers may refuse synchronous compilation on the main thread (this throws there); use
 * `loadWasmBackendAsync`.
 *
 * @example
 * const wasm = loadWasmBackend({ threads: 2 });
 * if (wasm) setBackend('wasm');
 * wasm?.threads; // 2 where worker threads and shared memory exist, else 1
 * loadWasmBackend()?.threads; // DESCENT_THREADS, or every core (up to 8)
 */
export function loadWasmBackend(options: LoadWasmOptions = {}): WasmBackend | null {
  if (!wasmSimdSupported()) return null;
  const threads = threadsWanted(options);
  const loaded = wasmState.loaded;
  if (loaded && loaded.threads === threads) return loaded;
  return install(instantiateKernels(threads > 1 || sharedMemorySupported()), threads); // shared: tidy scopes place tensors there (heap.ts)
}

/**
 * Loads the wasm backend and makes it the active one: compiles the kernels asynchronously (which a
 * browser's main thread allows, unlike `loadWasmBackend`), registers the backend under 'wasm',
 * waits until its worker threads are ready (a browser's Web Workers start only once its main thread
 * returns to the event loop), then calls `setBackend('wasm')` — unless `activate: false`. A worker
 * that fails to start leaves the backend on the threads that did (at least this one). Resolves to
 * the backend, or null where WebAssembly SIMD is unavailable (the active backend is then unchanged).
 *
 * @example
 * const wasm = await loadWasmBackendAsync(); // threads on every core where the page is cross-origin isolated
 * getBackendName();                          // 'wasm' (or 'js' if wasm is null)
 * await loadWasmBackendAsync({ threads: 1, activate: false }); // load only; setBackend('wasm') later
 */
export async function loadWasmBackendAsync(options: LoadWasmAsyncOptions = {}): Promise<WasmBackend | null> {
  if (!wasmSimdSupported()) return null;
  const threads = threadsWanted(options);
  const current = (): WasmBackend | null => (wasmState.loaded?.threads === threads ? wasmState.loaded : null);
  if (!current()) {
    const kernels = await instantiateKernelsAsync(threads > 1 || sharedMemorySupported());
    if (!current()) install(kernels, threads);
  }
  const backend = current() ?? wasmState.loaded!;
  await backend.ready().catch(() => {}); // the backend uses the workers that did start
  if (options.activate ?? true) setBackend(backend.name);
  return backend;
}

/**
 * Makes the wasm backend the active one where WebAssembly SIMD is available, and the JS backend
 * otherwise. Returns the name of the backend now active.
 *
 * @example
 * useWasmBackend(); // 'wasm'
 * matmul(randn([128, 784]), randn([784, 256])); // runs in wasm (float32)
 */
export function useWasmBackend(options: LoadWasmOptions = {}): 'wasm' | 'js' {
  setBackend(loadWasmBackend(options) ? 'wasm' : 'js');
  return getBackendName() as 'wasm' | 'js';
}
