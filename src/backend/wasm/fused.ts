/**
 * The fused kernels of the wasm backend (assembly/fused.ts): bias + activation and its backward,
 * convolution with bias + activation as its epilogue, softmax cross-entropy and its backward, on
 * float32 data. Each stages its operands and results as the other kernels do (staging.ts); float64 data and (except the convolution, which always runs in wasm as conv2d does) arrays
 * shorter than the backend's `minElementwise` go to the JS reference kernels — as the unfused ops
 * they replace would, so a fused op gives what the unfused ops give on the same backend.
 */
import type { TypedArray } from '../../tensor/dtype.js';
import type { Backend } from '../backend.js';
import { jsBackend } from '../js/js-backend.js';
import { activationCode } from '../activation-rules.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';
import { createStaging } from './staging.js';

type FusedKernels = Pick<Backend, 'biasActivation' | 'biasActivationGrad' | 'conv2dBiasActivation' | 'softmaxCrossEntropy' | 'softmaxCrossEntropyGrad'>;

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
  const { stage, finish } = createStaging(scratch);

  return {
    biasActivation(act, y, bias, outer, channels, inner, out, p0) {
      if (y.length < minElementwise || !allFloat32(y, bias, out)) {
        jsBackend.biasActivation(act, y, bias, outer, channels, inner, out, p0);
        return;
      }
      const [py, pb, po] = stage([y, bias], [out]) as [number, number, number];
      kernels.biasActivation(activationCode(act), py, pb, po, outer, channels, inner, p0);
      finish(out, po);
    },

    biasActivationGrad(act, dy, out, outer, channels, inner, dz, dBias, p0) {
      if (dy.length < minElementwise || !allFloat32(dy, out, dz, dBias)) {
        jsBackend.biasActivationGrad(act, dy, out, outer, channels, inner, dz, dBias, p0);
        return;
      }
      const [pdy, pout, pdz, pdb, pacc] = stage([dy, out], [dz, dBias], [dBias ? channels * 8 : 0]) as [number, number, number, number, number];
      kernels.biasActivationGrad(activationCode(act), pdy, pout, pdz, dBias ? pdb : 0, pacc, outer, channels, inner, p0);
      finish(dz, pdz);
      if (dBias) finish(dBias, pdb);
    },

    conv2dBiasActivation(x, weight, bias, g, outChannels, act, p0, out) {
      if (out.length === 0 || !allFloat32(x, weight, bias, out)) {
        jsBackend.conv2dBiasActivation(x, weight, bias, g, outChannels, act, p0, out);
        return;
      }
      const colsBytes = g.channels * g.kernelH * g.kernelW * g.outH * g.outW * 4;
      const [px, pw, pb, po, pcols] = stage([x, weight, bias], [out], [colsBytes]) as [number, number, number, number, number];
      kernels.conv2dBiasActivation(activationCode(act), p0, px, pw, pb, po, outChannels, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW,
        g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW, pcols, scratch.packA[0]!, scratch.packB[0]!);
      finish(out, po);
    },

    softmaxCrossEntropy(logits, target, rows, classes, loss, rowMax, rowSum) {
      if (logits.length < minElementwise || !allFloat32(logits, loss, rowMax, rowSum)) {
        jsBackend.softmaxCrossEntropy(logits, target, rows, classes, loss, rowMax, rowSum);
        return;
      }
      const [px, pt, pl, pm, ps] = stage([logits, target], [loss, rowMax, rowSum]) as [number, number, number, number, number];
      kernels.softmaxCrossEntropy(px, pt, pl, pm, ps, rows, classes);
      finish(loss, pl);
      finish(rowMax, pm);
      finish(rowSum, ps);
    },

    softmaxCrossEntropyGrad(logits, target, rows, classes, rowMax, rowSum, upstream, dx) {
      if (logits.length < minElementwise || !allFloat32(logits, rowMax, rowSum, upstream, dx)) {
        jsBackend.softmaxCrossEntropyGrad(logits, target, rows, classes, rowMax, rowSum, upstream, dx);
        return;
      }
      const [px, pt, pm, ps, pu, pdx] = stage([logits, target, rowMax, rowSum, upstream], [dx]) as [number, number, number, number, number, number];
      kernels.softmaxCrossEntropyGrad(px, pt, pm, ps, pu, pdx, rows, classes);
      finish(dx, pdx);
    },
  };
}
