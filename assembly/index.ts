/** The kernels descent's WebAssembly backend calls (src/backend/wasm). Pointers are byte offsets. */
export { gemm, packABytes, packBBytes } from './gemm';
export { binary, unary } from './elementwise';
export { sum } from './reduce';

/** First free byte after the module's static data; the JS side manages memory from here. */
export function heapBase(): usize {
  return __heap_base;
}
export { adam, sgd, rmsprop } from './optim';
