/** The kernels descent's WebAssembly backend calls (src/backend/wasm). Pointers are byte offsets. */
export { gemm, packABytes, packBBytes } from './gemm';
export { binary, unary } from './elementwise';
export { sum, extreme, gather, scatterAdd } from './reduce';
export { gatherRows, scatterAddRows } from './rows';
export { im2col, col2im } from './window';
export { conv2d, conv2dInputGrad, conv2dWeightGrad, conv2dWeightGradBlock, maxPoolIndices } from './conv';

/** First free byte after the module's static data; the JS side manages memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
export { updatePacked } from './update-dispatch.generated';
export { biasActivation, biasActivationGrad, conv2dBiasActivation, softmaxCrossEntropy, softmaxCrossEntropyGrad } from './fused';
