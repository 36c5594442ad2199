/**
 * Fused kernels: bias + activation (and its backward with the bias gradient), softmax cross-entropy
 * (and its backward). Each does, element by element, the arithmetic of the unfused ops it replaces —
 * add then the activation; max, sub, exp, sum, log, sub, gather, neg — rounding to the data's dtype
 * after each step as those ops' typed-array stores do, so the results are the same bits, without the
 * intermediate tensors. The activations are their rows of ACTIVATION_RULES (src/backend/activation-rules.ts).
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { FusedActivation, WindowGeometry } from '../backend.js';
import { ACTIVATION_RULES, float32Arithmetic, float64Arithmetic } from '../activation-rules.js';
import { conv2d } from './conv.js';

const { relu: RELU, leakyRelu: LEAKY_RELU, sigmoid: SIGMOID, tanh: TANH } = ACTIVATION_RULES;

const exact = (v: number): number => v;

/** Rounding to the dtype of `a`: what storing into it would do to an intermediate result. */
function roundingOf(a: TypedArray): (v: number) => number {
  return a instanceof Float32Array ? Math.fround : exact;
}

/**
 * out = act(y + bias), bias along the middle axis of [outer, channels, inner]: the add, stored (so
 * rounded to the dtype, as `add` rounds), then the activation's forward (ACTIVATION_RULES) in place,
 * as the unary kernel computes it.
 */
export function biasActivation(act: FusedActivation, y: TypedArray, bias: TypedArray, outer: number, channels: number, inner: number, out: TypedArray, p0: number): void {
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      const b = bias[c]!;
      for (let k = 0; k < inner; k++, i++) out[i] = y[i]! + b;
    }
  }
  const n = out.length;
  // NOTE: one loop per activation, each calling its own rule: a call site that sees one function is
  // inlined by the JIT; one loop calling whichever rule would make a call per element.
  switch (act) {
    case 'relu': for (let j = 0; j < n; j++) out[j] = RELU.forward(out[j]!, p0, 0); break;
    case 'leakyRelu': for (let j = 0; j < n; j++) out[j] = LEAKY_RELU.forward(out[j]!, p0, 0); break;
    case 'sigmoid': for (let j = 0; j < n; j++) out[j] = SIGMOID.forward(out[j]!, p0, 0); break;
    case 'tanh': for (let j = 0; j < n; j++) out[j] = TANH.forward(out[j]!, p0, 0); break;
  }
}

export function conv2dBiasActivation(x: TypedArray, weight: TypedArray, bias: TypedArray, g: WindowGeometry, outChannels: number, act: FusedActivation, p0: number, out: TypedArray): void {
  conv2d(x, weight, null, g, outChannels, out);
  // In place: each element is read before it is written.
  biasActivation(act, out, bias, g.batch, outChannels, g.outH * g.outW, out, p0);
}

/**
 * dz = dy·act'(out) from the saved output (the rule's derivative in the unfused VJP's operations,
 * rounded as they round), and, with `dBias`, the bias gradient Σ dz over the outer and inner axes.
 */
export function biasActivationGrad(act: FusedActivation, dy: TypedArray, out: TypedArray, outer: number, channels: number, inner: number, dz: TypedArray, dBias: TypedArray | null, p0: number): void {
  const a = dz instanceof Float32Array ? float32Arithmetic : float64Arithmetic;
  const n = dz.length;
  // One loop per activation, as in `biasActivation`.
  switch (act) {
    case 'relu': for (let i = 0; i < n; i++) dz[i] = dy[i]! * RELU.derivative(out[i]!, p0, 0, a); break;
    case 'leakyRelu': for (let i = 0; i < n; i++) dz[i] = dy[i]! * LEAKY_RELU.derivative(out[i]!, p0, 0, a); break;
    case 'sigmoid': for (let i = 0; i < n; i++) dz[i] = dy[i]! * SIGMOID.derivative(out[i]!, p0, 0, a); break;
    case 'tanh': for (let i = 0; i < n; i++) dz[i] = dy[i]! * TANH.derivative(out[i]!, p0, 0, a); break;
  }
  if (!dBias) return;
  // Double accumulators, summed in storage order: for inner = 1 the order of `sum(dz, 0)`.
  const acc = new Float64Array(channels);
  let i = 0;
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < channels; c++) {
      for (let k = 0; k < inner; k++, i++) acc[c] += dz[i]!;
    }
  }
  for (let c = 0; c < channels; c++) dBias[c] = acc[c]!;
}

export function softmaxCrossEntropy(logits: TypedArray, target: Int32Array, rows: number, classes: number, loss: TypedArray, rowMax: TypedArray, rowSum: TypedArray): void {
  const r = roundingOf(logits);
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    // The max kernel's rule: NaN wins and ends the scan.
    let m = logits[base]!;
    for (let j = 1; j < classes && m === m; j++) {
      const v = logits[base + j]!;
      if (v !== v || v > m) m = v;
    }
    let s = 0;
    for (let j = 0; j < classes; j++) s += r(Math.exp(r(logits[base + j]! - m)));
    s = r(s);
    const lse = r(Math.log(s));
    loss[i] = -r(r(logits[base + target[i]!]! - m) - lse);
    rowMax[i] = m;
    rowSum[i] = s;
  }
}

export function softmaxCrossEntropyGrad(logits: TypedArray, target: Int32Array, rows: number, classes: number, rowMax: TypedArray, rowSum: TypedArray, upstream: TypedArray, dx: TypedArray): void {
  const r = roundingOf(dx);
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    const u = upstream[i]!;
    const m = rowMax[i]!;
    // NOTE: written as the unfused backward computes it, signed zeros included: the one-hot part
    // scatter-added into zeros (0 + −u), the log-sum-exp's gradient summed from its negation.
    const picked = 0 + -u;
    const perSum = r(r(0 + -picked) / rowSum[i]!);
    const t = target[i]!;
    for (let j = 0; j < classes; j++) {
      const e = r(Math.exp(r(logits[base + j]! - m)));
      dx[base + j] = r(perSum * e) + (j === t ? picked : 0);
    }
  }
}
