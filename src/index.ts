/**
 * descent — train neural networks by gradient descent in TypeScript.
 * The one public entry point: everything a user needs is exported from here.
 */
import { chooseInitialBackend } from './backend/choose.js';

export { VERSION } from './version.js';

// Tensors.
export { Tensor, type TensorLike, type NestedArray } from './tensor/tensor.js';
export type { DType, TypedArray, FloatArray } from './tensor/dtype.js';
export { formatShape, broadcastShapes, type Shape } from './tensor/shape.js';
export { Random, manualSeed, defaultRandom, type RandomState } from './tensor/random.js';
export { tidy, keep, isReleased, ReleasedTensorError } from './tensor/scope.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint,
  type CreateOptions, type RandomOptions,
} from './tensor/creation.js';

// Backends.
export { backend, setBackend, registerBackend, getBackendName, type Backend } from './backend/index.js';
export { chooseBackend, backendFromEnvironment, BACKEND_CHOICES, type BackendChoice } from './backend/choose.js';
export { loadWasmBackend, loadWasmBackendAsync, useWasmBackend, wasmSimdSupported, wasmRelaxedSimdSupported, workerThreadsSupported, defaultThreads, threadsFromEnvironment, type LoadWasmOptions, type LoadWasmAsyncOptions, type WasmBackend } from './backend/wasm/index.js';

// Autograd.
export { noGrad, isGradEnabled, withGradMode } from './autograd/grad-mode.js';
export { grad, type BackwardOptions, type GradOptions } from './autograd/backward.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from './autograd/gradcheck.js';

// Ops.
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, sign, square, sin, cos, erf, clamp,
  maximum, minimum, gt, ge, lt, le, eq, ne, where, cast,
} from './ops/elementwise.js';
export { sum, mean, variance, logSumExp, max, min, maxWithIndices, minWithIndices, argmax, argmin, sumTo, type ValuesAndIndices } from './ops/reduce.js';
export { reshape, flatten, squeeze, unsqueeze, permute, transpose, expand, slice, narrow, concat, stack, split } from './ops/shape.js';
export { matmul, dot } from './ops/matmul.js';
export { gather, scatterInto, indexSelect, oneHot } from './ops/indexing.js';
export { sigmoid, tanh, relu, leakyRelu, elu, softplus, gelu, silu, softmax, logSoftmax } from './ops/activations.js';
export { conv2d, conv2dActivated, type Conv2dOptions } from './ops/conv.js';
export { biasActivation, type BiasActivationOptions, type FusedActivation } from './ops/bias-activation.js';
export { maxPool2d, avgPool2d, type Pool2dOptions, type AvgPool2dOptions } from './ops/pool.js';
export { dropout } from './ops/dropout.js';
export { batchNorm, layerNorm, type BatchNormOptions } from './ops/normalization.js';

// Divergences.
export * from './losses/index.js';

// Layers and models.
export * from './nn/index.js';

// Training.
export * from './train/index.js';

// Optimizers, schedules, iterate averaging, test functions.
export * from './optim/index.js';
export * from './schedules/index.js';
export * from './averaging/index.js';
export * from './functions/index.js';

// Run specifications by name (the command line's vocabulary).
export * from './specs/index.js';

// Data and files.
export * from './data/index.js';
export * from './io/index.js';
// What the file readers (readCsv, readIdx, loadIdxPair, loadSafetensors) accept: a path, a URL, or bytes.
export type { FileInput } from './platform/file-input.js';
export type { EncodeSafetensorsOptions, SaveSafetensorsOptions } from './io/safetensors.js';

// Moving models and optimizer state to and from PyTorch.
export * from './interop/index.js';

// K-means by online, mini-batch and batch updates.
export * from './kmeans/index.js';

// Formulas typed by a user, differentiated by autograd.
export * from './expression/index.js';

// Curvature and loss-landscape analysis: Hessian-vector products, top Hessian eigenvalues (sharpness), loss slices.
export * from './analysis/index.js';

// Importing the package picks the fastest backend available: WebAssembly SIMD in Node (or what
// DESCENT_BACKEND says), the TypeScript kernels in browsers until `loadWasmBackendAsync` is awaited.
// Once per process: a second copy of the package (CommonJS beside ES module) keeps the choice.
chooseInitialBackend();
