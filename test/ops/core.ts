/**
 * The core of the public API (tensors, backends, autograd, ops, losses), re-exported from its own
 * source files. Why a list and not `export * from '../../src/index.js'`: importing the package runs
 * `chooseInitialBackend()` (src/index.ts), which in Node switches to the WebAssembly backend, while
 * the core tests check the TypeScript kernels' bits (and set backends themselves); it would also
 * load the whole library (data, training, experiments) into every core test. Importing these source
 * files has no side effect. `test/tensor/public-api.test.ts` checks that the public entry point
 * exports every name here as the same object, so the list cannot drift.
 *
 * The cleaner fix — choosing the backend on the first `backend()` call instead of at import, so the
 * package itself is side-effect free — belongs in src/backend/index.ts and src/backend/choose.ts
 * (a `setBackend` before that first call must count as the choice); until then, this list stays.
 */
export { VERSION } from '../../src/version.js';

// Tensors.
export { Tensor, type TensorLike, type NestedArray } from '../../src/tensor/tensor.js';
export type { DType, TypedArray, FloatArray } from '../../src/tensor/dtype.js';
export { formatShape, broadcastShapes, type Shape } from '../../src/tensor/shape.js';
export { Random, manualSeed, defaultRandom, type RandomState } from '../../src/tensor/random.js';
export {
  tensor, zeros, ones, full, zerosLike, onesLike, arange, linspace, eye, rand, randn, randint,
  type CreateOptions, type RandomOptions,
} from '../../src/tensor/creation.js';

// Backends.
export { backend, setBackend, registerBackend, getBackendName, type Backend } from '../../src/backend/index.js';

// Autograd.
export { noGrad, isGradEnabled, withGradMode } from '../../src/autograd/grad-mode.js';
export { grad, type BackwardOptions, type GradOptions } from '../../src/autograd/backward.js';
export { gradcheck, type GradcheckOptions, type GradcheckResult } from '../../src/autograd/gradcheck.js';

// Ops.
export {
  add, sub, mul, div, pow, neg, exp, log, log1p, sqrt, abs, sign, square, sin, cos, erf, clamp,
  maximum, minimum, gt, ge, lt, le, eq, ne, where, cast,
} from '../../src/ops/elementwise.js';
export { sum, mean, variance, logSumExp, max, min, maxWithIndices, minWithIndices, argmax, argmin, sumTo, type ValuesAndIndices } from '../../src/ops/reduce.js';
export { reshape, flatten, squeeze, unsqueeze, permute, transpose, expand, slice, narrow, concat, stack, split } from '../../src/ops/shape.js';
export { matmul, dot } from '../../src/ops/matmul.js';
export { gather, scatterInto, indexSelect, oneHot } from '../../src/ops/indexing.js';
export { sigmoid, tanh, relu, leakyRelu, elu, softplus, gelu, silu, softmax, logSoftmax } from '../../src/ops/activations.js';
export { conv2d, type Conv2dOptions } from '../../src/ops/conv.js';
export { maxPool2d, avgPool2d, type Pool2dOptions, type AvgPool2dOptions } from '../../src/ops/pool.js';
export { dropout } from '../../src/ops/dropout.js';
export { batchNorm, layerNorm, type BatchNormOptions } from '../../src/ops/normalization.js';

// Divergences.
export * from '../../src/losses/index.js';
