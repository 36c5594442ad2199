/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (assembly/), embedded in
 * the package, loaded without a fetch — the FMA build (relaxed SIMD) where the runtime has it, else
 * the plain one (module.ts). Everything it does not run in wasm goes to the JS kernels (see
 * wasm-backend.ts for the list). Large matmuls and convolutions are split across worker threads
 * (Node's worker_threads; Web Workers in a cross-origin-isolated page) — on every core by default.
 *
 * @example
 * import { useWasmBackend } from './backend/wasm/index.js';
 * useWasmBackend();               // 'wasm' (now active), or 'js' where WebAssembly SIMD is missing
 * useWasmBackend({ threads: 1 }); // one thread only
 * useWasmBackend({ fma: false }); // the plain kernels (also: DESCENT_WASM_FMA=0)
 * // or: loadWasmBackend(); setBackend('wasm');
 * // in a browser: await loadWasmBackendAsync(); // compiles, starts the workers, makes 'wasm' active
 */
import { getBackendName, registerBackend, setBackend } from '../index.js';
import { instantiateKernels, instantiateKernelsAsync, sharedMemorySupported, useFma, wasmSimdSupported, type Kernels } from './module.js';
import { defaultThreads, workerThreadsSupported } from './threads.js';
import { createWasmBackend, type WasmBackend } from './wasm-backend.js';
import { sharedState } from '../../platform/shared-state.js';

export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './wasm-backend.js';
export { wasmSimdSupported, wasmRelaxedSimdSupported, fmaFromEnvironment, sharedMemorySupported, instantiateKernels, instantiateKernelsAsync, type Kernels, type KernelExports } from './module.js';
export { defaultThreads, threadsFromEnvironment, workerThreadsSupported, MAX_DEFAULT_THREADS } from './threads.js';

export interface LoadWasmOptions {
  /**
   * Threads for large matmuls and convolutions (default: `defaultThreads()` — `DESCENT_THREADS`, or
   * every core up to 8). More than 1 takes effect where worker threads and shared memory exist (Node
   * >= 20.16; browsers in a cross-origin-isolated page); elsewhere the backend runs on one thread.
   * Results are the same bits for any thread count.
   */
  threads?: number;
  /**
   * Use the FMA build of the kernels (default true): its matmul and convolutions do each multiply-add
   * as one fused, singly-rounded WebAssembly relaxed-SIMD instruction — faster, and as accurate or
   * more, but not the same last bits as the plain build. Takes effect where the runtime has relaxed
   * SIMD (`wasmRelaxedSimdSupported()`) and `DESCENT_WASM_FMA` is not '0'; false always loads the
   * plain build. The backend's `fma` says which runs. Either build gives the same bits for any thread count.
   */
  fma?: boolean;
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

/**
 * Whether to load the shared-memory kernels: for threads, and on one thread too wherever a shared
 * memory exists — arrays in it stay valid when it grows (heap.ts), so more tensors can live there.
 */
function wantShared(threads: number): boolean {
  return threads > 1 || sharedMemorySupported();
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
 * earlier one if the thread count or the build differs), without making it active: `setBackend('wasm')` does
 * (or `useWasmBackend()` / `chooseBackend('wasm')`, which load and activate). Returns it, or null
 * where WebAssembly SIMD is unavailable (nothing is registered then).
 * NOTE: browsers may refuse synchronous compilation on the main thread (this throws there); use
 * `loadWasmBackendAsync`.
 *
 * @example
 * const wasm = loadWasmBackend({ threads: 2 });
 * if (wasm) setBackend('wasm');
 * wasm?.threads; // 2 where worker threads and shared memory exist, else 1
 * wasm?.fma;     // true where WebAssembly relaxed SIMD exists (unless DESCENT_WASM_FMA=0)
 * loadWasmBackend({ fma: false })?.fma; // false: the plain kernels
 * loadWasmBackend()?.threads; // DESCENT_THREADS, or every core (up to 8)
 */
export function loadWasmBackend(options: LoadWasmOptions = {}): WasmBackend | null {
  if (!wasmSimdSupported()) return null;
  const threads = threadsWanted(options);
  const fma = useFma(options.fma);
  const loaded = wasmState.loaded;
  if (loaded && loaded.threads === threads && loaded.fma === fma) return loaded;
  return install(instantiateKernels(wantShared(threads), fma), threads);
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
  const fma = useFma(options.fma);
  const current = (): WasmBackend | null => (wasmState.loaded?.threads === threads && wasmState.loaded.fma === fma ? wasmState.loaded : null);
  if (!current()) {
    const kernels = await instantiateKernelsAsync(wantShared(threads), fma);
    if (!current()) install(kernels, threads);
  }
  const backend = current() ?? wasmState.loaded!;
  await backend.ready().catch(() => {}); // the backend uses the workers that did start
  if (options.activate ?? true) setBackend(backend.name);
  return backend;
}

/**
 * What runs inside the wasm backend, for banners and benchmark labels: the thread count when more
 * than one, and 'FMA' for the FMA build; '' for the plain build on one thread.
 *
 * @example
 * describeWasmBackend(loadWasmBackend({ threads: 2 })!); // '2 threads, FMA'
 * describeWasmBackend(loadWasmBackend({ threads: 1, fma: false })!); // ''
 */
export function describeWasmBackend(backend: Pick<WasmBackend, 'threads' | 'fma'>): string {
  return [...(backend.threads > 1 ? [`${backend.threads} threads`] : []), ...(backend.fma ? ['FMA'] : [])].join(', ');
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
