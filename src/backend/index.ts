/** The active backend. Ops call `backend()`; users choose with `setBackend`. */
import type { Backend } from './backend.js';
import { jsBackend } from './js/js-backend.js';
import { setStorageAllocator } from '../tensor/dtype.js';
import { setScopedStorage } from '../tensor/scope.js';
import { sharedState } from '../platform/shared-state.js';

export type { Backend, ScopedStorage, BinaryKernel, FusedActivation, ReduceKernel, UnaryKernel, UpdateKernels, WindowGeometry } from './backend.js';
export { UPDATE_KERNELS, type UpdateArrays, type UpdateKernelName, type UpdateScalars, type UpdateVariant } from './update-kernels.js';

// Shared with any other copy of the package in this process (ES module and CommonJS builds).
const state = sharedState('backend', () => ({ backends: new Map<string, Backend>([[jsBackend.name, jsBackend]]), active: jsBackend as Backend }));
const backends = state.backends;

/** The backend ops run on. */
export function backend(): Backend {
  return state.active;
}

/** Makes another registered backend (`'js'`, later `'wasm'`) the active one. */
export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}'; available: ${[...backends.keys()].join(', ')}`);
  state.active = b;
  setStorageAllocator(b.allocate ? b.allocate.bind(b) : null);
  setScopedStorage(b.scoped ?? null);
}

/** Registers a backend so `setBackend(name)` can select it. */
export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
  if (state.active.name === b.name) setBackend(b.name); // a replaced active backend stays active
}

/** The name of the active backend. */
export function getBackendName(): string {
  return state.active.name;
}
