/**
 * The wasm backend's working memory for one kernel call: the GEMM packing buffers (one pair per
 * thread, fixed, right after the module's data) and a region for the operands and results that do not
 * already live in wasm memory (see heap.ts) plus the kernels' temporaries. The region is a heap block
 * that is replaced by a larger one when a call needs more, so a training loop stops allocating once
 * warm. Layout from the module's heap base: [packing buffers | heap (tensors, state, the region) ...].
 */
import { WasmHeap } from './heap.js';
import type { KernelExports } from './module.js';

const ALIGN = 64;

const alignUp = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

export class Scratch {
  /** Byte offsets of each thread's packed-A buffer (with its edge tile). */
  readonly packA: number[] = [];
  /** Byte offsets of each thread's packed-B buffer. */
  readonly packB: number[] = [];
  /** Everything after the packing buffers. */
  readonly heap: WasmHeap;
  private region: [at: number, size: number] | null = null;
  private buffer: ArrayBufferLike;
  private view: Float32Array;

  constructor(private readonly kernels: KernelExports, threads = 1) {
    let end = alignUp(kernels.heapBase());
    for (let t = 0; t < threads; t++) {
      this.packA.push(end);
      end = alignUp(end + kernels.packABytes());
      this.packB.push(end);
      end = alignUp(end + kernels.packBBytes());
    }
    this.heap = new WasmHeap(kernels.memory, end);
    this.buffer = kernels.memory.buffer;
    this.view = new Float32Array(this.buffer);
  }

  /**
   * Lays out regions of the given byte sizes in the call region, growing it if needed, and returns
   * their byte offsets. Offsets are valid until the next call.
   */
  reserve(...sizes: number[]): number[] {
    const offsets: number[] = [];
    let end = 0;
    for (const s of sizes) {
      offsets.push(end);
      end = alignUp(end + s);
    }
    if (!this.region || this.region[1] < end) {
      if (this.region) this.heap.release(...this.region);
      const block = this.heap.take(end);
      if (!block) throw new Error(`wasm backend: out of memory (a kernel call needs ${end} bytes of scratch; the memory is at ${this.kernels.memory.buffer.byteLength} bytes)`);
      this.region = [block[0], block[1]];
    }
    const base = this.region[0];
    return offsets.map((o) => base + o);
  }

  /** A float32 view of all of wasm memory (re-created after the memory grew). */
  f32(): Float32Array {
    const buffer = this.heap.current();
    if (buffer !== this.buffer || this.view.byteLength !== buffer.byteLength) {
      this.buffer = buffer;
      this.view = new Float32Array(buffer);
    }
    return this.view;
  }
}
