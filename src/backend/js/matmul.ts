/**
 * Cache-blocked matrix multiply. Operands are packed block by block into contiguous panels
 * (which also absorbs the transposed variants backward needs, so no transpose is ever materialised),
 * then a 4x4 register-blocked micro-kernel accumulates in 16 local doubles. Blocking follows the
 * usual GEMM recipe (Goto & van de Geijn, 2008): a KC x NC block of B and an MC x KC block of A stay
 * in cache while the micro-kernel streams 4-wide slivers of each.
 */
import type { TypedArray } from '../../tensor/dtype.js';

const MR = 4;
const NR = 4;
const KC = 256;
const MC = 64;
const NC = 512;

// Packing buffers are reused between calls (the kernel is synchronous and single-threaded).
let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);

/** Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row slivers, zero-padding the last sliver. */
function packABlock(a: TypedArray, aOff: number, m: number, k: number, transA: boolean, i0: number, mc: number, p0: number, kc: number): void {
  const slivers = Math.ceil(mc / MR);
  for (let s = 0; s < slivers; s++) {
    for (let r = 0; r < MR; r++) {
      const i = i0 + s * MR + r;
      const base = s * kc * MR + r;
      if (i >= i0 + mc) {
        for (let p = 0; p < kc; p++) packA[base + p * MR] = 0;
      } else if (transA) {
        // op(A) = A^T with A stored [k, m]: element (i, p) is at p*m + i.
        for (let p = 0; p < kc; p++) packA[base + p * MR] = a[aOff + (p0 + p) * m + i]!;
      } else {
        const row = aOff + i * k + p0;
        for (let p = 0; p < kc; p++) packA[base + p * MR] = a[row + p]!;
      }
    }
  }
}

/** Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column slivers, zero-padding the last sliver. */
function packBBlock(b: TypedArray, bOff: number, k: number, n: number, transB: boolean, p0: number, kc: number, j0: number, nc: number): void {
  const slivers = Math.ceil(nc / NR);
  for (let s = 0; s < slivers; s++) {
    const base = s * kc * NR;
    for (let c = 0; c < NR; c++) {
      const j = j0 + s * NR + c;
      if (j >= j0 + nc) {
        for (let p = 0; p < kc; p++) packB[base + p * NR + c] = 0;
      } else if (transB) {
        // op(B) = B^T with B stored [n, k]: element (p, j) is at j*k + p.
        const row = bOff + j * k + p0;
        for (let p = 0; p < kc; p++) packB[base + p * NR + c] = b[row + p]!;
      } else {
        for (let p = 0; p < kc; p++) packB[base + p * NR + c] = b[bOff + (p0 + p) * n + j]!;
      }
    }
  }
}

/** C[i0.., j0..] (+)= packed A sliver x packed B sliver over kc, for an mr x nr corner. */
function microKernel(kc: number, aBase: number, bBase: number, out: TypedArray, cOff: number, ldc: number, mr: number, nr: number, accumulate: boolean): void {
  const A = packA;
  const B = packB;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let pa = aBase;
  let pb = bBase;
  for (let p = 0; p < kc; p++, pa += 4, pb += 4) {
    const a0 = A[pa]!, a1 = A[pa + 1]!, a2 = A[pa + 2]!, a3 = A[pa + 3]!;
    const b0 = B[pb]!, b1 = B[pb + 1]!, b2 = B[pb + 2]!, b3 = B[pb + 3]!;
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  if (mr === 4 && nr === 4) {
    let o = cOff;
    if (accumulate) {
      out[o] += c00; out[o + 1] += c01; out[o + 2] += c02; out[o + 3] += c03; o += ldc;
      out[o] += c10; out[o + 1] += c11; out[o + 2] += c12; out[o + 3] += c13; o += ldc;
      out[o] += c20; out[o + 1] += c21; out[o + 2] += c22; out[o + 3] += c23; o += ldc;
      out[o] += c30; out[o + 1] += c31; out[o + 2] += c32; out[o + 3] += c33;
    } else {
      out[o] = c00; out[o + 1] = c01; out[o + 2] = c02; out[o + 3] = c03; o += ldc;
      out[o] = c10; out[o + 1] = c11; out[o + 2] = c12; out[o + 3] = c13; o += ldc;
      out[o] = c20; out[o + 1] = c21; out[o + 2] = c22; out[o + 3] = c23; o += ldc;
      out[o] = c30; out[o + 1] = c31; out[o + 2] = c32; out[o + 3] = c33;
    }
    return;
  }
  const c = [c00, c01, c02, c03, c10, c11, c12, c13, c20, c21, c22, c23, c30, c31, c32, c33];
  for (let r = 0; r < mr; r++) {
    for (let s = 0; s < nr; s++) {
      const o = cOff + r * ldc + s;
      out[o] = accumulate ? out[o]! + c[r * 4 + s]! : c[r * 4 + s]!;
    }
  }
}

/** One [m,n] product at the given offsets. */
function gemm(a: TypedArray, aOff: number, b: TypedArray, bOff: number, out: TypedArray, cOff: number, m: number, k: number, n: number, transA: boolean, transB: boolean): void {
  if (k === 0) {
    out.fill(0, cOff, cOff + m * n);
    return;
  }
  if (packA.length < MC * Math.min(k, KC) + MR * KC) packA = new Float64Array(MC * KC + MR * KC);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = Math.min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packBBlock(b, bOff, k, n, transB, p0, kc, j0, nc);
      const accumulate = p0 > 0;
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = Math.min(MC, m - i0);
        packABlock(a, aOff, m, k, transA, i0, mc, p0, kc);
        for (let js = 0; js < nc; js += NR) {
          const nr = Math.min(NR, nc - js);
          const bBase = (js / NR) * kc * NR;
          for (let is = 0; is < mc; is += MR) {
            const mr = Math.min(MR, mc - is);
            microKernel(kc, (is / MR) * kc * MR, bBase, out, cOff + (i0 + is) * n + j0 + js, n, mr, nr, accumulate);
          }
        }
      }
    }
  }
}

export function matmul(a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean, aOffsets: Int32Array, bOffsets: Int32Array): void {
  for (let i = 0; i < aOffsets.length; i++) {
    gemm(a, aOffsets[i]!, b, bOffsets[i]!, out, i * m * n, m, k, n, transA, transB);
  }
}
