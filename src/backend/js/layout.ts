/** Data-movement kernels: permute, block slice/write, gather/scatter-add along an axis, whole-row gather/scatter-add. */
import type { TypedArray } from '../../tensor/dtype.js';
import { sizeOf, stridesOf, type Shape } from '../../tensor/shape.js';

export function permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void {
  const rank = shape.length;
  const inStrides = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const stepIn = perm.map((p) => inStrides[p]!); // input stride for each output axis
  const n = out.length;
  if (rank === 2 && perm[0] === 1) {
    // Plain matrix transpose, tiled so both sides stay in cache.
    const rows = shape[0]!;
    const cols = shape[1]!;
    const T = 32;
    for (let i0 = 0; i0 < rows; i0 += T) {
      for (let j0 = 0; j0 < cols; j0 += T) {
        const iMax = Math.min(i0 + T, rows);
        const jMax = Math.min(j0 + T, cols);
        for (let i = i0; i < iMax; i++) for (let j = j0; j < jMax; j++) out[j * rows + i] = x[i * cols + j]!;
      }
    }
    return;
  }
  const counter = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let i = 0; i < n; i++) {
    out[i] = x[pos]!;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      pos += stepIn[d]!;
      if (counter[d]! < outShape[d]!) break;
      pos -= stepIn[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
}

/** Calls `visit(srcOffset, dstOffset, runLength)` for each contiguous innermost run of a block. */
function forEachBlockRun(blockShape: Shape, outerShape: Shape, starts: readonly number[], visit: (blockPos: number, outerPos: number, run: number) => void): void {
  const rank = blockShape.length;
  if (rank === 0) {
    visit(0, 0, 1);
    return;
  }
  const outerStrides = stridesOf(outerShape);
  const run = blockShape[rank - 1]!;
  const rows = sizeOf(blockShape) / Math.max(run, 1);
  if (run === 0 || rows === 0) return;
  const counter = new Array<number>(rank - 1).fill(0);
  for (let r = 0; r < rows; r++) {
    let outerPos = starts[rank - 1]!;
    for (let d = 0; d < rank - 1; d++) outerPos += (starts[d]! + counter[d]!) * outerStrides[d]!;
    visit(r * run, outerPos, run);
    for (let d = rank - 2; d >= 0; d--) {
      counter[d]!++;
      if (counter[d]! < blockShape[d]!) break;
      counter[d] = 0;
    }
  }
}

export function slice(x: TypedArray, shape: Shape, starts: readonly number[], out: TypedArray, outShape: Shape): void {
  forEachBlockRun(outShape, shape, starts, (blockPos, outerPos, run) => {
    for (let i = 0; i < run; i++) out[blockPos + i] = x[outerPos + i]!;
  });
}

export function writeSlice(src: TypedArray, srcShape: Shape, dst: TypedArray, dstShape: Shape, starts: readonly number[], accumulate: boolean): void {
  forEachBlockRun(srcShape, dstShape, starts, (blockPos, outerPos, run) => {
    if (accumulate) for (let i = 0; i < run; i++) dst[outerPos + i] += src[blockPos + i]!;
    else for (let i = 0; i < run; i++) dst[outerPos + i] = src[blockPos + i]!;
  });
}

/** Splits a shape around `axis` into [outer, size at axis, inner]. */
function around(shape: Shape, axis: number): [number, number, number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

/**
 * Gather and scatter-add walk the index tensor; for axes other than `axis` the index tensor may be
 * smaller than x (PyTorch allows index.size(d) <= x.size(d)), so positions are mapped per axis.
 */
function mapIndexPositions(indexShape: Shape, otherShape: Shape, axis: number, visit: (indexPos: number, otherBase: number, otherAxisStride: number) => void): void {
  const rank = indexShape.length;
  const otherStrides = stridesOf(otherShape);
  const n = sizeOf(indexShape);
  const counter = new Array<number>(rank).fill(0);
  for (let i = 0; i < n; i++) {
    let base = 0;
    for (let d = 0; d < rank; d++) if (d !== axis) base += counter[d]! * otherStrides[d]!;
    visit(i, base, otherStrides[axis]!);
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]!++;
      if (counter[d]! < indexShape[d]!) break;
      counter[d] = 0;
    }
  }
}

export function gather(x: TypedArray, xShape: Shape, axis: number, index: Int32Array, indexShape: Shape, out: TypedArray): void {
  const [, size, inner] = around(xShape, axis);
  if (indexShape.every((d, i) => i === axis || d === xShape[i])) {
    // Fast path: only the gathered axis differs.
    const [outer2, m] = around(indexShape, axis);
    for (let o = 0; o < outer2; o++) {
      for (let j = 0; j < m; j++) {
        for (let i = 0; i < inner; i++) {
          const pos = (o * m + j) * inner + i;
          out[pos] = x[(o * size + index[pos]!) * inner + i]!;
        }
      }
    }
    return;
  }
  mapIndexPositions(indexShape, xShape, axis, (p, base, stride) => {
    out[p] = x[base + index[p]! * stride]!;
  });
}

export function scatterAdd(src: TypedArray, index: Int32Array, indexShape: Shape, axis: number, out: TypedArray, outShape: Shape): void {
  mapIndexPositions(indexShape, outShape, axis, (p, base, stride) => {
    out[base + index[p]! * stride] += src[p]!;
  });
}

/**
 * Runs shorter than this many elements are copied by a loop: `subarray` + `set` costs an object and a
 * call (~50 ns), more than a few dozen element copies.
 */
const MIN_SET_RUN = 32;

export function gatherRows(src: TypedArray, blocks: number, n: number, rowLength: number, indices: Int32Array, out: TypedArray): void {
  const k = indices.length;
  if (rowLength === 0 || k === 0) return;
  for (let b = 0; b < blocks; b++) {
    const srcBase = b * n * rowLength;
    const outBase = b * k * rowLength;
    let j = 0;
    while (j < k) {
      // A run of consecutive indices is one block of consecutive rows: one copy (an unshuffled batch is one memcpy).
      let end = j + 1;
      while (end < k && indices[end] === indices[end - 1]! + 1) end++;
      const from = srcBase + indices[j]! * rowLength;
      const to = outBase + j * rowLength;
      const count = (end - j) * rowLength;
      if (count < MIN_SET_RUN) for (let i = 0; i < count; i++) out[to + i] = src[from + i]!;
      else out.set(src.subarray(from, from + count), to);
      j = end;
    }
  }
}

export function scatterAddRows(src: TypedArray, blocks: number, n: number, rowLength: number, indices: Int32Array, out: TypedArray): void {
  const k = indices.length;
  for (let b = 0; b < blocks; b++) {
    const srcBase = b * k * rowLength;
    const outBase = b * n * rowLength;
    for (let j = 0; j < k; j++) {
      const from = srcBase + j * rowLength;
      const to = outBase + indices[j]! * rowLength;
      for (let i = 0; i < rowLength; i++) out[to + i] += src[from + i]!;
    }
  }
}
