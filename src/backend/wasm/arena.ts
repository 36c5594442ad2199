/**
 * Long-lived float32 arrays (optimizer state) inside a wasm memory, so the fused updates read and
 * write them in place instead of copying them in and out at every step.
 *
 * The memory must be shared (SharedArrayBuffer): growing a non-shared memory detaches every view of
 * it, while a shared one keeps its old views valid. Blocks are handed out first-fit from a free list
 * and come back when their array is garbage-collected (FinalizationRegistry), so the memory stays
 * bounded by the state alive at once (it never shrinks).
 * NOTE: a block is reused once its array is collected; a `subarray` of a state array kept alive
 * without the array itself would then alias the new owner. The optimizers never do that.
 */
const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number): number => Math.ceil(x / ALIGN) * ALIGN;

export class StateArena {
  private top: number;
  /** Free blocks as [byte offset, bytes], sorted by offset, adjacent ones merged. */
  private readonly free: Array<[number, number]> = [];
  private readonly offsets = new WeakMap<Float32Array, number>();
  private readonly registry = new FinalizationRegistry<[number, number]>(([at, bytes]) => this.release(at, bytes));

  /** Blocks are laid out from byte `start` of `memory` (a shared memory) on. */
  constructor(private readonly memory: WebAssembly.Memory, start: number) {
    this.top = alignUp(start);
  }

  /** A copy of `source` living in the arena; its byte offset is then `offsetOf(copy)`. */
  copyOf(source: Float32Array): Float32Array {
    const bytes = alignUp(Math.max(source.length * 4, 4));
    const at = this.take(bytes);
    const view = new Float32Array(this.memory.buffer, at, source.length);
    view.set(source);
    this.offsets.set(view, at);
    this.registry.register(view, [at, bytes]);
    return view;
  }

  /** The byte offset of an array this arena handed out, else undefined. */
  offsetOf(a: Float32Array): number | undefined {
    return this.offsets.get(a);
  }

  /** Bytes handed out and not yet returned (for tests). */
  get bytesInUse(): number {
    return this.top - this.free.reduce((s, [, b]) => s + b, 0);
  }

  private take(bytes: number): number {
    const i = this.free.findIndex(([, b]) => b >= bytes);
    if (i >= 0) {
      const [at, b] = this.free[i]!;
      if (b === bytes) this.free.splice(i, 1);
      else this.free[i] = [at + bytes, b - bytes];
      return at;
    }
    const at = this.top;
    this.top += bytes;
    const size = this.memory.buffer.byteLength;
    if (this.top > size) this.memory.grow(Math.ceil((this.top - size) / PAGE));
    return at;
  }

  private release(at: number, bytes: number): void {
    let i = 0;
    while (i < this.free.length && this.free[i]![0] < at) i++;
    this.free.splice(i, 0, [at, bytes]);
    // Merge with the following block, then with the preceding one.
    const next = this.free[i + 1];
    if (next && at + bytes === next[0]) this.free.splice(i, 2, [at, bytes + next[1]]);
    const prev = this.free[i - 1];
    const cur = this.free[i]!;
    if (prev && prev[0] + prev[1] === cur[0]) this.free.splice(i - 1, 2, [prev[0], prev[1] + cur[1]]);
    // A free block at the top goes back to the unallocated tail.
    const last = this.free[this.free.length - 1];
    if (last && last[0] + last[1] === this.top) {
      this.top = last[0];
      this.free.pop();
    }
  }
}
