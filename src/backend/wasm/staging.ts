/**
 * Where a kernel call's arrays are in wasm memory: arrays that live there already (the heap's —
 * parameters and optimizer state under the threaded backend) are passed in place; the others are
 * copied into the scratch region before the call, and results copied back after it.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Scratch } from './scratch.js';

export interface Staging {
  /**
   * Byte offsets for one kernel call: `inputs` in place where they live in wasm memory, else copied
   * into the scratch region; `outputs` in place, else given scratch space (copy them back with
   * `finish`); `temps` (bytes) in scratch. Offsets are [...inputs, ...outputs, ...temps]; a null input
   * gets 0. Valid until the next call.
   */
  stage(inputs: ReadonlyArray<TypedArray | null>, outputs: ReadonlyArray<TypedArray | null>, temps?: readonly number[]): number[];
  /** Copies a result the kernel wrote at `at` back into `out`, unless `out` lives there already. */
  finish(out: TypedArray, at: number): void;
}

/**
 * The staging of a backend's kernel calls through its scratch region.
 *
 * @example
 * const { stage, finish } = createStaging(scratch);
 * const [px, po] = stage([x], [out]);
 * kernels.unary(code, px, po, x.length, 0, 0);
 * finish(out, po);
 */
export function createStaging(scratch: Scratch): Staging {
  const heap = scratch.heap;

  function copyIn(a: TypedArray, at: number): void {
    if (a instanceof Float32Array) scratch.f32().set(a, at >> 2);
    else new (a.constructor as Int32ArrayConstructor)(heap.current() as ArrayBuffer, at, a.length).set(a as Int32Array);
  }

  return {
    stage(inputs, outputs, temps = []) {
      const all = [...inputs, ...outputs];
      const home = all.map((a) => (a ? heap.offsetOf(a) : 0));
      const sizes: number[] = [];
      all.forEach((a, i) => {
        if (a && home[i]! < 0) sizes.push(a.byteLength);
      });
      const placed = scratch.reserve(...sizes, ...temps);
      let next = 0;
      const offsets = all.map((a, i) => {
        if (!a || home[i]! >= 0) return home[i]!;
        const at = placed[next++]!;
        if (i < inputs.length) copyIn(a, at);
        return at;
      });
      return [...offsets, ...placed.slice(next)];
    },
    finish(out, at) {
      if (heap.offsetOf(out) >= 0) return;
      if (out instanceof Float32Array) out.set(scratch.f32().subarray(at >> 2, (at >> 2) + out.length));
      else out.set(new (out.constructor as Int32ArrayConstructor)(heap.current() as ArrayBuffer, at, out.length));
    },
  };
}
