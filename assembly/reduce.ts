/**
 * Sums of float32 data accumulated in double precision (as the JS kernels do), so long sums keep
 * float32 accuracy. x is viewed as [outer, n, inner] and summed over the middle axis.
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
