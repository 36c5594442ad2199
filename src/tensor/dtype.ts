/**
 * Element types. Float32 is the default (what training uses); float64 is for exact checks against
 * PyTorch; int32 holds class indices and argmax results (PyTorch's int64 indices fit easily).
 */
import { sharedState } from '../platform/shared-state.js';

export type DType = 'float32' | 'float64' | 'int32';

/** The storage for each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;
/** Storage of floating-point tensors (parameters, gradients). */
export type FloatArray = Float32Array | Float64Array;

/** Storage in the active backend's memory (or null where it has none): see `allocateLongLived`. */
export type StorageAllocator = (dtype: DType, size: number) => TypedArray | null;

// Shared with any other copy of the package in this process (it follows the shared active backend).
const storage = sharedState('storage-allocator', () => ({ allocator: null as StorageAllocator | null }));
// Set while a `tidy` scope is open on a backend with scoped storage (src/tensor/scope.ts).
const scoped = sharedState('scoped-allocator', () => ({ allocator: null as StorageAllocator | null }));

/** Set by `tidy` (src/tensor/scope.ts): where `allocate` places storage while a scope is open (null: plain JS arrays). */
export function setScopedAllocator(allocator: StorageAllocator | null): void {
  scoped.allocator = allocator;
}

/** Set by `setBackend`: where `allocateLongLived` places storage (null: plain JS arrays). */
export function setStorageAllocator(allocator: StorageAllocator | null): void {
  storage.allocator = allocator;
}

/**
 * Zero-filled storage for a tensor that lives as long as a model or an optimizer does (parameters,
 * optimizer state): in the active backend's memory where it has one (the wasm backend's kernels then
 * use it in place, with no copy in or out), else a plain JS array. Short-lived results of ops use
 * `allocate`: memory outside the JS heap is reclaimed only when the garbage collector reports the
 * array dead, which a synchronous training loop never lets it do — unless a `tidy` scope is open,
 * which frees their storage itself when it ends.
 */
export function allocateLongLived(dtype: DType, size: number): TypedArray {
  return storage.allocator?.(dtype, size) ?? allocatePlain(dtype, size);
}

/**
 * Allocates zero-filled storage of `size` elements: a plain JS array, or inside a `tidy` scope on a
 * backend with scoped storage, a block of the backend's memory that the scope frees when it ends.
 */
export function allocate(dtype: DType, size: number): TypedArray {
  const inScope = scoped.allocator;
  if (inScope !== null) {
    const a = inScope(dtype, size);
    if (a !== null) return a;
  }
  return allocatePlain(dtype, size);
}

/** Zero-filled storage of `size` elements in a plain JS array (never scoped storage). */
export function allocatePlain(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype of existing storage. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype !== 'int32';
}

/**
 * The result dtype of a binary op, as in PyTorch: float64 wins over float32 wins over int32.
 * (int32 op int32 stays int32 except for division, which the op promotes itself.)
 */
export function promote(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}

/** Checks a user-supplied dtype name. */
export function checkDType(dtype: unknown, op: string): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  throw new Error(`${op}: unknown dtype '${String(dtype)}'; valid dtypes: float32, float64, int32`);
}
