/**
 * The WebAssembly SIMD backend: `createWasmBackend` makes a `Backend` of instantiated kernels
 * (module.ts). On float32 data these run in wasm: matmul and the convolutions (split over worker
 * threads when large: parallel.ts), binary ops (same shape, scalar, bias/suffix and channel
 * broadcasts), the unary maps with a code in UNARY_CODES, sums and max/min reductions, the gather
 * and scatterAdd patterns of picking and of a reduction's gradient, the whole-row gather and
 * scatter-add of `indexSelect` (the gather for any dtype, it moves bytes, but only when both its
 * source and its result live in wasm memory), im2col / col2im, max-pool indices, and the fused
 * bias + activation kernels and softmax cross-entropy (fused.ts). Each goes to the JS reference kernel
 * through `withJsFallback` (js-fallback.ts) for float64 and int32 data, a broadcast or op without a
 * wasm form (`pow`, the unary ops without a code) and, except matmul and the convolutions, arrays
 * shorter than `minElementwise`; `where`, permute, slice and writeSlice are the JS kernels
 * themselves. The JS kernels are exact in float64, so the float64 PyTorch parity checker runs the
 * JS code even under this backend. Also here: the optimizer update kernels (`updates`, updates.ts),
 * long-lived tensors in wasm memory (`allocate`, heap.ts) and the tensors made inside a `tidy` scope
 * (`scoped`, heap.ts), which kernels then read and write in place.
 */
import type { DType, TypedArray } from '../../tensor/dtype.js';
import { sizeOf, type Shape } from '../../tensor/shape.js';
import { broadcastKind } from '../../tensor/broadcast.js';
import type { Backend, ScopedStorage, WindowGeometry } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import { allFloat32, withJsFallback } from './js-fallback.js';
import { BINARY_CODES, LAYOUT, UNARY_CODES } from './codes.js';
import type { Kernels } from './module.js';
import { Scratch } from './scratch.js';
import { createStaging } from './staging.js';
import { WorkerPool } from './threads.js';
import { convThreads, runConv, runGemm } from './parallel.js';
import { createWasmUpdates } from './updates.js';
import { createWasmFused } from './fused.js';

export { MIN_SPLIT_MACS, MIN_CONV_SPLIT_MACS } from './parallel.js';

export interface WasmBackendOptions {
  /**
   * Threads large matmuls and convolutions are split across (default 1): this one plus `threads − 1`
   * workers, started at the first product large enough (or by `ready()`). Needs the shared-memory
   * kernels (`instantiateKernels(true)`).
   */
  threads?: number;
  /**
   * Elementwise ops and sums over fewer elements stay in JS (default 256): copying into wasm memory
   * and back costs a few hundred nanoseconds, more than a short JS loop. Tests set 0.
   */
  minElementwise?: number;
  /**
   * Long-lived tensors (parameters, optimizer state: `allocateLongLived`) of at least this many
   * elements (default 256) are allocated in wasm memory, where kernels use them without a copy — with
   * a shared memory only (`instantiateKernels(true)`); smaller ones, the results of ops, and all of
   * them with a non-shared memory, are plain JS arrays copied in per call.
   */
  minResident?: number;
  /**
   * Matmuls and convolutions under this many multiply-adds stay on one thread (default:
   * MIN_SPLIT_MACS for matmul, MIN_CONV_SPLIT_MACS for conv). Tests set 0 to split everything.
   */
  minSplitMacs?: number;
}

/**
 * For an input whose broadcast to `outShape` is one block of the output's axes, repeated over the
 * axes before it and with each value repeated over the axes after it — the channel pattern, [1, C, 1, 1]
 * against [N, C, H, W], or [N, 1] against [N, K] — the number of elements after the block (H·W, K).
 * 0 for any other broadcast.
 */
export function middleInner(shape: Shape, outShape: Shape): number {
  const lead = outShape.length - shape.length;
  let first = -1;
  let last = -1;
  shape.forEach((d, i) => {
    if (d === 1) return;
    if (first < 0) first = i;
    last = i;
  });
  if (first < 0) return 0;
  for (let i = first; i <= last; i++) if (shape[i] !== outShape[lead + i]) return 0;
  let inner = 1;
  for (let i = lead + last + 1; i < outShape.length; i++) inner *= outShape[i]!;
  return inner > 1 ? inner : 0;
}

/** How the wasm binary kernel walks a broadcast: its layout code, the row length and (for the channel layouts) the short operand's length. */
interface BinaryLayout {
  code: number;
  cols: number;
  mid: number;
}

/** The layout of the broadcast of `a` and `b` to `outShape` (n elements), or null when the wasm kernel has none for it. */
function binaryLayout(a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, n: number, outShape: Shape): BinaryLayout | null {
  const ka = broadcastKind(aShape, outShape, a.length, n);
  const kb = broadcastKind(bShape, outShape, b.length, n);
  if (ka === 'same' && kb === 'same') return { code: LAYOUT.same, cols: n, mid: 1 };
  if (ka === 'same' && kb === 'scalar') return { code: LAYOUT.scalarB, cols: n, mid: 1 };
  if (ka === 'scalar' && kb === 'same') return { code: LAYOUT.scalarA, cols: n, mid: 1 };
  if (ka === 'same' && kb === 'suffix') return { code: LAYOUT.suffixB, cols: b.length, mid: 1 };
  if (ka === 'suffix' && kb === 'same') return { code: LAYOUT.suffixA, cols: a.length, mid: 1 };
  let inner: number;
  if (ka === 'same' && kb === 'general' && (inner = middleInner(bShape, outShape)) > 0) return { code: LAYOUT.middleB, cols: inner, mid: b.length };
  if (ka === 'general' && kb === 'same' && (inner = middleInner(aShape, outShape)) > 0) return { code: LAYOUT.middleA, cols: inner, mid: a.length };
  return null;
}

/** The wasm backend, with the number of threads its matmul and conv use and a way to stop its workers. */
export interface WasmBackend extends Backend {
  readonly threads: number;
  /** True when the FMA build of the kernels runs (relaxed-SIMD fused multiply-adds in matmul and conv; module.ts). */
  readonly fma: boolean;
  /**
   * Starts the worker threads and resolves when all of them take jobs. Until then large products
   * run on the threads that are ready (in a browser, none before its main thread yields).
   */
  ready(): Promise<void>;
  /** Stops the worker threads (the backend keeps working on one thread). */
  dispose(): void;
}

/**
 * Builds a backend around instantiated kernels (most code wants `loadWasmBackend` instead).
 *
 * @example
 * const wasm = createWasmBackend(instantiateKernels(true), { threads: 2 });
 * registerBackend(wasm);
 * setBackend('wasm');
 * await wasm.ready(); // optional in Node; in a browser, the Web Workers start only now
 * // ... later: wasm.dispose() stops the worker thread
 */
export function createWasmBackend(compiled: Kernels, options: WasmBackendOptions = {}): WasmBackend {
  const kernels = compiled.exports;
  const threads = Math.max(1, Math.floor(options.threads ?? 1));
  let pool = threads > 1 ? new WorkerPool(compiled, threads - 1) : null;
  const scratch = new Scratch(kernels, threads);
  const minElementwise = options.minElementwise ?? 256;

  const heap = scratch.heap;
  const minResident = options.minResident ?? 256;

  const { stage, finish } = createStaging(scratch);

  // Clears a reused block of scoped storage: x > x is false for every bit pattern (NaN too), so the
  // comparison kernel writes 0.0f — all-zero bytes — over it, a SIMD memset. (TypedArray.fill on a
  // shared memory stores element by element with relaxed atomics: 4x slower on 800 KB.)
  const zero = (at: number, bytes: number): void => kernels.binary(BINARY_CODES.gt!, LAYOUT.same, at, at, at, 1, bytes >> 2, 1);
  const scopedStorage: ScopedStorage = {
    take: (dtype, size) => heap.scopedArray(dtype, size, zero),
    free: (a) => heap.freeArray(a),
    zero(a) {
      const at = heap.offsetOf(a);
      if (at < 0) return false;
      if (a.length > 0) zero(at, a.byteLength);
      return true;
    },
  };

  const matmul = withJsFallback('matmul',
    (a, b, out, _m, k) => allFloat32(a, b, out) && out.length > 0 && k > 0,
    (a, b, out, m, k, n, transA, transB, aOffsets, bOffsets) => {
      const same = a === b; // x·xᵀ and the like: copy once
      const [pa, pb, pc] = stage([a, same ? null : b], [out]) as [number, number, number];
      const bBase = same ? pa : pb;
      for (let i = 0; i < aOffsets.length; i++) {
        runGemm(kernels, pool, scratch, pa + aOffsets[i]! * 4, bBase + bOffsets[i]! * 4, pc + i * m * n * 4, m, k, n, transA, transB, options.minSplitMacs);
      }
      finish(out, pc);
    });

  // The layout `fits` found for the call `wasm` then runs (calls are synchronous: it is never stale).
  let layout: BinaryLayout | null = null;
  const binary = withJsFallback('binary',
    (op, a, aShape, b, bShape, out, outShape) =>
      BINARY_CODES[op] !== undefined && out.length >= minElementwise && allFloat32(a, b, out) && (layout = binaryLayout(a, aShape, b, bShape, out.length, outShape)) !== null,
    (op, a, _aShape, b, _bShape, out) => {
      const { code, cols, mid } = layout!;
      const [pa, pb, po] = stage([a, b], [out]) as [number, number, number];
      kernels.binary(BINARY_CODES[op]!, code, pa, pb, po, out.length / cols, cols, mid);
      finish(out, po);
    });

  const unary = withJsFallback('unary',
    (op, x, out) => UNARY_CODES[op] !== undefined && x.length >= minElementwise && allFloat32(x, out),
    (op, x, out, p0 = 0, p1 = 0) => {
      const [px, po] = stage([x], [out]) as [number, number];
      kernels.unary(UNARY_CODES[op]!, px, po, x.length, p0, p1);
      finish(out, po);
    });

  const reduce = withJsFallback('reduce',
    (_op, x, _outer, n, _inner, out) => x.length >= minElementwise && n > 0 && allFloat32(x, out),
    (op, x, outer, n, inner, out, indices) => {
      if (op !== 'sum') {
        const [px, po, pi] = stage([x], indices ? [out, indices] : [out]) as [number, number, number | undefined];
        kernels.extreme(op === 'max', px, outer, n, inner, po, indices ? pi! : 0);
        finish(out, po);
        if (indices) finish(indices, pi!);
        return;
      }
      const [px, po, pacc] = stage([x], [out], [inner * 8]) as [number, number, number];
      kernels.sum(px, outer, n, inner, po, pacc);
      finish(out, po);
    });

  const scatterAdd = withJsFallback('scatterAdd',
    // The pattern of a reduction's gradient: index and out differ only along `axis`.
    (src, _index, indexShape, axis, out, outShape) =>
      src.length >= minElementwise && allFloat32(src, out) && indexShape.every((d, i) => i === axis || d === outShape[i]),
    (src, index, indexShape, axis, out, outShape) => {
      const inner = sizeOf(indexShape.slice(axis + 1));
      const [ps, pi, po] = stage([src, index, out], []) as [number, number, number]; // out is accumulated into
      kernels.scatterAdd(ps, pi, sizeOf(indexShape.slice(0, axis)), indexShape[axis]!, inner, po, outShape[axis]!);
      finish(out, po);
    });

  const im2col = withJsFallback('im2col',
    (x, _g, _padValue, out) => out.length >= minElementwise && allFloat32(x, out),
    (x, g, padValue, out) => {
      const [px, po] = stage([x], [out]) as [number, number];
      kernels.im2col(px, po, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW, padValue);
      finish(out, po);
    });

  const col2im = withJsFallback('col2im',
    (cols, _g, out) => cols.length >= minElementwise && allFloat32(cols, out),
    (cols, g, out) => {
      const [pc, po] = stage([cols, out], []) as [number, number]; // out is accumulated into
      kernels.col2im(pc, po, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW);
      finish(out, po);
    });

  /** Runs one of the convolution kernels on `a`, `b` (and the bias) into `out`, with the per-image columns in scratch. */
  type ConvKernel = 'conv2d' | 'conv2dInputGrad' | 'conv2dWeightGrad';
  function conv(kernel: ConvKernel, a: TypedArray, b: TypedArray, bias: TypedArray | null, g: WindowGeometry, outChannels: number, out: TypedArray): void {
    const colsBytes = g.channels * g.kernelH * g.kernelW * g.outH * g.outW * 4;
    const parts = convThreads(kernel, g, outChannels, pool, options.minSplitMacs); // each thread unfolds into its own columns
    const [pa, pb, pbias, po, pcols] = stage([a, b, bias], [out], [colsBytes * parts]) as [number, number, number, number, number];
    runConv(kernels, pool, kernel, pa, pb, bias ? pbias : 0, po, g, outChannels, pcols, colsBytes, scratch, parts, options.minSplitMacs);
    finish(out, po);
  }

  const maxPoolIndices = withJsFallback('maxPoolIndices',
    (x) => x.length >= minElementwise && allFloat32(x),
    (x, g, out) => {
      const [px, po] = stage([x], [out]) as [number, number];
      kernels.maxPoolIndices(px, po, g.batch, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW);
      finish(out, po);
    });

  const gather = withJsFallback('gather',
    // The pattern of picking one element per column: index and x differ only along `axis`.
    (x, xShape, axis, _index, indexShape, out) =>
      out.length >= minElementwise && allFloat32(x, out) && indexShape.every((d, i) => i === axis || d === xShape[i]),
    (x, xShape, axis, index, indexShape, out) => {
      const [px, pi, po] = stage([x, index], [out]) as [number, number, number];
      kernels.gather(px, pi, sizeOf(indexShape.slice(0, axis)), indexShape[axis]!, sizeOf(indexShape.slice(axis + 1)), po, xShape[axis]!);
      finish(out, po);
    });

  // Only when both ends live in wasm memory: staging a JS array in and out would copy each row
  // twice, and the JS kernel's per-row `set` is already a memcpy.
  const gatherRows = withJsFallback('gatherRows',
    (src, _blocks, _n, _rowLength, _indices, out) => out.length > 0 && heap.offsetOf(src) >= 0 && heap.offsetOf(out) >= 0,
    (src, blocks, n, rowLength, indices, out) => {
      const [ps, pi, po] = stage([src, indices], [out]) as [number, number, number];
      kernels.gatherRows(ps, pi, po, blocks, n, indices.length, rowLength * src.BYTES_PER_ELEMENT);
    });

  const scatterAddRows = withJsFallback('scatterAddRows',
    (src, _blocks, _n, _rowLength, _indices, out) => src.length > 0 && src.length >= minElementwise && allFloat32(src, out),
    (src, blocks, n, rowLength, indices, out) => {
      const [ps, pi, po] = stage([src, indices, out], []) as [number, number, number]; // out is accumulated into
      kernels.scatterAddRows(ps, pi, po, blocks, n, indices.length, rowLength);
      finish(out, po);
    });

  return {
    ...jsBackend,
    name: 'wasm',
    gatherRows,
    scatterAddRows,
    matmul,
    binary,
    unary,
    reduce,
    scatterAdd,
    im2col,
    col2im,
    gather,
    maxPoolIndices,
    // The convolutions always run in wasm for float32 data (no size threshold: they are never short).
    conv2d: withJsFallback('conv2d', (x, weight, bias, _g, _o, out) => out.length > 0 && allFloat32(x, weight, bias, out),
      (x, weight, bias, g, outChannels, out) => conv('conv2d', x, weight, bias, g, outChannels, out)),
    conv2dInputGrad: withJsFallback('conv2dInputGrad', (dy, weight, _g, _o, out) => out.length > 0 && allFloat32(dy, weight, out),
      (dy, weight, g, outChannels, out) => conv('conv2dInputGrad', dy, weight, null, g, outChannels, out)),
    conv2dWeightGrad: withJsFallback('conv2dWeightGrad', (x, dy, _g, _o, out) => out.length > 0 && allFloat32(x, dy, out),
      (x, dy, g, outChannels, out) => conv('conv2dWeightGrad', x, dy, null, g, outChannels, out)),
    ...createWasmFused(kernels, scratch, minElementwise),
    updates: createWasmUpdates(compiled, scratch, () => pool),
    // Tensors made inside `tidy` live in wasm memory (only a shared one keeps views valid as it grows).
    ...(heap.residentArrays ? { scoped: scopedStorage } : {}),
    allocate(dtype: DType, size: number): TypedArray | null {
      return size >= minResident ? heap.array(dtype, size) : null;
    },
    get threads() {
      return pool ? pool.helpers + 1 : 1;
    },
    fma: compiled.fma,
    async ready() {
      await pool?.ready();
    },
    dispose() {
      pool?.close();
      pool = null;
    },
  };
}
