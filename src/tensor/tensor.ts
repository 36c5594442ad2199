/**
 * The N-d tensor: dense row-major storage (Float32Array by default, Float64Array for exact checks,
 * Int32Array for indices), a shape, and — when it takes part in autograd — the node that made it.
 *
 * Tensors are treated as immutable by every op; only optimizers and `noGrad` code write into a
 * parameter's `data` in place. Methods are thin wrappers over the functions in `src/ops`.
 */
import type { GradNode } from '../autograd/node.js';
import { backward as runBackward, type BackwardOptions } from '../autograd/backward.js';
import { dtypeOf, type DType, type TypedArray } from './dtype.js';
import { formatShape, sizeOf, type Shape } from './shape.js';
import { releasedTensorError, trackStorageChange, trackTensor } from './scope.js';
import * as ew from '../ops/elementwise.js';
import * as red from '../ops/reduce.js';
import * as sh from '../ops/shape.js';
import * as lin from '../ops/matmul.js';
import * as act from '../ops/activations.js';
import * as idx from '../ops/indexing.js';

/** A number or a tensor: ops accept plain numbers and treat them as 0-d tensors of the other dtype. */
export type TensorLike = Tensor | number;

export class Tensor {
  // The storage behind `data`; null once a `tidy` scope released this tensor (src/tensor/scope.ts).
  private storage: TypedArray | null;
  readonly shape: readonly number[];
  /** When true, backward() computes a gradient for this tensor (accumulated in `grad` on leaves). */
  requiresGrad: boolean;
  /** The accumulated gradient of a leaf after `backward()`. */
  grad: Tensor | null = null;
  /** The op that produced this tensor; null for leaves (created by the user, or detached). */
  gradNode: GradNode | null = null;

  constructor(data: TypedArray, shape: Shape, requiresGrad = false) {
    if (data.length !== sizeOf(shape)) {
      throw new Error(`Tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} elements but the data has ${data.length}`);
    }
    this.storage = data;
    this.shape = Object.freeze([...shape]);
    this.requiresGrad = requiresGrad;
    trackTensor(this);
  }

  /**
   * The elements, dense row-major. Throws a `ReleasedTensorError` once a `tidy` scope released this
   * tensor. Assigning replaces the storage with one of the same length (what `Module.to` does to a
   * parameter); ops never do.
   */
  get data(): TypedArray {
    const d = this.storage;
    if (d === null) throw releasedTensorError(this);
    return d;
  }
  set data(d: TypedArray) {
    if (d.length !== this.data.length) throw new Error(`Tensor: new storage of ${d.length} elements for shape ${formatShape(this.shape)} (${this.data.length} elements)`);
    this.storage = d;
    trackStorageChange(this);
  }

  get dtype(): DType {
    return dtypeOf(this.data);
  }
  get rank(): number {
    return this.shape.length;
  }
  get size(): number {
    return this.data.length;
  }
  /** True when this tensor was created by the user rather than by an op. */
  get isLeaf(): boolean {
    return this.gradNode === null;
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new Error(`item: only a one-element tensor has an item; this one has shape ${formatShape(this.shape)}`);
    return this.data[0]!;
  }

  /** Nested arrays of numbers, shaped like the tensor (a number for a 0-d tensor). */
  toArray(): NestedArray {
    const build = (offset: number, axis: number): NestedArray => {
      if (axis === this.shape.length) return this.data[offset]!;
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(offset + i * stride, axis + 1));
    };
    return build(0, 0);
  }

  /** The elements as a plain array, row-major. */
  toFlatArray(): number[] {
    return Array.from(this.data);
  }

  toString(): string {
    if (this.storage === null) return `Tensor(${formatShape(this.shape)}, released)`;
    return `Tensor(${formatShape(this.shape)}, ${this.dtype}${this.requiresGrad ? ', requiresGrad' : ''})`;
  }

  /**
   * Backpropagates from this tensor: accumulates d(this)/d(leaf) into `grad` of every leaf that
   * requires it. A non-scalar tensor needs `gradOutput` (the vector of the vector-Jacobian product).
   */
  backward(gradOutput?: Tensor, options?: BackwardOptions): void {
    runBackward(this, gradOutput, options);
  }

  /** A tensor sharing this data with no graph history (gradients stop here). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape, false);
  }

  /** Marks this leaf as requiring a gradient (returns this, for chaining). */
  requireGrad(on = true): this {
    if (!this.isLeaf && !on) throw new Error('requireGrad: cannot switch off gradients of a non-leaf tensor; use detach()');
    if (on && this.dtype === 'int32') throw new Error('requireGrad: only floating-point tensors can require gradients (this one is int32)');
    this.requiresGrad = on;
    return this;
  }

  /** Sets the accumulated gradient to null. */
  zeroGrad(): void {
    this.grad = null;
  }

  /** A copy of the data (no graph). */
  clone(): Tensor {
    return new Tensor(this.data.slice(), this.shape, false);
  }

  /** This tensor in another dtype (differentiable between float dtypes). */
  to(dtype: DType): Tensor {
    return ew.cast(this, dtype);
  }

  // Arithmetic (broadcasting).
  add(other: TensorLike): Tensor { return ew.add(this, other); }
  sub(other: TensorLike): Tensor { return ew.sub(this, other); }
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  div(other: TensorLike): Tensor { return ew.div(this, other); }
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  square(): Tensor { return ew.square(this); }
  clamp(min: number, max: number): Tensor { return ew.clamp(this, min, max); }
  maximum(other: TensorLike): Tensor { return ew.maximum(this, other); }
  minimum(other: TensorLike): Tensor { return ew.minimum(this, other); }
  gt(other: TensorLike): Tensor { return ew.gt(this, other); }
  lt(other: TensorLike): Tensor { return ew.lt(this, other); }
  ge(other: TensorLike): Tensor { return ew.ge(this, other); }
  le(other: TensorLike): Tensor { return ew.le(this, other); }
  eq(other: TensorLike): Tensor { return ew.eq(this, other); }

  // Activations.
  sigmoid(): Tensor { return act.sigmoid(this); }
  tanh(): Tensor { return act.tanh(this); }
  relu(): Tensor { return act.relu(this); }
  softmax(axis = -1): Tensor { return act.softmax(this, axis); }
  logSoftmax(axis = -1): Tensor { return act.logSoftmax(this, axis); }

  // Reductions.
  sum(axes?: number | readonly number[], keepdim = false): Tensor { return red.sum(this, axes, keepdim); }
  mean(axes?: number | readonly number[], keepdim = false): Tensor { return red.mean(this, axes, keepdim); }
  max(axis?: number, keepdim = false): Tensor { return red.max(this, axis, keepdim); }
  min(axis?: number, keepdim = false): Tensor { return red.min(this, axis, keepdim); }
  argmax(axis?: number, keepdim = false): Tensor { return red.argmax(this, axis, keepdim); }

  // Shape.
  reshape(shape: readonly number[]): Tensor { return sh.reshape(this, shape); }
  flatten(startAxis = 0, endAxis = -1): Tensor { return sh.flatten(this, startAxis, endAxis); }
  transpose(axis0 = -2, axis1 = -1): Tensor { return sh.transpose(this, axis0, axis1); }
  permute(perm: readonly number[]): Tensor { return sh.permute(this, perm); }
  squeeze(axis?: number): Tensor { return sh.squeeze(this, axis); }
  unsqueeze(axis: number): Tensor { return sh.unsqueeze(this, axis); }
  expand(shape: readonly number[]): Tensor { return sh.expand(this, shape); }
  slice(starts: readonly number[], ends: readonly number[]): Tensor { return sh.slice(this, starts, ends); }

  // Linear algebra and indexing.
  matmul(other: Tensor): Tensor { return lin.matmul(this, other); }
  gather(axis: number, index: Tensor): Tensor { return idx.gather(this, axis, index); }
  indexSelect(axis: number, index: Tensor | readonly number[]): Tensor { return idx.indexSelect(this, axis, index); }
}

/** Nested arrays of numbers, as produced by `toArray()` and accepted by `tensor()`. */
export type NestedArray = number | NestedArray[];
