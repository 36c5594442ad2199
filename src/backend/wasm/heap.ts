/**
 * The wasm backend's heap: tensor storage, optimizer state and the per-call scratch region, all in the
 * kernels' own memory, so a kernel reads its operands and writes its result in place instead of
 * copying them in and out of wasm memory at every op.
 *
 * Arrays handed out must survive the memory growing, so they need a shared memory
 * (SharedArrayBuffer): growing a non-shared memory detaches every view of it, while a shared one keeps
 * old views valid (`memory.buffer` is then a new, longer SharedArrayBuffer over the same bytes).
 *
 * Blocks come in size classes (multiples of 64 bytes up to 4 KiB, then four classes per power of two,
 * so at most a quarter is wasted) with a free list per class: a training loop allocates the same
 * sizes at every step, so once warm every allocation reuses a block freed by an earlier step and the
 * memory stops growing. An array's block returns to its free list when the array is garbage-collected
 * (FinalizationRegistry); scratch blocks are freed explicitly.
 *
 * Long-lived tensors (parameters, optimizer state) are placed here with a shared memory, freed by the
 * garbage collector; so are the tensors made inside a `tidy` scope (src/tensor/scope.ts), freed when
 * the scope ends (`scopedArray` / `freeArray`). Results of ops outside every scope stay in JS arrays,
 * copied in and out per call, for two measured reasons: a synchronous training loop never lets a
 * FinalizationRegistry report an array dead (its callbacks run between tasks), so op results placed
 * here were never reclaimed — 2.3 MB per MLP step, each new block paying page faults, the step ~1.8x
 * slower; and V8 copies to and from a SharedArrayBuffer with relaxed-atomic loops, 2.5x slower than
 * between ordinary buffers (1 MB: 58 µs against 23 µs). A scope reclaims deterministically and needs
 * no copy at all.
 *
 * NOTE: a block is reused once the array it was handed out as is collected. A `subarray` (or another
 * view on the same bytes) kept alive without the array itself would then alias the block's next
 * owner. The library never keeps such views; user code that keeps `t.data.subarray(...)` beyond the
 * life of `t.data` must copy it (`slice`) instead.
 */
import type { DType, TypedArray } from '../../tensor/dtype.js';

const PAGE = 65536;
const ALIGN = 64;

const alignUp = (x: number, to = ALIGN): number => Math.ceil(x / to) * to;

/** The size class of a request: the bytes actually reserved for it. */
export function sizeClass(bytes: number): number {
  if (bytes <= 4096) return alignUp(Math.max(bytes, 1));
  const quarter = 2 ** Math.floor(Math.log2(bytes)) / 4;
  return alignUp(bytes, quarter);
}

const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

export class WasmHeap {
  private top: number;
  /** Free blocks per size class (byte offsets), reused last-in first-out (the warmest first). */
  private readonly free = new Map<number, number[]>();
  /** Every SharedArrayBuffer (or ArrayBuffer) `memory.buffer` has been: views on them are in this heap. */
  private readonly buffers = new WeakSet<ArrayBufferLike>();
  private buffer: ArrayBufferLike;
  private inUse = 0;
  private readonly registry = new FinalizationRegistry<[number, number]>(([at, bytes]) => this.release(at, bytes));

  /**
   * Blocks are laid out from byte `start` of `memory` on. With a non-shared memory the heap serves
   * scratch blocks only (`array` returns null).
   */
  constructor(private readonly memory: WebAssembly.Memory, start: number) {
    this.top = alignUp(start);
    this.buffer = memory.buffer;
    this.buffers.add(this.buffer);
  }

  /** True when this heap can hand out arrays that outlive a memory growth (shared memory). */
  get residentArrays(): boolean {
    return typeof SharedArrayBuffer === 'function' && this.memory.buffer instanceof SharedArrayBuffer;
  }

  /** The memory's current buffer (re-read after growth). */
  current(): ArrayBufferLike {
    const b = this.memory.buffer;
    if (b !== this.buffer) {
      this.buffer = b;
      this.buffers.add(b);
    }
    return b;
  }

  /** The byte offset of `a` in this memory when it lives there (any view on it), else -1. */
  offsetOf(a: TypedArray): number {
    return this.buffers.has(a.buffer) ? a.byteOffset : -1;
  }

  /**
   * Reserves a block of at least `bytes` bytes (64-byte aligned) and returns its offset and class
   * size, or null when the memory cannot grow that far.
   */
  take(bytes: number): [at: number, size: number, reused: boolean] | null {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    if (list && list.length > 0) {
      this.inUse += size;
      return [list.pop()!, size, true];
    }
    const at = this.top;
    const end = at + size;
    const length = this.memory.buffer.byteLength;
    if (end > length) {
      try {
        this.memory.grow(Math.ceil((end - length) / PAGE));
      } catch {
        return null; // past the memory's maximum
      }
      this.current();
    }
    this.top = end;
    this.inUse += size;
    return [at, size, false]; // never handed out before: still zero, as the memory grew
  }

  /** Returns a block from `take` (its offset and class size). */
  release(at: number, size: number): void {
    let list = this.free.get(size);
    if (!list) this.free.set(size, (list = []));
    list.push(at);
    this.inUse -= size;
  }

  /**
   * A zero-filled array of `length` elements living in this heap, its block freed when the array is
   * garbage-collected; null when this heap cannot hold arrays (non-shared memory) or is full.
   */
  array(dtype: DType, length: number): TypedArray | null {
    if (!this.residentArrays) return null;
    const Ctor = CONSTRUCTORS[dtype];
    const block = this.take(length * Ctor.BYTES_PER_ELEMENT);
    if (!block) return null;
    const [at, size, reused] = block;
    const view = new Ctor(this.current() as ArrayBuffer, at, length);
    if (reused) view.fill(0); // it holds its last owner's values
    this.registry.register(view, [at, size]);
    return view;
  }

  /**
   * A zero-filled array of `length` elements living in this heap, for a `tidy` scope: only
   * `freeArray` returns its block (no garbage-collector hook). Null when this heap cannot hold arrays
   * (non-shared memory), for an empty array, or when the memory is full. `zero(at, bytes)` clears a
   * reused block (default: `fill(0)`, slow on a shared memory: the backend passes a wasm kernel).
   */
  scopedArray(dtype: DType, length: number, zero?: (at: number, bytes: number) => void): TypedArray | null {
    if (length === 0 || !this.residentArrays) return null;
    const Ctor = CONSTRUCTORS[dtype];
    const block = this.take(length * Ctor.BYTES_PER_ELEMENT);
    if (!block) return null;
    const view = new Ctor(this.current() as ArrayBuffer, block[0], length);
    if (block[2]) {
      // It holds its last owner's values.
      if (zero) zero(block[0], view.byteLength);
      else view.fill(0);
    }
    return view;
  }

  /** Returns the block of an array from `scopedArray` (its class follows from its byte length). */
  freeArray(a: TypedArray): void {
    this.release(a.byteOffset, sizeClass(a.byteLength));
  }

  /** A copy of `source` living in this heap (or `source` itself when it cannot be placed here). */
  copyOf<T extends TypedArray>(source: T): T {
    if (this.offsetOf(source) >= 0) return source;
    const copy = this.array(source instanceof Float32Array ? 'float32' : source instanceof Float64Array ? 'float64' : 'int32', source.length);
    if (!copy) return source;
    copy.set(source);
    return copy as T;
  }

  /** Bytes handed out and not yet returned (for tests and diagnostics). */
  get bytesInUse(): number {
    return this.inUse;
  }

  /** The end of the highest block ever handed out (the memory in use, free lists included). */
  get highWater(): number {
    return this.top;
  }
}
