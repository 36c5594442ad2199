/**
 * The kernel interface: the few loops every op is built from. Ops (src/ops) decide shapes, dtypes
 * and gradients; a backend only fills output buffers. The reference backend is plain TypeScript
 * (./js); a WebAssembly SIMD backend can implement the same interface without touching any op.
 *
 * Conventions: buffers are dense row-major; `out` is allocated by the caller with the right dtype and
 * size; kernels never allocate their result and never read `out` unless they say they accumulate.
 */
import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';
import type { UpdateArrays, UpdateKernelName, UpdateScalars, UpdateVariant } from './update-kernels.js';

/** Elementwise functions of one input; some take scalar parameters (`p0`, `p1`). */
export type UnaryKernel =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'abs' | 'sign' | 'square'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'erf'
  | 'relu' // max(x, 0)
  | 'leakyRelu' // p0 = negative slope
  | 'elu' // p0 = alpha
  | 'softplus' // p0 = beta, p1 = threshold: x where beta*x > threshold, else log1p(exp(beta x))/beta
  | 'gelu' // x Φ(x), erf form
  | 'silu' // x sigmoid(x)
  | 'clamp'; // p0 = min, p1 = max (either may be ±Infinity)

/** Elementwise functions of two broadcast inputs. Comparisons give 1 or 0. */
export type BinaryKernel = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'gt' | 'ge' | 'lt' | 'le' | 'eq' | 'ne';

/** Reductions over one axis. */
export type ReduceKernel = 'sum' | 'max' | 'min';

/**
 * Activations the fused bias + activation kernels apply (the `UnaryKernel` of the same name), each
 * one whose derivative follows from its output: relu' = [out > 0], leakyRelu' = out > 0 ? 1 : slope
 * (slope >= 0), sigmoid' = out(1 − out), tanh' = 1 − out².
 */
export type FusedActivation = 'relu' | 'leakyRelu' | 'sigmoid' | 'tanh';

/** Parameters of a 2-D sliding window (convolution and pooling), NCHW layout. */
export interface WindowGeometry {
  batch: number;
  channels: number;
  height: number;
  width: number;
  kernelH: number;
  kernelW: number;
  strideH: number;
  strideW: number;
  padH: number;
  padW: number;
  dilationH: number;
  dilationW: number;
  outH: number;
  outW: number;
}

/**
 * Optimizer updates a backend may run faster than the TypeScript loops in src/optim: one pass over a
 * float32 parameter `p` (updated in place), its gradient and its state arrays, by one of the kernels
 * of the table in update-kernels.ts. Each must give exactly the bits of the TypeScript loop it stands
 * in for (the optimizers call these only for in-place float32 steps, and the pure `update` keeps
 * using the TypeScript loops).
 */
export interface UpdateKernels {
  /** Shorter arrays are left to the TypeScript loops (calling out costs more than it saves there). */
  readonly minLength: number;
  /**
   * A copy of a float32 state array placed where these kernels reach it without copying (wasm
   * memory), or `a` itself where that is not possible. The optimizers keep their state there.
   */
  resident?(a: Float32Array): Float32Array;
  /**
   * One step of kernel `kind` with the loop `variant`: `arrays.p` updated in place from `arrays.g`
   * and the state arrays named in the kernel's row (all as long as p; null when unused), with the
   * row's scalars.
   *
   * @example
   * updates.update('adagrad', 'general', { p, g, sum }, { negClr: -0.01, eps: 1e-10, sign: 1, l2: 0 });
   */
  update<K extends UpdateKernelName>(kind: K, variant: UpdateVariant<K>, arrays: UpdateArrays<K>, scalars: UpdateScalars<K>): void;
}

/**
 * Storage for the tensors made inside a `tidy` scope (src/tensor/scope.ts) where this backend's
 * kernels reach it without a copy, freed deterministically when the scope ends. The arrays handed out
 * must stay valid until freed, whatever else is allocated meanwhile.
 */
export interface ScopedStorage {
  /** Zero-filled storage of `size` elements, or null (the tensor then gets a plain JS array). */
  take(dtype: DType, size: number): TypedArray | null;
  /** Returns storage from `take`; nothing may read or write it afterwards. */
  free(storage: TypedArray): void;
  /** Zero-fills `a` when it lives in this backend's memory (faster than `fill(0)` there); false otherwise. */
  zero(a: TypedArray): boolean;
}

export interface Backend {
  readonly name: string;
  /**
   * Where tensors made inside a `tidy` scope live, when this backend has a better place for them
   * than JS arrays (the wasm backend: its own memory, so kernels need no staging copies).
   */
  readonly scoped?: ScopedStorage;
  /** Float32 optimizer updates, where this backend has faster ones than the TypeScript loops. */
  readonly updates?: UpdateKernels;
  /**
   * Zero-filled storage for a long-lived tensor (a parameter, optimizer state) where this backend's
   * kernels reach it without a copy (wasm memory), or null for a plain JS array.
   * `allocateLongLived` (src/tensor/dtype.ts) asks the active backend.
   */
  allocate?(dtype: DType, size: number): TypedArray | null;
  unary(op: UnaryKernel, x: TypedArray, out: TypedArray, p0?: number, p1?: number): void;
  binary(op: BinaryKernel, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** out = cond ? a : b, all three broadcast to outShape (cond nonzero means true). */
  where(cond: TypedArray, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /**
   * Reduces `x` viewed as [outer, n, inner] over the middle axis into `out` ([outer, inner]).
   * For max/min, `indices` (if given) receives the position along the axis of the first extreme value.
   */
  reduce(op: ReduceKernel, x: TypedArray, outer: number, n: number, inner: number, out: TypedArray, indices?: Int32Array): void;
  /**
   * Batched matrix product: for each batch i, out[i] = op(A_i) op(B_i) where op transposes when asked,
   * A_i starts at aOffsets[i] (an [m,k] matrix, or [k,m] when transA) and B_i at bOffsets[i] ([k,n] or
   * [n,k]); out[i] is [m,n] at i*m*n.
   */
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, m: number, k: number, n: number, transA: boolean, transB: boolean, aOffsets: Int32Array, bOffsets: Int32Array): void;
  /** out = x with axes permuted: out.shape[i] = shape[perm[i]]. */
  permute(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /** Copies the block of `x` starting at `starts` with the shape `outShape` into `out`. */
  slice(x: TypedArray, shape: Shape, starts: readonly number[], out: TypedArray, outShape: Shape): void;
  /** Writes (or adds, when `accumulate`) `src` into the block of `dst` starting at `starts`. */
  writeSlice(src: TypedArray, srcShape: Shape, dst: TypedArray, dstShape: Shape, starts: readonly number[], accumulate: boolean): void;
  /** PyTorch gather: out[..i..] = x[.. index[..i..] at `axis` ..]; index has out's shape. */
  gather(x: TypedArray, xShape: Shape, axis: number, index: Int32Array, indexShape: Shape, out: TypedArray): void;
  /** Inverse of gather: out[.. index[..i..] ..] += src[..i..]. `out` is accumulated into. */
  scatterAdd(src: TypedArray, index: Int32Array, indexShape: Shape, axis: number, out: TypedArray, outShape: Shape): void;
  /**
   * Whole-row gather, `torch.index_select`'s loop: `src` viewed as [blocks, n, rowLength] and `out` as
   * [blocks, indices.length, rowLength]; out[b, j, :] = src[b, indices[j], :], one row copy (a memcpy)
   * per index. Any dtype (`out` has src's); indices are already checked to be in [0, n).
   */
  gatherRows(src: TypedArray, blocks: number, n: number, rowLength: number, indices: Int32Array, out: TypedArray): void;
  /**
   * The adjoint of `gatherRows`: out[b, indices[j], :] += src[b, j, :] (`out` is accumulated into),
   * each element of out summing its rows in the order of j, as `scatterAdd` sums them.
   */
  scatterAddRows(src: TypedArray, blocks: number, n: number, rowLength: number, indices: Int32Array, out: TypedArray): void;
  /** Sliding windows of an NCHW image into columns [N, C*kH*kW, outH*outW]; padding reads `padValue`. */
  im2col(x: TypedArray, g: WindowGeometry, padValue: number, out: TypedArray): void;
  /** Adjoint of im2col: adds columns back into an NCHW image (`out` is accumulated into). */
  col2im(cols: TypedArray, g: WindowGeometry, out: TypedArray): void;
  /**
   * Convolution (cross-correlation) of the NCHW images `x` (geometry `g`) with `weight`
   * [outChannels, g.channels, kH, kW]: out [N, outChannels, outH, outW] = weight · im2col(x) (+ bias
   * [outChannels] on each channel when given), image by image. `out` is overwritten.
   */
  conv2d(x: TypedArray, weight: TypedArray, bias: TypedArray | null, g: WindowGeometry, outChannels: number, out: TypedArray): void;
  /**
   * Max-pooling's choice: for each window of each image plane (`g.channels` is 1: planes are
   * [g.batch, height·width]), the position within its plane of the first maximum, scanning the window
   * row by row over the positions inside the image (NaN counts as the maximum). out [batch, outH·outW].
   */
  maxPoolIndices(x: TypedArray, g: WindowGeometry, out: Int32Array): void;
  /** The gradient of `conv2d` with respect to x: out [N, C, H, W] = col2im(weightᵀ · dy) (overwritten). */
  conv2dInputGrad(dy: TypedArray, weight: TypedArray, g: WindowGeometry, outChannels: number, out: TypedArray): void;
  /** The gradient of `conv2d` with respect to the weight: out = Σ_n dy[n] · im2col(x)[n]ᵀ (overwritten). */
  conv2dWeightGrad(x: TypedArray, dy: TypedArray, g: WindowGeometry, outChannels: number, out: TypedArray): void;
  /**
   * out = act(y + bias) with `y` viewed as [outer, channels, inner] and bias [channels] added along
   * the middle axis: a Linear layer's [rows, features] (inner 1) or a convolution's [N, C, H·W].
   * Each element is the `binary('add')` then `unary(act)` result bit for bit; `p0` is leakyRelu's slope.
   */
  biasActivation(act: FusedActivation, y: TypedArray, bias: TypedArray, outer: number, channels: number, inner: number, out: TypedArray, p0: number): void;
  /**
   * The backward of `biasActivation` from its output `out`: dz = dy · act'(out) (the product the
   * unfused VJP computes, in the same operations), and, when `dBias` is given, dBias[c] = Σ dz over
   * the outer and inner axes (accumulated in double precision, rounded once).
   */
  biasActivationGrad(act: FusedActivation, dy: TypedArray, out: TypedArray, outer: number, channels: number, inner: number, dz: TypedArray, dBias: TypedArray | null, p0: number): void;
  /**
   * `conv2d` with the bias, then the activation, as one kernel (the activation as the convolution's
   * epilogue): out = act(conv2d(x, weight, bias)), the same bits as `conv2d` then `biasActivation`.
   */
  conv2dBiasActivation(x: TypedArray, weight: TypedArray, bias: TypedArray, g: WindowGeometry, outChannels: number, act: FusedActivation, p0: number, out: TypedArray): void;
  /**
   * Softmax cross-entropy of `rows` rows of `classes` logits against class indices (checked to be in
   * range): per row the maximum m, the sum s of e^{x − m}, and loss = −((x_t − m) − log s), each step
   * rounded to the data's dtype as logSoftmax → gather → neg round them.
   */
  softmaxCrossEntropy(logits: TypedArray, target: Int32Array, rows: number, classes: number, loss: TypedArray, rowMax: TypedArray, rowSum: TypedArray): void;
  /**
   * Its backward from the forward's rowMax and rowSum: dx[i, j] = u_i/s_i · e^{x_ij − m_i} − u_i·[j = t_i]
   * for the upstream gradient u [rows] (softmax minus one-hot, scaled), rounded as the unfused VJPs round.
   */
  softmaxCrossEntropyGrad(logits: TypedArray, target: Int32Array, rows: number, classes: number, rowMax: TypedArray, rowSum: TypedArray, upstream: TypedArray, dx: TypedArray): void;
}
