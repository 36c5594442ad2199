/**
 * The WebAssembly SIMD backend. float32 matmul, binary ops (same shape, scalar and bias/suffix
 * broadcast), the common unary maps and sums run in wasm; everything else — float64 and int32 data,
 * general broadcasting, `pow`, the unary ops not in UNARY_CODES, max/min reductions, `where`, and the
 * data-movement kernels (permute, slice, writeSlice, gather, scatterAdd, im2col, col2im) — goes to
 * the JS reference kernels, which are exact in float64 (so the float64 PyTorch parity checker runs
 * the JS code even under this backend).
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { broadcastKind } from '../../tensor/broadcast.js';
import type { Backend, BinaryKernel, ReduceKernel, UnaryKernel } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import { BINARY_CODES, LAYOUT, UNARY_CODES } from './codes.js';
import type { KernelExports } from './module.js';
import { Scratch } from './scratch.js';

export interface WasmBackendOptions {
  /**
   * Elementwise ops and sums over fewer elements stay in JS (default 256): copying into wasm memory
   * and back costs a few hundred nanoseconds, more than a short JS loop. Tests set 0.
   */
  minElementwise?: number;
}

/** Copies `x` into wasm memory at byte offset `at`. */
function put(view: Float32Array, x: Float32Array, at: number): void {
  view.set(x, at >> 2);
}

/** Copies `out.length` floats from wasm memory at byte offset `at` into `out`. */
function take(view: Float32Array, at: number, out: Float32Array): void {
  out.set(view.subarray(at >> 2, (at >> 2) + out.length));
}

/** Builds a backend around instantiated kernels. */
export function createWasmBackend(kernels: KernelExports, options: WasmBackendOptions = {}): Backend {
  const scratch = new Scratch(kernels);
  const minElementwise = options.minElementwise ?? 256;

  function matmul(a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean, aOffsets: Int32Array, bOffsets: Int32Array): void {
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) || out.length === 0 || k === 0) {
      jsBackend.matmul(a, b, out, m, k, n, transA, transB, aOffsets, bOffsets);
      return;
    }
    const same = a === b; // x·xᵀ and the like: copy once
    const [pa, pb, pc] = scratch.reserve(a.length * 4, same ? 0 : b.length * 4, out.length * 4) as [number, number, number];
    const view = scratch.f32();
    put(view, a, pa);
    if (!same) put(view, b, pb);
    const bBase = same ? pa : pb;
    for (let i = 0; i < aOffsets.length; i++) {
      kernels.gemm(pa + aOffsets[i]! * 4, bBase + bOffsets[i]! * 4, pc + i * m * n * 4, m, k, n, transA, transB, scratch.packA, scratch.packB);
    }
    take(view, pc, out);
  }

  function binary(op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void {
    const code = BINARY_CODES[op];
    const n = out.length;
    if (code === undefined || n < minElementwise || !(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array)) {
      jsBackend.binary(op, a, aShape, b, bShape, out, outShape);
      return;
    }
    const ka = broadcastKind(aShape, outShape, a.length, n);
    const kb = broadcastKind(bShape, outShape, b.length, n);
    let layout: number;
    let cols = n;
    if (ka === 'same' && kb === 'same') layout = LAYOUT.same;
    else if (ka === 'same' && kb === 'scalar') layout = LAYOUT.scalarB;
    else if (ka === 'scalar' && kb === 'same') layout = LAYOUT.scalarA;
    else if (ka === 'same' && kb === 'suffix') [layout, cols] = [LAYOUT.suffixB, b.length];
    else if (ka === 'suffix' && kb === 'same') [layout, cols] = [LAYOUT.suffixA, a.length];
    else {
      jsBackend.binary(op, a, aShape, b, bShape, out, outShape);
      return;
    }
    const [pa, pb, po] = scratch.reserve(a.length * 4, b.length * 4, n * 4) as [number, number, number];
    const view = scratch.f32();
    put(view, a, pa);
    put(view, b, pb);
    kernels.binary(code, layout, pa, pb, po, n / cols, cols);
    take(view, po, out);
  }

  function unary(op: UnaryKernel, x: TypedArray, out: TypedArray, p0 = 0, p1 = 0): void {
    const code = UNARY_CODES[op];
    if (code === undefined || x.length < minElementwise || !(x instanceof Float32Array && out instanceof Float32Array)) {
      jsBackend.unary(op, x, out, p0, p1);
      return;
    }
    const [px, po] = scratch.reserve(x.length * 4, x.length * 4) as [number, number];
    const view = scratch.f32();
    put(view, x, px);
    kernels.unary(code, px, po, x.length, p0, p1);
    take(view, po, out);
  }

  function reduce(op: ReduceKernel, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, indices?: Int32Array): void {
    if (op !== 'sum' || x.length < minElementwise || !(x instanceof Float32Array && out instanceof Float32Array)) {
      jsBackend.reduce(op, x, outer, n, inner, out, indices);
      return;
    }
    const [px, po, pacc] = scratch.reserve(x.length * 4, out.length * 4, inner * 8) as [number, number, number];
    const view = scratch.f32();
    put(view, x, px);
    kernels.sum(px, outer, n, inner, po, pacc);
    take(view, po, out);
  }

  return {
    ...jsBackend,
    name: 'wasm',
    matmul,
    binary,
    unary,
    reduce,
  };
}
