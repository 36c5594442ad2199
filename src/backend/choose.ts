/**
 * Choosing the backend: WebAssembly SIMD where it is available, the TypeScript kernels otherwise,
 * or what the user asks for (`chooseBackend('js')`, `--backend` on the command line, or the
 * `DESCENT_BACKEND` environment variable in Node).
 */
import { getBackendName, setBackend } from './index.js';
import { loadWasmBackend, useWasmBackend, type LoadWasmOptions } from './wasm/index.js';
import { sharedState } from '../platform/shared-state.js';

export type BackendChoice = 'auto' | 'js' | 'wasm';
export const BACKEND_CHOICES: readonly BackendChoice[] = ['auto', 'js', 'wasm'];

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Selects the backend and returns the one in use. 'auto' takes WebAssembly in Node and stays on
 * TypeScript in browsers, where compiling the kernels synchronously on the main thread is refused
 * (use `loadWasmBackendAsync` there). 'wasm' throws when the runtime lacks WebAssembly SIMD.
 * `threads` (wasm only): threads for large matmuls and convolutions, default `DESCENT_THREADS` or
 * every core (up to 8); results are the same bits for any count. `fma` (wasm only, default true):
 * the relaxed-SIMD FMA kernels where the runtime has them (see `LoadWasmOptions`).
 *
 * @example
 * chooseBackend('js');                    // the reference kernels (float64 runs there anyway)
 * chooseBackend('wasm', { threads: 2 });  // SIMD kernels, GEMM and conv split over two threads
 * chooseBackend('auto', { threads: 1 });  // wasm on one thread
 * chooseBackend('wasm', { fma: false });  // the plain kernels, without relaxed-SIMD fused multiply-adds
 */
export function chooseBackend(choice: BackendChoice = 'auto', options: LoadWasmOptions = {}): 'js' | 'wasm' {
  switch (choice) {
    case 'js':
      setBackend('js');
      break;
    case 'wasm':
      if (!loadWasmBackend(options)) throw new Error('chooseBackend: the wasm backend needs WebAssembly SIMD, which this runtime lacks; use js');
      setBackend('wasm');
      break;
    case 'auto':
      if (isNode()) useWasmBackend(options);
      else setBackend('js');
      break;
    default:
      throw new Error(`chooseBackend: unknown backend '${String(choice)}'; valid: ${BACKEND_CHOICES.join(', ')}`);
  }
  return getBackendName() as 'js' | 'wasm';
}

/** The choice in the `DESCENT_BACKEND` environment variable (Node), or 'auto'. */
export function backendFromEnvironment(): BackendChoice {
  const value = isNode() ? process.env.DESCENT_BACKEND : undefined;
  if (value === undefined || value === '') return 'auto';
  if (!(BACKEND_CHOICES as readonly string[]).includes(value)) {
    throw new Error(`DESCENT_BACKEND='${value}' is not a backend; valid: ${BACKEND_CHOICES.join(', ')}`);
  }
  return value as BackendChoice;
}

// Whether the import-time choice was made, shared by every copy of the package in this process: a
// second copy (the CommonJS build loaded beside the ES module one) must not undo a user's choice.
const initial = sharedState('initial-backend', () => ({ chosen: false }));

/**
 * The choice made when the package is first imported in a process: `backendFromEnvironment()`
 * (WebAssembly in Node unless `DESCENT_BACKEND` says otherwise, TypeScript in browsers). Later
 * imports, of this copy or another, leave the active backend alone.
 *
 * @example
 * chooseInitialBackend(); // 'wasm' in Node on first import
 */
export function chooseInitialBackend(): 'js' | 'wasm' {
  if (!initial.chosen) {
    initial.chosen = true;
    chooseBackend(backendFromEnvironment());
  }
  return getBackendName() as 'js' | 'wasm';
}
