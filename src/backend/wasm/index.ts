/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (assembly/), embedded in
 * the package, loaded without a fetch. Everything it does not run in wasm goes to the JS kernels (see
 * wasm-backend.ts for the list). Large matmuls can be split across worker threads (Node).
 *
 * @example
 * import { useWasmBackend } from './backend/wasm/index.js';
 * useWasmBackend();               // 'wasm' (now active), or 'js' where WebAssembly SIMD is missing
 * useWasmBackend({ threads: 2 }); // matmul on two threads where worker threads + shared memory exist
 * // or: loadWasmBackend(); setBackend('wasm');
 */
import { getBackendName, registerBackend, setBackend } from '../index.js';
import { instantiateKernels, instantiateKernelsAsync, sharedMemorySupported, wasmSimdSupported, type Kernels } from './module.js';
import { workerThreadsSupported } from './threads.js';
import { createWasmBackend, type WasmBackend } from './wasm-backend.js';

export { createWasmBackend, type WasmBackend, type WasmBackendOptions } from './wasm-backend.js';
export { wasmSimdSupported, sharedMemorySupported, instantiateKernels, instantiateKernelsAsync, type Kernels, type KernelExports } from './module.js';
export { workerThreadsSupported } from './threads.js';

export interface LoadWasmOptions {
  /**
   * Threads for large matmuls (default 1). More than 1 takes effect where worker threads and shared
   * memory exist (Node >= 20.16); elsewhere the backend runs on one thread.
   */
  threads?: number;
}

let loaded: WasmBackend | null = null;

function threadsWanted(options: LoadWasmOptions): number {
  const t = Math.max(1, Math.floor(options.threads ?? 1));
  return t > 1 && workerThreadsSupported() && sharedMemorySupported() ? t : 1;
}

function install(kernels: Kernels, threads: number): WasmBackend {
  loaded?.dispose();
  loaded = createWasmBackend(kernels, { threads });
  registerBackend(loaded);
  return loaded;
}

/**
 * Compiles the kernels synchronously and registers the backend under the name 'wasm' (replacing an
 * earlier one if the thread count differs). Returns it, or null where WebAssembly SIMD is
 * unavailable (nothing is registered then).
 * NOTE: browsers may refuse synchronous compilation on the main thread (this throws there); use
 * `loadWasmBackendAsync`.
 *
 * @example
 * const wasm = loadWasmBackend({ threads: 2 });
 * if (wasm) setBackend('wasm');
 * wasm?.threads; // 2 where worker threads and shared memory exist, else 1
 */
export function loadWasmBackend(options: LoadWasmOptions = {}): WasmBackend | null {
  if (!wasmSimdSupported()) return null;
  const threads = threadsWanted(options);
  if (loaded && loaded.threads === threads) return loaded;
  return install(instantiateKernels(threads > 1), threads);
}

/**
 * As `loadWasmBackend`, compiling asynchronously (works on a browser's main thread).
 *
 * @example
 * if (await loadWasmBackendAsync()) setBackend('wasm');
 */
export async function loadWasmBackendAsync(options: LoadWasmOptions = {}): Promise<WasmBackend | null> {
  if (!wasmSimdSupported()) return null;
  const threads = threadsWanted(options);
  if (loaded && loaded.threads === threads) return loaded;
  const kernels = await instantiateKernelsAsync(threads > 1);
  return loaded && loaded.threads === threads ? loaded : install(kernels, threads);
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
