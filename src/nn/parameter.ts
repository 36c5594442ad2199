/** Parameter: a leaf tensor that a module owns and an optimizer updates. */
import { allocateLongLived, type FloatArray } from '../tensor/dtype.js';
import { formatShape, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { untrack } from '../tensor/scope.js';

/** The floating-point dtypes a parameter can have. */
export type FloatDType = 'float32' | 'float64';

/** A tensor whose storage is floating point (what a parameter's gradient always is). */
export type FloatTensor = Tensor & { readonly data: FloatArray };

/**
 * A trainable tensor: a leaf with `requiresGrad` on by default, registered on a {@link Module} with
 * `registerParameter`. Optimizers read `grad` and write `data` in place (`p.data[i] -= lr * g[i]`).
 *
 * Unlike other tensors, a parameter's storage can be swapped for one of another dtype
 * ({@link Module.to}); the object stays the same, so references held by the module (and its fields)
 * stay valid. Build optimizers after calling `to()`, as in PyTorch.
 *
 * @example
 * const w = new Parameter(new Float32Array([1, 2, 3, 4]), [2, 2]);
 * const b = Parameter.from(zeros([2]));
 * w.requiresGrad;   // true
 */
export class Parameter extends Tensor {
  /** The accumulated gradient (same shape, floating point), or null before backward / after zeroGrad. */
  declare grad: FloatTensor | null;

  constructor(data: FloatArray, shape: Shape, requiresGrad = true) {
    if (!(data instanceof Float32Array || data instanceof Float64Array)) {
      throw new Error(`Parameter: expected float32 or float64 data, got ${(data as object).constructor.name} for shape ${formatShape(shape)}`);
    }
    super(data, shape, requiresGrad);
    untrack(this); // a model's, never released by a `tidy` scope
  }

  /** The storage: floating point, swapped (same object, new dtype) by Module.to(). */
  override get data(): FloatArray {
    return super.data as FloatArray;
  }
  override set data(d: FloatArray) {
    super.data = d;
  }

  /** A parameter holding a copy of `t`'s values (no graph history); `t` must be floating point. */
  static from(t: Tensor, requiresGrad = true): Parameter {
    if (t.dtype === 'int32') throw new Error(`Parameter.from: only float32/float64 tensors can be parameters, got int32 of shape ${formatShape(t.shape)}`);
    const data = allocateLongLived(t.dtype, t.size) as FloatArray;
    data.set(t.data);
    return new Parameter(data, t.shape, requiresGrad);
  }

  /**
   * A zero-filled parameter of `shape` (filled in by an init function), its storage where the active
   * backend's kernels reach it without a copy (wasm memory under the wasm backend).
   */
  static empty(shape: Shape, dtype: FloatDType = 'float32'): Parameter {
    return new Parameter(allocateLongLived(dtype, shape.reduce((n, d) => n * d, 1)) as FloatArray, shape);
  }

  override toString(): string {
    return `Parameter(${formatShape(this.shape)}, ${this.dtype}${this.requiresGrad ? '' : ', frozen'})`;
  }
}

/** Checks a user-given parameter dtype. */
export function checkFloatDType(dtype: unknown, where: string): FloatDType {
  if (dtype === 'float32' || dtype === 'float64') return dtype;
  throw new Error(`${where}: dtype must be 'float32' or 'float64', got ${JSON.stringify(dtype)}`);
}
