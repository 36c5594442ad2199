/** Reduction over the middle axis of an [outer, n, inner] view. */
import type { TypedArray } from '../../tensor/dtype.js';
import type { ReduceKernel } from '../backend.js';

export function reduce(op: ReduceKernel, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, indices?: Int32Array): void {
  if (op === 'sum') {
    if (inner === 1) {
      for (let o = 0; o < outer; o++) {
        let s = 0;
        const base = o * n;
        for (let j = 0; j < n; j++) s += x[base + j]!;
        out[o] = s;
      }
      return;
    }
    // Accumulate rows in double precision: a Float64Array scratch row keeps float32 sums accurate.
    const acc = new Float64Array(inner);
    for (let o = 0; o < outer; o++) {
      acc.fill(0);
      const base = o * n * inner;
      for (let j = 0; j < n; j++) {
        const row = base + j * inner;
        for (let i = 0; i < inner; i++) acc[i] += x[row + i]!;
      }
      for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!;
    }
    return;
  }
  const isMax = op === 'max';
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let best = x[base]!;
      let bestJ = 0;
      for (let j = 1; j < n; j++) {
        const v = x[base + j * inner]!;
        // NaN wins (propagates), and the first extreme value is kept on ties, like PyTorch on CPU.
        if (best !== best) break;
        if (v !== v || (isMax ? v > best : v < best)) {
          best = v;
          bestJ = j;
        }
      }
      out[o * inner + i] = best;
      if (indices) indices[o * inner + i] = bestJ;
    }
  }
}
