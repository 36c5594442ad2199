/**
 * Fused float32 kernels: bias + activation and its backward (with the bias gradient), softmax
 * cross-entropy and its backward (src/backend/js/fused.ts is the reference). Each runs the same
 * float32 operations, in the same order, as the unfused wasm kernels it replaces (binary add, the
 * unary activation, the activation's VJP products; max, sub, exp, the row sum's four double
 * accumulators), so it gives their bits in one pass and without intermediate arrays.
 */
import { applyUnary, exp2x } from './elementwise';
import { convImage } from './conv';
import { activationDerivative } from './activation-derivatives.generated';
// The activations' codes are their unary op codes (src/backend/activation-rules.ts).
import { RELU, LEAKY_RELU, SIGMOID, TANH } from './codes.generated';

/** out = act(y + b) for `n` floats, with `b` a vector read alongside (row) or a splat (channel). */
// @ts-ignore: decorator
@inline function forwardSpan(act: i32, y: usize, b: usize, bv: v128, rowBias: bool, out: usize, n: i32, p0: v128, p1: v128): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i << 2);
    const z = f32x4.add(v128.load(y + o), rowBias ? v128.load(b + o) : bv);
    v128.store(out + o, applyUnary(act, z, p0, p1));
  }
  for (; i < n; i++) {
    const o = <usize>(i << 2);
    store<f32>(out + o, activateOne(act, load<f32>(y + o) + (rowBias ? load<f32>(b + o) : f32x4.extract_lane(bv, 0)), p0, p1));
  }
}

/** act(z) for one float (the vector loops' tails; not inlined, to keep the module small). */
function activateOne(act: i32, z: f32, p0: v128, p1: v128): f32 {
  const zv = f32x4.splat(z);
  switch (act) {
    case RELU: return f32x4.extract_lane(applyUnary(RELU, zv, p0, p1), 0);
    case LEAKY_RELU: return f32x4.extract_lane(applyUnary(LEAKY_RELU, zv, p0, p1), 0);
    case SIGMOID: return f32x4.extract_lane(applyUnary(SIGMOID, zv, p0, p1), 0);
    default: return f32x4.extract_lane(applyUnary(TANH, zv, p0, p1), 0);
  }
}

// @ts-ignore: decorator
@inline function forwardLoop(act: i32, y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  // leakyRelu multiplies by its slope in double, as the unary kernel does.
  const p0 = act == LEAKY_RELU ? f64x2.splat(slope) : f32x4.splat(0);
  const p1 = f32x4.splat(0);
  if (inner == 1) {
    const rowBytes = <usize>(channels << 2);
    for (let r = 0; r < outer; r++) forwardSpan(act, y + <usize>r * rowBytes, bias, p1, true, out + <usize>r * rowBytes, channels, p0, p1);
    return;
  }
  const spanBytes = <usize>(inner << 2);
  for (let r = 0; r < outer * channels; r++) {
    const bv = f32x4.splat(load<f32>(bias + <usize>((r % channels) << 2)));
    forwardSpan(act, y + <usize>r * spanBytes, 0, bv, false, out + <usize>r * spanBytes, inner, p0, p1);
  }
}

function forwardRelu(y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  forwardLoop(RELU, y, bias, out, outer, channels, inner, slope);
}
function forwardLeakyRelu(y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  forwardLoop(LEAKY_RELU, y, bias, out, outer, channels, inner, slope);
}
function forwardSigmoid(y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  forwardLoop(SIGMOID, y, bias, out, outer, channels, inner, slope);
}
function forwardTanh(y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  forwardLoop(TANH, y, bias, out, outer, channels, inner, slope);
}

/**
 * out = act(y + bias) for y viewed as [outer, channels, inner] and bias [channels] along the middle
 * axis; `act` is the activation's unary op code, `slope` leakyRelu's negative slope.
 */
export function biasActivation(act: i32, y: usize, bias: usize, out: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  switch (act) {
    case RELU: forwardRelu(y, bias, out, outer, channels, inner, slope); break;
    case LEAKY_RELU: forwardLeakyRelu(y, bias, out, outer, channels, inner, slope); break;
    case SIGMOID: forwardSigmoid(y, bias, out, outer, channels, inner, slope); break;
    default: forwardTanh(y, bias, out, outer, channels, inner, slope); break;
  }
}

/**
 * dy · act'(y) from the output y: the activation rule's derivative (generated from
 * src/backend/activation-rules.ts), in the unfused VJPs' float32 operations, times dy.
 */
// @ts-ignore: decorator
@inline function derivativeTimes(act: i32, g: v128, y: v128, slope: v128): v128 {
  return f32x4.mul(g, activationDerivative(act, y, slope));
}

/**
 * dz = dy·act'(out) over `n` floats. With `sums`, also the bias gradient: per lane into the double
 * accumulators at `acc` (row layout: one per column, rows added in order as the sum kernel does), or
 * (channel layout, `acc` 0) returned as this span's double total.
 */
// @ts-ignore: decorator
@inline function backwardSpan(act: i32, dy: usize, out: usize, dz: usize, n: i32, slope: v128, sums: bool, acc: usize): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>(i << 2);
    const d = derivativeTimes(act, v128.load(dy + o), v128.load(out + o), slope);
    v128.store(dz + o, d);
    if (sums) {
      const lo = f64x2.promote_low_f32x4(d);
      const hi = f64x2.promote_low_f32x4(i32x4.shuffle(d, d, 2, 3, 2, 3));
      if (acc != 0) {
        const a = acc + <usize>(i << 3);
        v128.store(a, f64x2.add(v128.load(a), lo));
        v128.store(a, f64x2.add(v128.load(a, 16), hi), 16);
      } else {
        s0 = f64x2.add(s0, lo);
        s1 = f64x2.add(s1, hi);
      }
    }
  }
  const s = f64x2.add(s0, s1);
  let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; i < n; i++) {
    const o = <usize>(i << 2);
    const d = f32x4.extract_lane(derivativeTimes(act, f32x4.splat(load<f32>(dy + o)), f32x4.splat(load<f32>(out + o)), slope), 0);
    store<f32>(dz + o, d);
    if (sums) {
      if (acc != 0) store<f64>(acc + <usize>(i << 3), load<f64>(acc + <usize>(i << 3)) + <f64>d);
      else total += <f64>d;
    }
  }
  return total;
}

// @ts-ignore: decorator
@inline function backwardLoop(act: i32, sums: bool, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  const sv = f32x4.splat(<f32>slope);
  if (sums) memory.fill(acc, 0, <usize>(channels << 3));
  if (inner == 1) {
    const rowBytes = <usize>(channels << 2);
    for (let r = 0; r < outer; r++) {
      const off = <usize>r * rowBytes;
      backwardSpan(act, dy + off, out + off, dz + off, channels, sv, sums, acc);
    }
  } else {
    const spanBytes = <usize>(inner << 2);
    for (let r = 0; r < outer * channels; r++) {
      const off = <usize>r * spanBytes;
      const total = backwardSpan(act, dy + off, out + off, dz + off, inner, sv, sums, 0);
      if (sums) {
        const a = acc + <usize>((r % channels) << 3);
        store<f64>(a, load<f64>(a) + total);
      }
    }
  }
  if (sums) for (let c = 0; c < channels; c++) store<f32>(dBias + <usize>(c << 2), <f32>load<f64>(acc + <usize>(c << 3)));
}

function backwardRelu(sums: bool, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  if (sums) backwardLoop(RELU, true, dy, out, dz, dBias, acc, outer, channels, inner, slope);
  else backwardLoop(RELU, false, dy, out, dz, dBias, acc, outer, channels, inner, slope);
}
function backwardLeakyRelu(sums: bool, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  if (sums) backwardLoop(LEAKY_RELU, true, dy, out, dz, dBias, acc, outer, channels, inner, slope);
  else backwardLoop(LEAKY_RELU, false, dy, out, dz, dBias, acc, outer, channels, inner, slope);
}
function backwardSigmoid(sums: bool, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  if (sums) backwardLoop(SIGMOID, true, dy, out, dz, dBias, acc, outer, channels, inner, slope);
  else backwardLoop(SIGMOID, false, dy, out, dz, dBias, acc, outer, channels, inner, slope);
}
function backwardTanh(sums: bool, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  if (sums) backwardLoop(TANH, true, dy, out, dz, dBias, acc, outer, channels, inner, slope);
  else backwardLoop(TANH, false, dy, out, dz, dBias, acc, outer, channels, inner, slope);
}

/**
 * The backward of `biasActivation`: dz = dy·act'(out), and, unless `dBias` is 0, dBias[c] = Σ dz over
 * the outer and inner axes, accumulated in double in `acc` (channels·8 bytes of scratch).
 */
export function biasActivationGrad(act: i32, dy: usize, out: usize, dz: usize, dBias: usize, acc: usize, outer: i32, channels: i32, inner: i32, slope: f64): void {
  const sums = dBias != 0;
  switch (act) {
    case RELU: backwardRelu(sums, dy, out, dz, dBias, acc, outer, channels, inner, slope); break;
    case LEAKY_RELU: backwardLeakyRelu(sums, dy, out, dz, dBias, acc, outer, channels, inner, slope); break;
    case SIGMOID: backwardSigmoid(sums, dy, out, dz, dBias, acc, outer, channels, inner, slope); break;
    default: backwardTanh(sums, dy, out, dz, dBias, acc, outer, channels, inner, slope); break;
  }
}

/** e^(x − m) for four floats, as the unary exp kernel computes it (double, rounded once). */
// @ts-ignore: decorator
@inline function expShifted(x: v128, m: v128): v128 {
  const d = f32x4.sub(x, m);
  const lo = exp2x(f64x2.promote_low_f32x4(d));
  const hi = exp2x(f64x2.promote_low_f32x4(i32x4.shuffle(d, d, 2, 3, 2, 3)));
  return i32x4.shuffle(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

/** e^(x − m) for one float (tails; not inlined). */
function expShiftedOne(x: f32, m: f32): f32 {
  return f32x4.extract_lane(expShifted(f32x4.splat(x), f32x4.splat(m)), 0);
}

/** The row's maximum by the max kernel's rule (NaN wins and ends the scan). */
// @ts-ignore: decorator
@inline function rowMaximum(row: usize, classes: i32): f32 {
  let m = load<f32>(row);
  for (let j = 1; j < classes && m == m; j++) {
    const v = load<f32>(row + <usize>(j << 2));
    if (v != v || v > m) m = v;
  }
  return m;
}

/**
 * Per row i of `rows`×`classes` logits: rowMax[i] = m, rowSum[i] = s = Σ_j e^(x_ij − m) (four double
 * accumulators, as the row sum kernel adds), loss[i] = −((x_it − m) − log s) for the int32 class t.
 */
export function softmaxCrossEntropy(logits: usize, target: usize, loss: usize, rowMax: usize, rowSum: usize, rows: i32, classes: i32): void {
  const rowBytes = <usize>(classes << 2);
  for (let i = 0; i < rows; i++) {
    const row = logits + <usize>i * rowBytes;
    const m = rowMaximum(row, classes);
    const mv = f32x4.splat(m);
    let s0 = f64x2.splat(0);
    let s1 = f64x2.splat(0);
    let j = 0;
    for (; j + 4 <= classes; j += 4) {
      const e = expShifted(v128.load(row + <usize>(j << 2)), mv);
      s0 = f64x2.add(s0, f64x2.promote_low_f32x4(e));
      s1 = f64x2.add(s1, f64x2.promote_low_f32x4(i32x4.shuffle(e, e, 2, 3, 2, 3)));
    }
    const s = f64x2.add(s0, s1);
    let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
    for (; j < classes; j++) total += <f64>expShiftedOne(load<f32>(row + <usize>(j << 2)), m);
    const sum = <f32>total;
    const lse = <f32>Math.log(<f64>sum);
    const t = load<i32>(target + <usize>(i << 2));
    store<f32>(loss + <usize>(i << 2), -((load<f32>(row + <usize>(t << 2)) - m) - lse));
    store<f32>(rowMax + <usize>(i << 2), m);
    store<f32>(rowSum + <usize>(i << 2), sum);
  }
}

/**
 * dx[i, j] = (u_i / s_i)·e^(x_ij − m_i) + [j = t_i]·(−u_i) from the forward's rowMax and rowSum and the
 * upstream gradient u [rows], in the unfused backward's float32 operations (signed zeros included:
 * see src/backend/js/fused.ts).
 */
export function softmaxCrossEntropyGrad(logits: usize, target: usize, rowMax: usize, rowSum: usize, upstream: usize, dx: usize, rows: i32, classes: i32): void {
  const rowBytes = <usize>(classes << 2);
  const zero = f32x4.splat(0);
  for (let i = 0; i < rows; i++) {
    const row = logits + <usize>i * rowBytes;
    const drow = dx + <usize>i * rowBytes;
    const u = load<f32>(upstream + <usize>(i << 2));
    const picked: f32 = <f32>0 + -u;
    const perSum = f32x4.splat((<f32>0 + -picked) / load<f32>(rowSum + <usize>(i << 2)));
    const m = load<f32>(rowMax + <usize>(i << 2));
    const mv = f32x4.splat(m);
    let j = 0;
    for (; j + 4 <= classes; j += 4) {
      const o = <usize>(j << 2);
      v128.store(drow + o, f32x4.add(f32x4.mul(perSum, expShifted(v128.load(row + o), mv)), zero));
    }
    for (; j < classes; j++) {
      const o = <usize>(j << 2);
      store<f32>(drow + o, f32x4.extract_lane(perSum, 0) * expShiftedOne(load<f32>(row + o), m) + <f32>0);
    }
    const t = <usize>(load<i32>(target + <usize>(i << 2)) << 2);
    // The target's entry: the product (already plus zero) minus u — (A + 0) + picked equals A + picked
    // except for signed zeros, where A + picked is what the unfused sum gives: recompute it.
    const a = f32x4.extract_lane(perSum, 0) * expShiftedOne(load<f32>(row + t), m);
    store<f32>(drow + t, a + picked);
  }
}

/**
 * conv2d (assembly/conv.ts) with act(· + bias) as its epilogue: each image's output block goes
 * through `biasActivation` while it is still in cache — the bits of conv2d with the bias, then the
 * activation, without the round trip through a separate kernel.
 */
export function conv2dBiasActivation(act: i32, slope: f64, x: usize, weight: usize, bias: usize, out: usize, outChannels: i32, batch: i32, channels: i32, height: i32, width: i32,
  kernelH: i32, kernelW: i32, strideH: i32, strideW: i32, padH: i32, padW: i32, dilationH: i32, dilationW: i32, outH: i32, outW: i32,
  cols: usize, packA: usize, packB: usize): void {
  for (let n = 0; n < batch; n++) {
    const y = convImage(n, x, weight, out, outChannels, channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, dilationH, dilationW, outH, outW, cols, packA, packB);
    biasActivation(act, y, bias, y, 1, outChannels, outH * outW, slope);
  }
}
