/**
 * The fused kernels of the wasm backend (assembly/fused.ts): bias + activation and its backward,
 * convolution with bias + activation as its epilogue, softmax cross-entropy and its backward, on
 * float32 data. Each stages its operands and results as the other kernels do (staging.ts); float64
 * data and (except the convolution, which always runs in wasm as conv2d does) arrays shorter than
 * the backend's `minElementwise` go to the JS reference kernels (`withJsFallback`) — as the unfused
 * ops they replace would, so a fused op gives what the unfused ops give on the same backend. An
 * activation travels as its code (`activationCode`, from the activation table).
 */
import type { Backend } from '../backend.js';
import { allFloat32, withJsFallback } from './js-fallback.js';
import { activationCode } from '../activation-rules.js';
import type { KernelExports } from './module.js';
import type { Scratch } from './scratch.js';
import { createStaging } from './staging.js';

type FusedKernels = Pick<Backend, 'biasActivation' | 'biasActivationGrad' | 'conv2dBiasActivation' | 'softmaxCrossEntropy' | 'softmaxCrossEntropyGrad'>;

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
    biasActivation: withJsFallback('biasActivation',
      (_act, y, bias, _outer, _channels, _inner, out) => y.length >= minElementwise && allFloat32(y, bias, out),
      (act, y, bias, outer, channels, inner, out, p0) => {
        const [py, pb, po] = stage([y, bias], [out]) as [number, number, number];
        kernels.biasActivation(activationCode(act), py, pb, po, outer, channels, inner, p0);
        finish(out, po);
      }),

    biasActivationGrad: withJsFallback('biasActivationGrad',
      (_act, dy, out, _outer, _channels, _inner, dz, dBias) => dy.length >= minElementwise && allFloat32(dy, out, dz, dBias),
      (act, dy, out, outer, channels, inner, dz, dBias, p0) => {
        const [pdy, pout, pdz, pdb, pacc] = stage([dy, out], [dz, dBias], [dBias ? channels * 8 : 0]) as [number, number, number, number, number];
        kernels.biasActivationGrad(activationCode(act), pdy, pout, pdz, dBias ? pdb : 0, pacc, outer, channels, inner, p0);
        finish(dz, pdz);
        if (dBias) finish(dBias, pdb);
      }),

    conv2dBiasActivation: withJsFallback('conv2dBiasActivation',
      (x, weight, bias, _g, _o, _act, _p0, out) => out.length > 0 && allFloat32(x, weight, bias, out),
      (x, weight, bias, g, outChannels, act, p0, out) => {
        const colsBytes = g.channels * g.kernelH * g.kernelW * g.outH * g.outW * 4;
        const [px, pw, pb, po, pcols] = stage([x, weight, bias], [out], [colsBytes]) as [number, number, number, number, number];
        kernels.conv2dBiasActivation(activationCode(act), p0, px, pw, pb, po, outChannels, g.batch, g.channels, g.height, g.width, g.kernelH, g.kernelW,
          g.strideH, g.strideW, g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW, pcols, scratch.packA[0]!, scratch.packB[0]!);
        finish(out, po);
      }),

    softmaxCrossEntropy: withJsFallback('softmaxCrossEntropy',
      (logits, _target, _rows, _classes, loss, rowMax, rowSum) => logits.length >= minElementwise && allFloat32(logits, loss, rowMax, rowSum),
      (logits, target, rows, classes, loss, rowMax, rowSum) => {
        const [px, pt, pl, pm, ps] = stage([logits, target], [loss, rowMax, rowSum]) as [number, number, number, number, number];
        kernels.softmaxCrossEntropy(px, pt, pl, pm, ps, rows, classes);
        finish(loss, pl);
        finish(rowMax, pm);
        finish(rowSum, ps);
      }),

    softmaxCrossEntropyGrad: withJsFallback('softmaxCrossEntropyGrad',
      (logits, _target, _rows, _classes, rowMax, rowSum, upstream, dx) => logits.length >= minElementwise && allFloat32(logits, rowMax, rowSum, upstream, dx),
      (logits, target, rows, classes, rowMax, rowSum, upstream, dx) => {
        const [px, pt, pm, ps, pu, pdx] = stage([logits, target, rowMax, rowSum, upstream], [dx]) as [number, number, number, number, number, number];
        kernels.softmaxCrossEntropyGrad(px, pt, pm, ps, pu, pdx, rows, classes);
        finish(dx, pdx);
      }),
  };
}
