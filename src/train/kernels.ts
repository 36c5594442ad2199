/**
 * Which kernels computed a run. A resumed run continues bit for bit only on the kernels it started
 * with: the wasm FMA build (`f32x4.relaxed_madd` in GEMM and convolutions), the wasm plain build and
 * the JS backend may each round the last bits of a matrix product differently (a 1-epoch `descent
 * train` on the default MNIST run gives three different final weights). The thread count does not
 * matter (same bits for any count), so it is not part of the identity.
 */
import type { Backend } from '../backend/backend.js';

/**
 * A short name of the kernels: `'js'`, `'wasm plain'`, `'wasm FMA'`, or the name of another
 * registered backend.
 */
export type KernelsName = string;

/**
 * The name of the kernels `b` computes with.
 *
 * @example
 * kernelsOf(backend()); // 'wasm FMA' where relaxed SIMD validates, 'wasm plain' with DESCENT_WASM_FMA=0, 'js' with --backend js
 */
export function kernelsOf(b: Pick<Backend, 'name'> & { readonly fma?: boolean }): KernelsName {
  // Structural, not an import of the wasm backend: the training loop stays free of wasm code.
  if (b.name === 'wasm') return b.fma === true ? 'wasm FMA' : 'wasm plain';
  return b.name;
}

/**
 * The kernels of a run so far (`recorded`, in order of use, a change of kernels starting a new entry)
 * continued on `current`. Undefined stays undefined: a state saved before descent recorded kernels
 * does not say what computed it, and guessing would claim a bit-for-bit history nobody checked.
 */
export function continueKernels(recorded: readonly KernelsName[] | undefined, current: KernelsName): KernelsName[] | undefined {
  if (recorded === undefined) return undefined;
  return recorded.at(-1) === current ? [...recorded] : [...recorded, current];
}

/**
 * The note a resume prints when it continues on kernels other than the ones that computed the run
 * so far (null when they are the same, or when the checkpoint does not record them).
 *
 * @example
 * kernelsNote(['wasm FMA'], 'wasm plain');
 * // 'note: the run so far was computed by wasm FMA kernels, this resume uses wasm plain: from here …'
 */
export function kernelsNote(recorded: readonly KernelsName[] | undefined, current: KernelsName): string | null {
  if (recorded === undefined || recorded.length === 0 || recorded.at(-1) === current) return null;
  return (
    `note: the run so far was computed by ${recorded.join(', then ')} kernels, this resume uses ${current}: ` +
    'from here results may differ in the last bits from an uninterrupted run (DESCENT_WASM_FMA=0 or --backend js chooses kernels)'
  );
}
