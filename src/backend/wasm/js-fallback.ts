/**
 * The one rule of the wasm backend's kernels: run in wasm when the call fits the wasm kernel
 * (float32 data, a supported op or layout, long enough to pay for the copy into wasm memory), and
 * otherwise hand the same arguments to the JS reference kernel of the same name — which is exact in
 * float64, so what the wasm backend cannot do it still does, with the JS backend's bits.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Backend } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';

/** The Backend methods that are kernels: they write their results into arrays and return nothing. */
export type KernelName = { [K in keyof Backend]-?: Backend[K] extends (...args: never[]) => void ? K : never }[keyof Backend];

type KernelArgs<K extends KernelName> = Backend[K] extends (...args: infer A) => void ? A : never;

/**
 * The kernel `name` for the wasm backend: `wasm(...args)` when `fits(...args)`, else
 * `jsBackend[name](...args)`.
 *
 * @example
 * const unary = withJsFallback('unary',
 *   (op, x, out) => UNARY_CODES[op] !== undefined && allFloat32(x, out),
 *   (op, x, out, p0, p1) => { ... kernels.unary(...) ... });
 */
export function withJsFallback<K extends KernelName>(name: K, fits: (...args: KernelArgs<K>) => boolean, wasm: (...args: KernelArgs<K>) => void): Backend[K] {
  // TypeScript cannot relate Backend[K] to its parameter list for a generic K; both casts are exact.
  const js = jsBackend[name] as unknown as (...args: KernelArgs<K>) => void;
  const kernel = (...args: KernelArgs<K>): void => {
    if (fits(...args)) wasm(...args);
    else js(...args);
  };
  return kernel as unknown as Backend[K];
}

/**
 * True when every array is float32 (the only dtype the wasm kernels take); `null` (an absent
 * optional operand) passes.
 *
 * @example
 * allFloat32(x, bias, out);  // false for float64 data: the JS kernel runs
 */
export function allFloat32(...arrays: ReadonlyArray<TypedArray | null>): boolean {
  for (const a of arrays) if (a !== null && !(a instanceof Float32Array)) return false;
  return true;
}
