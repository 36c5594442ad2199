/**
 * Reductions of float32 data viewed as [outer, n, inner] over the middle axis: sums accumulated in
 * double precision (as the JS kernels do), so long sums keep float32 accuracy; max/min with the
 * position of the first extreme; and scatterAdd, which sends values back to such positions (the
 * gradient of max/min, e.g. of max-pooling).
 */

/** inner == 1: out[o] = Σ_j x[o, j], with four double accumulators (two f64x2) per row. */
function sumRows(x: usize, outer: i32, n: i32, out: usize): void {
  for (let o = 0; o < outer; o++) {
    const row = x + <usize>o * <usize>(n << 2);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const v = v128.load(row + <usize>(j << 2));
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3)));
    }
    const s = f64x2.add(s0, s1);
    let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; j < n; j++) total += <f64>load<f32>(row + <usize>(j << 2));
    store<f32>(out + <usize>(o << 2), <f32>total);
  }
}

/**
 * inner > 1: out[o, i] = Σ_j x[o, j, i], row by row into `acc` (inner doubles of scratch), each
 * column summed in order j = 0, 1, ... exactly as the JS kernel does.
 */
function sumMiddle(x: usize, outer: i32, n: i32, inner: i32, out: usize, acc: usize): void {
  const rowBytes = <usize>(inner << 2);
  for (let o = 0; o < outer; o++) {
    memory.fill(acc, 0, <usize>(inner << 3));
    const block = x + <usize>o * <usize>n * rowBytes;
    for (let j = 0; j < n; j++) {
      const row = block + <usize>j * rowBytes;
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const v = v128.load(row + <usize>(i << 2));
        const a = acc + <usize>(i << 3);
        v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
        v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 2, 3))), 16);
      }
      for (; i < inner; i++) {
        const a = acc + <usize>(i << 3);
        store<f64>(a, load<f64>(a) + <f64>load<f32>(row + <usize>(i << 2)));
      }
    }
    const dst = out + <usize>o * rowBytes;
    let i = 0;
    for (; i + 4 <= inner; i += 4) {
      const a = acc + <usize>(i << 3);
      v128.store(dst + <usize>(i << 2), i32x4.shuffle(f32x4.demote_f64x2_zero(v128.load(a)), f32x4.demote_f64x2_zero(v128.load(a, 16)), 0, 1, 4, 5));
    }
    for (; i < inner; i++) store<f32>(dst + <usize>(i << 2), <f32>load<f64>(acc + <usize>(i << 3)));
  }
}

/** Sum of x ([outer, n, inner]) over its middle axis into out ([outer, inner]); `acc`: inner·8 bytes. */
export function sum(x: usize, outer: i32, n: i32, inner: i32, out: usize, acc: usize): void {
  if (inner == 1) sumRows(x, outer, n, out);
  else sumMiddle(x, outer, n, inner, out, acc);
}

/**
 * Does value v replace the running extreme `best`? The JS kernel's rule, lane by lane: never once best
 * is NaN (it stops there), else when v is NaN or strictly beyond best (so the first extreme wins ties).
 */
// @ts-ignore: decorator
@inline function replaces(isMax: bool, v: v128, best: v128): v128 {
  const beyond = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
  return v128.andnot(v128.or(f32x4.ne(v, v), beyond), f32x4.ne(best, best));
}

// @ts-ignore: decorator
@inline function extremeLoop(isMax: bool, x: usize, outer: i32, n: i32, inner: i32, out: usize, indices: usize): void {
  const rowBytes = <usize>(inner << 2);
  for (let o = 0; o < outer; o++) {
    const block = x + <usize>o * <usize>n * rowBytes;
    const dst = <usize>o * rowBytes;
    let i = 0;
    // Four columns at a time, each walking down its column j = 0..n-1.
    for (; i + 4 <= inner; i += 4) {
      const col = block + <usize>(i << 2);
      let best = v128.load(col);
      let bestJ = i32x4.splat(0);
      for (let j = 1; j < n; j++) {
        const v = v128.load(col + <usize>j * rowBytes);
        const take = replaces(isMax, v, best);
        best = v128.bitselect(v, best, take);
        bestJ = v128.bitselect(i32x4.splat(j), bestJ, take);
      }
      v128.store(out + dst + <usize>(i << 2), best);
      if (indices != 0) v128.store(indices + dst + <usize>(i << 2), bestJ);
    }
    for (; i < inner; i++) {
      const col = block + <usize>(i << 2);
      let best = load<f32>(col);
      let bestJ = 0;
      for (let j = 1; j < n; j++) {
        if (best != best) break;
        const v = load<f32>(col + <usize>j * rowBytes);
        if (v != v || (isMax ? v > best : v < best)) {
          best = v;
          bestJ = j;
        }
      }
      store<f32>(out + dst + <usize>(i << 2), best);
      if (indices != 0) store<i32>(indices + dst + <usize>(i << 2), bestJ);
    }
  }
}

function maxOver(x: usize, outer: i32, n: i32, inner: i32, out: usize, indices: usize): void {
  extremeLoop(true, x, outer, n, inner, out, indices);
}
function minOver(x: usize, outer: i32, n: i32, inner: i32, out: usize, indices: usize): void {
  extremeLoop(false, x, outer, n, inner, out, indices);
}

/**
 * Max (or min) of x ([outer, n, inner]) over its middle axis into out ([outer, inner]) and, unless
 * `indices` is 0, the int32 position of the first extreme value (NaN counts as the extreme, as in the
 * JS kernel and PyTorch).
 */
export function extreme(isMax: bool, x: usize, outer: i32, n: i32, inner: i32, out: usize, indices: usize): void {
  if (isMax) maxOver(x, outer, n, inner, out, indices);
  else minOver(x, outer, n, inner, out, indices);
}

/**
 * out[o, j, i] = x[o, index[o, j, i], i] for index and out of shape [outer, k, inner] and x of
 * [outer, n, inner] (indices outside [0, n) read 0; the ops check them before calling).
 */
export function gather(x: usize, index: usize, outer: i32, k: i32, inner: i32, out: usize, n: i32): void {
  let p: usize = 0;
  for (let o = 0; o < outer; o++) {
    const block = x + <usize>o * <usize>n * <usize>(inner << 2);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < inner; i++, p += 4) {
        const t = load<i32>(index + p);
        store<f32>(out + p, <u32>t < <u32>n ? load<f32>(block + (<usize>t * <usize>inner + <usize>i) * 4) : 0);
      }
    }
  }
}

/**
 * out[o, index[o, j, i], i] += src[o, j, i] for index and src of shape [outer, k, inner] and out of
 * [outer, n, inner], in the JS kernel's order (so each element of out sums in the same order). Indices
 * outside [0, n) are skipped (the ops check them before calling).
 */
export function scatterAdd(src: usize, index: usize, outer: i32, k: i32, inner: i32, out: usize, n: i32): void {
  let p: usize = 0;
  for (let o = 0; o < outer; o++) {
    const block = out + <usize>o * <usize>n * <usize>(inner << 2);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < inner; i++, p += 4) {
        const t = load<i32>(index + p);
        if (<u32>t >= <u32>n) continue;
        const d = block + (<usize>t * <usize>inner + <usize>i) * 4;
        store<f32>(d, load<f32>(d) + load<f32>(src + p));
      }
    }
  }
}
