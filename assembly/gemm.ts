/**
 * Single-precision GEMM with 128-bit SIMD: C = op(A)·op(B), row-major, op = transpose or not.
 *
 * The usual blocked recipe (Goto & van de Geijn, 2008; BLIS): a KC×NC block of op(B) is packed into
 * NR-column slivers and an MC×KC block of op(A) into MR-row slivers, so the micro-kernel streams both
 * from contiguous memory whatever the transposes were (no transpose is ever materialised). The
 * micro-kernel keeps an MR×NR = 4×8 tile of C in eight f32x4 accumulators: per step of k it loads two
 * vectors of B, splats four scalars of A and does 8 multiply-adds (`madd`, assembly/madd.ts: fused
 * relaxed-SIMD instructions in the FMA build, a multiply and an add each in the plain one). Eight
 * accumulators plus two B vectors and one A splat fit in the 15 xmm registers V8 allocates on x64
 * (a 6×8 tile would spill). Every element of C is the same chain — from 0 over each KC block of k in
 * order, then added to the earlier blocks' sum — whichever tile or thread computes it.
 */

import { madd } from './madd';

const MR: i32 = 4;
const NR: i32 = 8;
export const KC: i32 = 256;
export const MC: i32 = 128;
export const NC: i32 = 1024;

/**
 * Bytes of the packed-A buffer, followed by a 4×8 tile for the ragged edges of C (computed in full,
 * then the valid corner is copied out). Each thread has its own buffers; the JS side reserves them.
 */
export function packABytes(): i32 {
  return MC * KC * 4 + MR * NR * 4;
}
/** Bytes of the packed-B buffer. */
export function packBBytes(): i32 {
  return KC * NC * 4;
}

/** 4×4 transpose of rows r0..r3 stored at dst, dst+16, dst+32, dst+48 (dst advances by `step` bytes per row). */
// @ts-ignore: decorator
@inline function transposeStore(r0: v128, r1: v128, r2: v128, r3: v128, dst: usize, step: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + step, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * step, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * step, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs op(A)[i0:i0+mc, p0:p0+kc] into MR-row slivers: sliver s holds element (r, p) at (p·MR + r),
 * zero-padded past the last row. `lda` is A's row length as stored (k, or m when transposed).
 */
function packA(a: usize, lda: i32, transA: bool, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  for (let s = 0; s < mc; s += MR) {
    const rows = min(MR, mc - s);
    const out = dst + <usize>(s * kc * 4);
    if (transA) {
      // Element (i, p) lives at p·lda + i: the MR rows of one p are contiguous.
      let src = a + <usize>(((p0 * lda) + i0 + s) * 4);
      const stride = <usize>(lda * 4);
      if (rows == MR) {
        for (let p = 0; p < kc; p++, src += stride) v128.store(out + <usize>(p * 16), v128.load(src));
      } else {
        for (let p = 0; p < kc; p++, src += stride) {
          for (let r = 0; r < MR; r++) store<f32>(out + <usize>((p * MR + r) * 4), r < rows ? load<f32>(src + <usize>(r * 4)) : 0);
        }
      }
    } else {
      // Element (i, p) lives at i·lda + p: four rows are read along p and transposed 4×4 at a time.
      const src = a + <usize>((((i0 + s) * lda) + p0) * 4);
      const stride = <usize>(lda * 4);
      if (rows == MR) {
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const q = src + <usize>(p * 4);
          transposeStore(v128.load(q), v128.load(q + stride), v128.load(q + 2 * stride), v128.load(q + 3 * stride), out + <usize>(p * 16), 16);
        }
        for (; p < kc; p++) {
          for (let r = 0; r < MR; r++) store<f32>(out + <usize>((p * MR + r) * 4), load<f32>(src + <usize>(r) * stride + <usize>(p * 4)));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let r = 0; r < MR; r++) store<f32>(out + <usize>((p * MR + r) * 4), r < rows ? load<f32>(src + <usize>(r) * stride + <usize>(p * 4)) : 0);
        }
      }
    }
  }
}

/**
 * Packs op(B)[p0:p0+kc, j0:j0+nc] into NR-column slivers: sliver s holds element (p, c) at (p·NR + c),
 * zero-padded past the last column. `ldb` is B's row length as stored (n, or k when transposed).
 */
function packB(b: usize, ldb: i32, transB: bool, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let s = 0; s < nc; s += NR) {
    const cols = min(NR, nc - s);
    const out = dst + <usize>(s * kc * 4);
    if (!transB) {
      // Element (p, j) lives at p·ldb + j: the NR columns of one p are contiguous.
      let src = b + <usize>((p0 * ldb + j0 + s) * 4);
      const stride = <usize>(ldb * 4);
      if (cols == NR) {
        for (let p = 0; p < kc; p++, src += stride) {
          const o = out + <usize>(p * 32);
          v128.store(o, v128.load(src));
          v128.store(o, v128.load(src, 16), 16);
        }
      } else {
        for (let p = 0; p < kc; p++, src += stride) {
          for (let c = 0; c < NR; c++) store<f32>(out + <usize>((p * NR + c) * 4), c < cols ? load<f32>(src + <usize>(c * 4)) : 0);
        }
      }
    } else {
      // Element (p, j) lives at j·ldb + p: rows of B are read along p and transposed 4×4 at a time.
      const src = b + <usize>(((j0 + s) * ldb + p0) * 4);
      const stride = <usize>(ldb * 4);
      if (cols == NR) {
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const q = src + <usize>(p * 4);
          const o = out + <usize>(p * 32);
          transposeStore(v128.load(q), v128.load(q + stride), v128.load(q + 2 * stride), v128.load(q + 3 * stride), o, 32);
          const q4 = q + 4 * stride;
          transposeStore(v128.load(q4), v128.load(q4 + stride), v128.load(q4 + 2 * stride), v128.load(q4 + 3 * stride), o + 16, 32);
        }
        for (; p < kc; p++) {
          for (let c = 0; c < NR; c++) store<f32>(out + <usize>((p * NR + c) * 4), load<f32>(src + <usize>(c) * stride + <usize>(p * 4)));
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let c = 0; c < NR; c++) store<f32>(out + <usize>((p * NR + c) * 4), c < cols ? load<f32>(src + <usize>(c) * stride + <usize>(p * 4)) : 0);
        }
      }
    }
  }
}

/**
 * The 4×8 micro-kernel: C[0:4, 0:8] (+)= Apanel·Bpanel over kc, C rows `ldc` bytes apart.
 * Accumulates into C when `accumulate` (later KC blocks), overwrites otherwise.
 */
function kernel4x8(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(pb);
    const b1 = v128.load(pb, 16);
    let a = v128.load32_splat(pa);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(pa, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(pa, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(pa, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    pa += 16;
    pb += 32;
  }
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c + ldc));
    c11 = f32x4.add(c11, v128.load(c + ldc, 16));
    c20 = f32x4.add(c20, v128.load(c + 2 * ldc));
    c21 = f32x4.add(c21, v128.load(c + 2 * ldc, 16));
    c30 = f32x4.add(c30, v128.load(c + 3 * ldc));
    c31 = f32x4.add(c31, v128.load(c + 3 * ldc, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c + ldc, c10);
  v128.store(c + ldc, c11, 16);
  v128.store(c + 2 * ldc, c20);
  v128.store(c + 2 * ldc, c21, 16);
  v128.store(c + 3 * ldc, c30);
  v128.store(c + 3 * ldc, c31, 16);
}

/** A ragged mr×nr corner of C: the full tile goes to `edgeTile`, then the valid part to C. */
function kernelEdge(kc: i32, pa: usize, pb: usize, c: usize, ldc: usize, mr: i32, nr: i32, accumulate: bool, edgeTile: usize): void {
  kernel4x8(kc, pa, pb, edgeTile, NR * 4, false);
  for (let r = 0; r < mr; r++) {
    const row = c + <usize>r * ldc;
    const tile = edgeTile + <usize>(r * NR * 4);
    for (let j = 0; j < nr; j++) {
      const o = row + <usize>(j * 4);
      const v = load<f32>(tile + <usize>(j * 4));
      store<f32>(o, accumulate ? load<f32>(o) + v : v);
    }
  }
}

/**
 * C[m,n] = op(A)·op(B) with A at `a` ([m,k], or [k,m] when transA), B at `b` ([k,n], or [n,k] when
 * transB), C at `c`; `lda`, `ldb`, `ldc` are the stored row lengths (in floats), so a block of a
 * larger product can be computed in place (how the work is split between threads).
 * `packAPtr`/`packBPtr` are this thread's scratch of packABytes()/packBBytes() bytes. With `addToC`,
 * C += op(A)·op(B) instead (summing products over a batch, e.g. a convolution's weight gradient).
 */
export function gemm(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, lda: i32, ldb: i32, ldcFloats: i32, transA: bool, transB: bool, packAPtr: usize, packBPtr: usize): void {
  gemmInto(a, b, c, m, k, n, lda, ldb, ldcFloats, transA, transB, packAPtr, packBPtr, false);
}

/** `gemm`, or with `addToC` C += op(A)·op(B). */
export function gemmInto(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32, lda: i32, ldb: i32, ldcFloats: i32, transA: bool, transB: bool, packAPtr: usize, packBPtr: usize, addToC: bool): void {
  const ldc = <usize>(ldcFloats * 4);
  if (k == 0) {
    if (!addToC) for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc, 0, <usize>(n * 4));
    return;
  }
  const edgeTile = packAPtr + <usize>(MC * KC * 4);
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b, ldb, transB, pc, kc, jc, nc, packBPtr);
      const accumulate = pc > 0 || addToC;
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, lda, transA, ic, mc, pc, kc, packAPtr);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const pb = packBPtr + <usize>(jr * kc * 4);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const pa = packAPtr + <usize>(ir * kc * 4);
            const cp = c + <usize>(ic + ir) * ldc + <usize>((jc + jr) * 4);
            if (mr == MR && nr == NR) kernel4x8(kc, pa, pb, cp, ldc, accumulate);
            else kernelEdge(kc, pa, pb, cp, ldc, mr, nr, accumulate, edgeTile);
          }
        }
      }
    }
  }
}
