/**
 * The fused kernels of the wasm backend (assembly/fused.ts): bias + activation and its backward,
 * convolution with bias + activation as its epilogue, softmax cross-entropy and its backward, on
 * float32 data. Each copies its operands into wasm memory and its results out, as the other kernels
 * do; float64 data and (except the convolution, which always runs in wasm as conv2d does) arrays
 * shorter than the backend's `minElementwise` go to the JS reference kernels — as the unfused ops
 * they replace would, so a fused op gives what the unfused ops give on the same backend.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Backend, FusedActivation } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import { UNARY_CODES } from './codes.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';

type FusedKernels = Pick<Backend, 'biasActivation' | 'biasActivationGrad' | 'conv2dBiasActivation' | 'softmaxCrossEntropy' | 'softmaxCrossEntropyGrad'>;

/** The activations' op codes (the unary kernel's). */
const ACTIVATION_CODES: Record<FusedActivation, number> = {
  relu: UNARY_CODES.relu!,
  leakyRelu: UNARY_CODES.leakyRelu!,
  sigmoid: UNARY_CODES.sigmoid!,
  tanh: UNARY_CODES.tanh!,
};

/** True when every array is float32 (the only dtype the wasm kernels take). */
function allFloat32(...arrays: ReadonlyArray<TypedArray | null>): boolean {
  return arrays.every((a) => a === null || a instanceof Float32Array);
}

/**
 * The five fused kernels of a wasm backend, on its kernels and working memory (spread into the
 * backend object by `createWasmBackend`).
 *
 * @example
 * const backend = { ...jsBackend, ...createWasmFused(compiled.exports, new Scratch(compiled.exports), 256) };
 */
export function createWasmFused(kernels: KernelExports, scratch: Scratch, minElementwise: number): FusedKernels {
  const put = (x: TypedArray, at: number): void => scratch.f32().set(x, at >> 2);
  const take = (at: number, out: TypedArray): void => out.set(scratch.f32().subarray(at >> 2, (at >> 2) + out.length));

  return {
    biasActivation(act, y, bias, outer, channels, inner, out, p0) {
      if (y.length < minElementwise || !allFloat32(y, bias, out)) {
        jsBackend.biasActivation(act, y, bias, outer, channels, inner, out, p0);
        return;
      }
      const [py, pb, po] = scratch.reserve(y.length * 4, bias.length * 4, out.length * 4) as [number, number, number];
      put(y, py);
      put(bias, pb);
      kernels.biasActivation(ACTIVATION_CODES[act], py, pb, po, outer, channels, inner, p0);
      take(po, out);
    },

    biasActivationGrad(act, dy, out, outer, channels, inner, dz, dBias, p0) {
      if (dy.length < minElementwise || !allFloat32(dy, out, dz, dBias)) {
        jsBackend.biasActivationGrad(act, dy, out, outer, channels, inner, dz, dBias, p0);
        return;
      }
      const n = dy.length * 4;
      const [pdy, pout, pdz, pdb, pacc] = scratch.reserve(n, n, n, dBias ? channels * 4 : 0, dBias ? channels * 8 : 0) as [number, number, number, number, number];
      put(dy, pdy);
      put(out, pout);
      kernels.biasActivationGrad(ACTIVATION_CODES[act], pdy, pout, pdz, dBias ? pdb : 0, pacc, outer, channels, inner, p0);
      take(pdz, dz);
      if (dBias) take(pdb, dBias);
    },

    conv2dBiasActivation(x, weight, bias, g, outChannels, act, p0, out) {
      if (out.length === 0 || !allFloat32(x, weight, bias, out)) {
        jsBackend.conv2dBiasActivation(x, weight, bias, g, outChannels, act, p0, out);
        return;
      }
      const colsBytes = g.channels * g.kernelH * g.kernelW * g.outH * g.outW * 4;
      const [px, pw, pb, po, pcols] = scratch.reserve(x.length * 4, weight.length * 4, bias.length * 4, out.length * 4, colsBytes) as [number, number, number, number, number];
      put(x, px);
      put(weight, pw);
      put(bias, pb);
      kernels.conv2dBiasActivation(ACTIVATION_CODES[act], p0, px, pw, pb, po, outChannels, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW,
        g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW, pcols, scratch.packA[0]!, scratch.packB[0]!);
      take(po, out);
    },

    softmaxCrossEntropy(logits, target, rows, classes, loss, rowMax, rowSum) {
      if (logits.length < minElementwise || !allFloat32(logits, loss, rowMax, rowSum)) {
        jsBackend.softmaxCrossEntropy(logits, target, rows, classes, loss, rowMax, rowSum);
        return;
      }
      const [px, pt, pl, pm, ps] = scratch.reserve(logits.length * 4, rows * 4, rows * 4, rows * 4, rows * 4) as [number, number, number, number, number];
      put(logits, px);
      new Int32Array(scratch.f32().buffer, pt, rows).set(target);
      kernels.softmaxCrossEntropy(px, pt, pl, pm, ps, rows, classes);
      take(pl, loss);
      take(pm, rowMax);
      take(ps, rowSum);
    },

    softmaxCrossEntropyGrad(logits, target, rows, classes, rowMax, rowSum, upstream, dx) {
      if (logits.length < minElementwise || !allFloat32(logits, rowMax, rowSum, upstream, dx)) {
        jsBackend.softmaxCrossEntropyGrad(logits, target, rows, classes, rowMax, rowSum, upstream, dx);
        return;
      }
      const r = rows * 4;
      const [px, pt, pm, ps, pu, pdx] = scratch.reserve(logits.length * 4, r, r, r, r, logits.length * 4) as [number, number, number, number, number, number];
      put(logits, px);
      new Int32Array(scratch.f32().buffer, pt, rows).set(target);
      put(rowMax, pm);
      put(rowSum, ps);
      put(upstream, pu);
      kernels.softmaxCrossEntropyGrad(px, pt, pm, ps, pu, pdx, rows, classes);
      take(pdx, dx);
    },
  };
}
