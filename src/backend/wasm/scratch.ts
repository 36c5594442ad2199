/**
 * The wasm backend's working memory. Tensors live in JS typed arrays, so every kernel call copies its
 * operands into wasm memory and its result out again. The region grows (never shrinks) to the largest
 * call seen, so a training loop stops allocating once warm. Layout from the module's heap base:
 * [GEMM packing buffers | per-call operands...], each operand 64-byte aligned (a cache line).
 */
import type { KernelExports } from './module.js';

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

export class Scratch {
  /** Byte offset of GEMM's packed-A buffer. */
  readonly packA: number;
  /** Byte offset of GEMM's packed-B buffer. */
  readonly packB: number;
  private readonly start: number;
  private buffer: ArrayBuffer;
  private view: Float32Array;

  constructor(private readonly kernels: KernelExports) {
    this.packA = alignUp(kernels.heapBase());
    this.packB = alignUp(this.packA + kernels.packABytes());
    this.start = alignUp(this.packB + kernels.packBBytes());
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
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.view = new Float32Array(buffer);
    }
    return this.view;
  }

  /** Bytes of wasm memory in use (for tests and benchmarks). */
  get byteLength(): number {
    return this.kernels.memory.buffer.byteLength;
  }
}
