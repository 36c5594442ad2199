/**
 * Fused optimizer updates in wasm (assembly/optim.ts) for float32 parameters updated in place. The
 * kernels do the TypeScript loops' double-precision arithmetic two lanes at a time, so the results
 * are bit for bit those of src/optim/optimizers/{adam,sgd,rmsprop}.ts.
 *
 * Parameters, gradients and state live in JS typed arrays, so each call streams them through wasm
 * memory in chunks: copy a chunk of every array in, update it, copy the written arrays back. A chunk
 * of every array fits in L2, so the copies cost little beside the update (see BENCHMARKS.md,
 * "Optimizer updates").
 */
import type { AdamStepScalars, FusedUpdates, RmspropStepScalars, SgdStepScalars } from '../backend.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';

/** Elements per chunk: 64 KiB per array, at most five arrays (Adam with AMSGrad) in L2 at once. */
export const UPDATE_CHUNK = 16384;

const ADAM_VARIANTS = { plain: 0, decoupled: 1, general: 2 } as const;
const SGD_VARIANTS = { plain: 0, heavyBall: 1, nesterov: 2, general: 3 } as const;
const RMSPROP_VARIANTS = { plain: 0, general: 1 } as const;

/**
 * Runs `kernel(offsets, count)` over `arrays` (all as long as the first) chunk by chunk: copies each
 * chunk into wasm memory, calls the kernel with the chunk's byte offsets (0 for a null array), and
 * copies the chunks of the arrays it writes (`written`: indices into `arrays`) back.
 */
function streamed(scratch: Scratch, arrays: ReadonlyArray<Float32Array | null>, written: readonly number[], kernel: (at: number[], count: number) => void): void {
  const n = arrays[0]!.length;
  const chunk = Math.min(UPDATE_CHUNK, n);
  const offsets = scratch.reserve(...arrays.map((a) => (a ? chunk * 4 : 0)));
  const at = arrays.map((a, i) => (a ? offsets[i]! : 0));
  const view = scratch.f32();
  for (let i0 = 0; i0 < n; i0 += chunk) {
    const i1 = Math.min(n, i0 + chunk);
    arrays.forEach((a, i) => a && view.set(a.subarray(i0, i1), at[i]! >> 2));
    kernel(at, i1 - i0);
    for (const i of written) {
      const a = arrays[i];
      if (a) a.set(view.subarray(at[i]! >> 2, (at[i]! >> 2) + (i1 - i0)), i0);
    }
  }
}

/** The wasm backend's {@link FusedUpdates}, working through `scratch`. */
export function createWasmUpdates(kernels: KernelExports, scratch: Scratch): FusedUpdates {
  return {
    minLength: 1024,
    adam(p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, vMax: Float32Array | null, s: AdamStepScalars): void {
      const variant = ADAM_VARIANTS[s.variant];
      streamed(scratch, [p, g, m, v, vMax], [0, 2, 3, 4], ([pp, pg, pm, pv, pvMax], count) =>
        kernels.adam(variant, pp!, pg!, pm!, pv!, pvMax!, count, s.beta1, s.beta2, s.negStepSize, s.bc2Sqrt, s.eps, s.sign, s.l2, s.shrink));
    },
    sgd(p: Float32Array, g: Float32Array, b: Float32Array | null, s: SgdStepScalars): void {
      const variant = SGD_VARIANTS[s.variant];
      streamed(scratch, [p, g, b], [0, 2], ([pp, pg, pb], count) =>
        kernels.sgd(variant, pp!, pg!, pb!, count, s.learningRate, s.momentum, s.dampening, s.sign, s.weightDecay, s.first, s.nesterov));
    },
    rmsprop(p: Float32Array, g: Float32Array, v: Float32Array, gAvg: Float32Array | null, b: Float32Array | null, s: RmspropStepScalars): void {
      const variant = RMSPROP_VARIANTS[s.variant];
      streamed(scratch, [p, g, v, gAvg, b], [0, 2, 3, 4], ([pp, pg, pv, pgAvg, pb], count) =>
        kernels.rmsprop(variant, pp!, pg!, pv!, pgAvg!, pb!, count, s.alpha, s.eps, s.learningRate, s.sign, s.weightDecay, s.momentum));
    },
  };
}
