/** The reference backend: plain TypeScript loops, float32/float64 alike, runs everywhere. */
import type { Backend } from '../backend.js';
import { binary, unary, where } from './elementwise.js';
import { reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { gather, gatherRows, permute, scatterAdd, scatterAddRows, slice, writeSlice } from './layout.js';
import { col2im, im2col } from './window.js';
import { conv2d, conv2dInputGrad, conv2dWeightGrad, maxPoolIndices } from './conv.js';
import { biasActivation, biasActivationGrad, conv2dBiasActivation, softmaxCrossEntropy, softmaxCrossEntropyGrad } from './fused.js';

export const jsBackend: Backend = {
  name: 'js',
  unary,
  binary,
  where,
  reduce,
  matmul,
  permute,
  slice,
  writeSlice,
  gather,
  scatterAdd,
  gatherRows,
  scatterAddRows,
  im2col,
  col2im,
  conv2d,
  conv2dInputGrad,
  conv2dWeightGrad,
  maxPoolIndices,
  biasActivation,
  biasActivationGrad,
  conv2dBiasActivation,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
};
