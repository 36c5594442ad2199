/**
 * im2col / col2im for float32 NCHW images (src/backend/js/window.ts is the reference): the same
 * loops, in the same order, with each output row split into its padded edges and its interior, which
 * for stride 1 is one contiguous run of the input row (a vector copy, or a vector add for col2im).
 * im2col only moves values; col2im adds into each image element in the JS kernel's order (one f32
 * addition at a time, which rounds exactly like the JS `+=` on a Float32Array), so both give the JS
 * kernels' bits.
 */

/** Stores `n` copies of `v` from `dst` on. */
// @ts-ignore: decorator
@inline function fill(dst: usize, v: f32, n: i32): void {
  const s = f32x4.splat(v);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>(i << 2), s);
  for (; i < n; i++) store<f32>(dst + <usize>(i << 2), v);
}

/** The first output column ox whose input column ox·stride + off is ≥ 0 (at most outW). */
// @ts-ignore: decorator
@inline function firstInside(off: i32, stride: i32, outW: i32): i32 {
  return off >= 0 ? 0 : min((-off + stride - 1) / stride, outW);
}

/** One past the last output column whose input column ox·stride + off is < width (at least `lo`). */
// @ts-ignore: decorator
@inline function endInside(off: i32, stride: i32, width: i32, outW: i32, lo: i32): i32 {
  return width - 1 - off < 0 ? lo : max(lo, min((width - 1 - off) / stride + 1, outW));
}

/**
 * Sliding windows of x ([batch, channels, height, width]) into out ([batch, channels·kH·kW,
 * outH·outW]); positions in the padding read `padValue`.
 */
export function im2col(x: usize, out: usize, batch: i32, channels: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32, padValue: f32): void {
  let o = out;
  const rowBytes = <usize>(outW << 2);
  for (let img = 0; img < batch * channels; img++) {
    const xBase = x + <usize>img * <usize>(height * width) * 4;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const off = kj * dilationW - padW;
        const lo = firstInside(off, strideW, outW);
        const hi = endInside(off, strideW, width, outW, lo);
        for (let oy = 0; oy < outH; oy++, o += rowBytes) {
          const y = oy * strideH - padH + ki * dilationH;
          if (y < 0 || y >= height) {
            fill(o, padValue, outW);
            continue;
          }
          const row = xBase + <usize>(y * width) * 4;
          fill(o, padValue, lo);
          if (strideW == 1) {
            // A run of a few dozen floats: an inline vector copy (memory.copy costs a call each).
            const dst = o + <usize>(lo << 2);
            const src = row + <usize>((lo + off) << 2);
            const n = hi - lo;
            let i = 0;
            for (; i + 4 <= n; i += 4) v128.store(dst + <usize>(i << 2), v128.load(src + <usize>(i << 2)));
            for (; i < n; i++) store<f32>(dst + <usize>(i << 2), load<f32>(src + <usize>(i << 2)));
          } else {
            for (let ox = lo; ox < hi; ox++) store<f32>(o + <usize>(ox << 2), load<f32>(row + <usize>((ox * strideW + off) << 2)));
          }
          fill(o + <usize>(hi << 2), padValue, outW - hi);
        }
      }
    }
  }
}

/** The adjoint of im2col: adds the columns ([batch, channels·kH·kW, outH·outW]) into out (the image). */
export function col2im(cols: usize, out: usize, batch: i32, channels: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32): void {
  let c = cols;
  const rowBytes = <usize>(outW << 2);
  for (let img = 0; img < batch * channels; img++) {
    const oBase = out + <usize>img * <usize>(height * width) * 4;
    for (let ki = 0; ki < kernelH; ki++) {
      for (let kj = 0; kj < kernelW; kj++) {
        const off = kj * dilationW - padW;
        const lo = firstInside(off, strideW, outW);
        const hi = endInside(off, strideW, width, outW, lo);
        for (let oy = 0; oy < outH; oy++, c += rowBytes) {
          const y = oy * strideH - padH + ki * dilationH;
          if (y < 0 || y >= height) continue;
          const row = oBase + <usize>(y * width) * 4;
          if (strideW == 1) {
            const dst = row + <usize>((lo + off) << 2);
            const src = c + <usize>(lo << 2);
            const n = hi - lo;
            let i = 0;
            for (; i + 4 <= n; i += 4) {
              const q = <usize>(i << 2);
              v128.store(dst + q, f32x4.add(v128.load(dst + q), v128.load(src + q)));
            }
            for (; i < n; i++) {
              const q = <usize>(i << 2);
              store<f32>(dst + q, load<f32>(dst + q) + load<f32>(src + q));
            }
          } else {
            for (let ox = lo; ox < hi; ox++) {
              const d = row + <usize>((ox * strideW + off) << 2);
              store<f32>(d, load<f32>(d) + load<f32>(c + <usize>(ox << 2)));
            }
          }
        }
      }
    }
  }
}
