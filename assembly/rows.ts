/**
 * Whole-row gather and scatter-add, `indexSelect`'s kernels (src/backend/js/layout.ts has the
 * reference loops): `src` viewed as [blocks, n, row] and the selection as [blocks, k, row]. A gather
 * only moves bytes, so it takes any dtype (rows measured in bytes) and copies each run of consecutive
 * indices with one `memory.copy`; the scatter-add adds float32 rows in the order of j, as the JS
 * kernel's `+=` does (each lane of f32x4.add rounds like one f32 addition), so both give its bits.
 */

/** Below this many bytes a run is copied by an inline vector loop (`memory.copy` costs a call). */
const MIN_MEMORY_COPY: i32 = 256;

// @ts-ignore: decorator
@inline function copyBytes(dst: usize, src: usize, bytes: i32): void {
  if (bytes >= MIN_MEMORY_COPY) {
    memory.copy(dst, src, <usize>bytes);
    return;
  }
  let i = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + <usize>i, v128.load(src + <usize>i));
  for (; i < bytes; i++) store<u8>(dst + <usize>i, load<u8>(src + <usize>i));
}

/**
 * out[b, j, :] = src[b, index[j], :] for `k` int32 indices (checked by the op: in [0, n)) and rows
 * of `rowBytes` bytes.
 */
export function gatherRows(src: usize, index: usize, out: usize, blocks: i32, n: i32, k: i32, rowBytes: i32): void {
  if (rowBytes == 0) return;
  const row = <usize>rowBytes;
  for (let b = 0; b < blocks; b++) {
    const srcBase = src + <usize>b * <usize>n * row;
    const outBase = out + <usize>b * <usize>k * row;
    let j = 0;
    while (j < k) {
      let end = j + 1;
      const first = load<i32>(index + (<usize>j << 2));
      while (end < k && load<i32>(index + (<usize>end << 2)) == first + (end - j)) end++;
      copyBytes(outBase + <usize>j * row, srcBase + <usize>first * row, (end - j) * rowBytes);
      j = end;
    }
  }
}

/** out[b, index[j], :] += src[b, j, :] for float32 rows of `row` elements (indices checked by the op). */
export function scatterAddRows(src: usize, index: usize, out: usize, blocks: i32, n: i32, k: i32, row: i32): void {
  const rowBytes = <usize>row << 2;
  for (let b = 0; b < blocks; b++) {
    const srcBase = src + <usize>b * <usize>k * rowBytes;
    const outBase = out + <usize>b * <usize>n * rowBytes;
    for (let j = 0; j < k; j++) {
      const s = srcBase + <usize>j * rowBytes;
      const d = outBase + <usize>load<i32>(index + (<usize>j << 2)) * rowBytes;
      let i = 0;
      for (; i + 4 <= row; i += 4) {
        const q = <usize>(i << 2);
        v128.store(d + q, f32x4.add(v128.load(d + q), v128.load(s + q)));
      }
      for (; i < row; i++) {
        const q = <usize>(i << 2);
        store<f32>(d + q, load<f32>(d + q) + load<f32>(s + q));
      }
    }
  }
}
