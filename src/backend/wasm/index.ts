/**
 * The WebAssembly SIMD backend: float32 kernels compiled from AssemblyScript (assembly/), embedded in
 * the package, loaded without a fetch. Everything it does not run in wasm goes to the JS kernels (see
 * wasm-backend.ts for the list).
 *
 * @example
 * import { useWasmBackend } from './backend/wasm/index.js';
 * useWasmBackend(); // 'wasm' (now active), or 'js' where WebAssembly SIMD is missing
 * // or: loadWasmBackend(); setBackend('wasm');
 */
import type { Backend } from '../backend.js';
import { getBackendName, registerBackend, setBackend } from '../index.js';
import { instantiateKernels, instantiateKernelsAsync, wasmSimdSupported } from './module.js';
import { createWasmBackend } from './wasm-backend.js';

export { createWasmBackend, type WasmBackendOptions } from './wasm-backend.js';
export { wasmSimdSupported, instantiateKernels, instantiateKernelsAsync, type KernelExports } from './module.js';

let loaded: Backend | null = null;

/**
 * Compiles the kernels synchronously and registers the backend under the name 'wasm'. Returns it, or
 * null where WebAssembly SIMD is unavailable (nothing is registered then). Idempotent.
 * NOTE: browsers may refuse synchronous compilation on the main thread; use `loadWasmBackendAsync`.
 */
export function loadWasmBackend(): Backend | null {
  if (loaded) return loaded;
  if (!wasmSimdSupported()) return null;
  loaded = createWasmBackend(instantiateKernels());
  registerBackend(loaded);
  return loaded;
}

/** As `loadWasmBackend`, compiling asynchronously (works on a browser's main thread). */
export async function loadWasmBackendAsync(): Promise<Backend | null> {
  if (loaded) return loaded;
  if (!wasmSimdSupported()) return null;
  const kernels = await instantiateKernelsAsync();
  loaded ??= createWasmBackend(kernels);
  registerBackend(loaded);
  return loaded;
}

/**
 * Makes the wasm backend the active one where WebAssembly SIMD is available, and the JS backend
 * otherwise. Returns the name of the backend now active.
 */
export function useWasmBackend(): 'wasm' | 'js' {
  setBackend(loadWasmBackend() ? 'wasm' : 'js');
  return getBackendName() as 'wasm' | 'js';
}
