/**
 * Element types. Float32 is the default (what training uses); float64 is for exact checks against
 * PyTorch; int32 holds class indices and argmax results (PyTorch's int64 indices fit easily).
 */
export type DType = 'float32' | 'float64' | 'int32';

/** The storage for each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;
/** Storage of floating-point tensors (parameters, gradients). */
export type FloatArray = Float32Array | Float64Array;

/** Allocates zero-filled storage of `size` elements. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype of existing storage. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  return 'int32';
}

/** True for float32 and float64. */
export function isFloat(dtype: DType): dtype is 'float32' | 'float64' {
  return dtype !== 'int32';
}

/**
 * The result dtype of a binary op, as in PyTorch: float64 wins over float32 wins over int32.
 * (int32 op int32 stays int32 except for division, which the op promotes itself.)
 */
export function promote(a: DType, b: DType): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (a === 'float32' || b === 'float32') return 'float32';
  return 'int32';
}

/** Checks a user-supplied dtype name. */
export function checkDType(dtype: unknown, op: string): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  throw new Error(`${op}: unknown dtype '${String(dtype)}'; valid dtypes: float32, float64, int32`);
}
