/**
 * The wasm backend's working memory. Tensors live in JS typed arrays, so every kernel call copies its
 * operands into wasm memory and its result out again. The region grows (never shrinks) to the largest
 * call seen, so a training loop stops allocating once warm. Layout from the module's heap base:
 * [GEMM packing buffers, one pair per thread | per-call operands...], each 64-byte aligned.
 */
import type { KernelExports } from './module.js';

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

export class Scratch {
  /** Byte offsets of each thread's packed-A buffer (with its edge tile). */
  readonly packA: number[] = [];
  /** Byte offsets of each thread's packed-B buffer. */
  readonly packB: number[] = [];
  private readonly start: number;
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
    this.start = end;
    this.buffer = kernels.memory.buffer;
    this.view = new Float32Array(this.buffer);
  }

  /**
   * Lays out regions of the given byte sizes after the packing buffers, growing memory if needed,
   * and returns their byte offsets. Offsets are valid until the next call.
   */
  reserve(...sizes: number[]): number[] {
    const offsets: number[] = [];
    let end = this.start;
    for (const s of sizes) {
      offsets.push(end);
      end = alignUp(end + s);
    }
    const memory = this.kernels.memory;
    if (end > memory.buffer.byteLength) memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE));
    return offsets;
  }

  /** A float32 view of all of wasm memory (re-created after the memory grew). */
  f32(): Float32Array {
    const buffer = this.kernels.memory.buffer;
    if (buffer !== this.buffer || this.view.byteLength !== buffer.byteLength) {
      this.buffer = buffer;
      this.view = new Float32Array(buffer);
    }
    return this.view;
  }
}
