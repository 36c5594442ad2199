/**
 * 2-D convolution of float32 NCHW images, and its two gradients, one image at a time: each image's
 * columns (im2col, [C·kH·kW, outH·outW]) are built in a scratch buffer that stays in cache and never
 * leaves wasm memory, and go straight into the GEMM (or, for the input gradient, come out of it into
 * col2im). The same arithmetic as unfold → matmul → fold (src/backend/js/conv.ts), in float32 GEMMs.
 * `cols` is scratch of C·kH·kW·outH·outW floats; `packA`/`packB` are the GEMM's packing buffers.
 */
import { gemmInto } from './gemm';
import { col2im, im2col } from './window';

/**
 * out[n] = weight · cols(x[n]) for image n (no bias); returns out[n]'s byte offset. conv2d's loop body,
 * shared with the fused conv2dBiasActivation (assembly/fused.ts).
 */
// @ts-ignore: decorator
@inline export function convImage(n: i32, x: usize, weight: usize, out: usize, outChannels: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  cols: usize, packA: usize, packB: usize): usize {
  const rows = channels * kernelH * kernelW;
  const l = outH * outW;
  im2col(x + <usize>n * <usize>(channels * height * width) * 4, cols, 1, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW, 0);
  const y = out + <usize>n * <usize>(outChannels * l) * 4;
  gemmInto(weight, cols, y, outChannels, rows, l, rows, l, l, false, false, packA, packB, false);
  return y;
}

/**
 * out[n] ([O, outH·outW]) = weight ([O, C·kH·kW]) · cols(x[n]) (+ bias[o] on row o unless `bias` is
 * 0), for every image n.
 */
export function conv2d(x: usize, weight: usize, bias: usize, out: usize, outChannels: i32, batch: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  cols: usize, packA: usize, packB: usize): void {
  const l = outH * outW;
  for (let n = 0; n < batch; n++) {
    const y = convImage(n, x, weight, out, outChannels, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW, cols, packA, packB);
    if (bias != 0) {
      for (let o = 0; o < outChannels; o++) {
        const row = y + <usize>(o * l) * 4;
        const b = f32x4.splat(load<f32>(bias + <usize>(o << 2)));
        let i = 0;
        for (; i + 4 <= l; i += 4) v128.store(row + <usize>(i << 2), f32x4.add(v128.load(row + <usize>(i << 2)), b));
        for (; i < l; i++) store<f32>(row + <usize>(i << 2), load<f32>(row + <usize>(i << 2)) + f32x4.extract_lane(b, 0));
      }
    }
  }
}

/** Does v replace the running maximum? Not once it is NaN; else when v is NaN or larger (lane-wise). */
// @ts-ignore: decorator
@inline function beats(v: v128, best: v128): v128 {
  return v128.andnot(v128.or(f32x4.ne(v, v), f32x4.gt(v, best)), f32x4.ne(best, best));
}

/** 2×2 windows with stride 2 inside the image, four at a time: rows y and y + 1 split into even/odd columns. */
function maxPool2x2(x: usize, out: usize, batch: i32, height: i32, width: i32, outH: i32, outW: i32): void {
  let o = out;
  const ramp = i32x4(0, 2, 4, 6);
  for (let img = 0; img < batch; img++) {
    const base = x + <usize>img * <usize>(height * width) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const y = 2 * oy;
      const r0 = base + <usize>(y * width) * 4;
      const r1 = r0 + <usize>(width << 2);
      let ox = 0;
      for (; ox + 4 <= outW; ox += 4, o += 16) {
        const q = <usize>(ox << 3);
        const lo0 = v128.load(r0 + q), hi0 = v128.load(r0 + q, 16);
        const lo1 = v128.load(r1 + q), hi1 = v128.load(r1 + q, 16);
        // Window order: (0,0), (0,1), (1,0), (1,1).
        let best = i32x4.shuffle(lo0, hi0, 0, 2, 4, 6);
        let at = i32x4.add(i32x4.splat(y * width + 2 * ox), ramp);
        let v = i32x4.shuffle(lo0, hi0, 1, 3, 5, 7);
        let take = beats(v, best);
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(i32x4.add(at, i32x4.splat(1)), at, take);
        const at1 = i32x4.add(i32x4.splat(y * width + width + 2 * ox), ramp);
        v = i32x4.shuffle(lo1, hi1, 0, 2, 4, 6);
        take = beats(v, best);
        best = v128.bitselect(v, best, take);
        at = v128.bitselect(at1, at, take);
        v = i32x4.shuffle(lo1, hi1, 1, 3, 5, 7);
        take = beats(v, best);
        at = v128.bitselect(i32x4.add(at1, i32x4.splat(1)), at, take);
        v128.store(o, at);
      }
      for (; ox < outW; ox++, o += 4) {
        const p = y * width + 2 * ox;
        let best = load<f32>(base + <usize>p * 4);
        let at = p;
        for (let k = 1; k < 4; k++) {
          if (best != best) break;
          const q = p + (k >> 1) * width + (k & 1);
          const v = load<f32>(base + <usize>q * 4);
          if (v != v || v > best) {
            best = v;
            at = q;
          }
        }
        store<i32>(o, at);
      }
    }
  }
}

/**
 * Max-pooling's choice (src/backend/js/conv.ts maxPoolIndices is the reference): for each window of
 * each plane of x ([batch, height, width]), the position in its plane of the first maximum over the
 * positions inside the image; NaN counts as the maximum and ends the search. out: int32 [batch, outH·outW].
 */
export function maxPoolIndices(x: usize, out: usize, batch: i32, height: i32, width: i32, kernelH: i32, kernelW: i32,
  strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32): void {
  if (kernelH == 2 && kernelW == 2 && strideH == 2 && strideW == 2 && padH == 0 && padW == 0 && dilationH == 1 && dilationW == 1) {
    maxPool2x2(x, out, batch, height, width, outH, outW);
    return;
  }
  let o = out;
  for (let img = 0; img < batch; img++) {
    const base = x + <usize>img * <usize>(height * width) * 4;
    for (let oy = 0; oy < outH; oy++) {
      const y0 = oy * strideH - padH;
      // The window rows and columns inside the image: ki in [kiLo, kiHi), kj in [kjLo, kjHi).
      const kiLo = y0 >= 0 ? 0 : (-y0 + dilationH - 1) / dilationH;
      const kiHi = min(kernelH, (height - 1 - y0) / dilationH + 1);
      for (let ox = 0; ox < outW; ox++, o += 4) {
        const x0 = ox * strideW - padW;
        const kjLo = x0 >= 0 ? 0 : (-x0 + dilationW - 1) / dilationW;
        const kjHi = min(kernelW, (width - 1 - x0) / dilationW + 1);
        let best: f32 = 0;
        let at = -1;
        for (let ki = kiLo; ki < kiHi; ki++) {
          const row = (y0 + ki * dilationH) * width + x0;
          for (let kj = kjLo; kj < kjHi; kj++) {
            const q = row + kj * dilationW;
            const v = load<f32>(base + <usize>q * 4);
            if (at < 0 || v != v || v > best) {
              best = v;
              at = q;
              if (v != v) break;
            }
          }
          if (best != best && at >= 0) break;
        }
        store<i32>(o, at);
      }
    }
  }
}

/** dx[n] = col2im(weightᵀ · dy[n]): the gradient with respect to the input (dx is overwritten). */
export function conv2dInputGrad(dy: usize, weight: usize, dx: usize, outChannels: i32, batch: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  cols: usize, packA: usize, packB: usize): void {
  const rows = channels * kernelH * kernelW;
  const l = outH * outW;
  const image = <usize>(channels * height * width) * 4;
  memory.fill(dx, 0, <usize>batch * image);
  for (let n = 0; n < batch; n++) {
    gemmInto(weight, dy + <usize>n * <usize>(outChannels * l) * 4, cols, rows, outChannels, l, rows, l, l, true, false, packA, packB, false);
    col2im(cols, dx + <usize>n * image, 1, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW);
  }
}

/** dw ([O, C·kH·kW]) = Σ_n dy[n] · cols(x[n])ᵀ: the gradient with respect to the weight (overwritten). */
export function conv2dWeightGrad(x: usize, dy: usize, dw: usize, outChannels: i32, batch: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  cols: usize, packA: usize, packB: usize): void {
  conv2dWeightGradBlock(x, dy, dw, outChannels, batch, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW,
    dilationH, dilationW, outH, outW, 0, outChannels, 0, channels, cols, packA, packB);
}

/**
 * The block dw[o0:o1, c0·kH·kW : c1·kH·kW] of `conv2dWeightGrad` (how threads share it): output
 * channels o0..o1 against input channels c0..c1, over every image. Each entry is summed over the
 * images and the output positions in the same order as the whole product, so any split into blocks
 * gives the same bits. Only input channels c0..c1 are unfolded: `cols` holds (c1 − c0)·kH·kW·outH·outW floats.
 */
export function conv2dWeightGradBlock(x: usize, dy: usize, dw: usize, outChannels: i32, batch: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  o0: i32, o1: i32, c0: i32, c1: i32, cols: usize, packA: usize, packB: usize): void {
  const rows = channels * kernelH * kernelW;
  const blockRows = (c1 - c0) * kernelH * kernelW;
  const l = outH * outW;
  const plane = <usize>(height * width) * 4;
  const image = <usize>channels * plane;
  const corner = dw + <usize>(o0 * rows + c0 * kernelH * kernelW) * 4;
  if (batch == 0) {
    for (let o = o0; o < o1; o++) memory.fill(corner + <usize>((o - o0) * rows) * 4, 0, <usize>blockRows * 4);
  }
  for (let n = 0; n < batch; n++) {
    im2col(x + <usize>n * image + <usize>c0 * plane, cols, 1, c1 - c0, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW, 0);
    const dyBlock = dy + (<usize>n * <usize>outChannels + <usize>o0) * <usize>l * 4;
    gemmInto(dyBlock, cols, corner, o1 - o0, l, blockRows, l, l, rows, false, true, packA, packB, n > 0);
  }
}
