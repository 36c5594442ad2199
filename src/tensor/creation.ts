/**
 * Creating tensors: from nested arrays or typed arrays, constant fills, ranges, identity, and random
 * samples from the seeded generator.
 */
import { allocate, checkDType, type DType, type TypedArray } from './dtype.js';
import { checkShape, formatShape, sizeOf, type Shape } from './shape.js';
import { defaultRandom, type Random } from './random.js';
import { Tensor, type NestedArray } from './tensor.js';

export interface CreateOptions {
  /** Element type (default float32). */
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends CreateOptions {
  /** Generator to draw from (default: the library-wide one, see `manualSeed`). */
  random?: Random;
}

function shapeOfNested(value: NestedArray, op: string): number[] {
  const shape: number[] = [];
  let v: NestedArray = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  const check = (x: NestedArray, axis: number, path: string): void => {
    if (axis === shape.length) {
      if (typeof x !== 'number') throw new Error(`${op}: element ${path} is ${Array.isArray(x) ? 'an array' : typeof x}; expected a number (ragged nesting?)`);
      return;
    }
    if (!Array.isArray(x) || x.length !== shape[axis]) {
      throw new Error(`${op}: ragged nested array: ${path || 'the top level'} should have ${shape[axis]} entries at depth ${axis}`);
    }
    x.forEach((y, i) => check(y, axis + 1, `${path}[${i}]`));
  };
  check(value, 0, '');
  return shape;
}

/**
 * Makes a tensor from nested arrays (`[[1, 2], [3, 4]]`), a flat array or typed array with a shape,
 * or a single number.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
 */
export function tensor(values: NestedArray | TypedArray | readonly number[], options: CreateOptions & { shape?: Shape } = {}): Tensor {
  const dtype = checkDType(options.dtype ?? (values instanceof Float64Array ? 'float64' : values instanceof Int32Array ? 'int32' : 'float32'), 'tensor');
  let shape: number[];
  let flat: ArrayLike<number>;
  if (ArrayBuffer.isView(values)) {
    flat = values as TypedArray;
    shape = options.shape ? checkShape(options.shape, 'tensor') : [flat.length];
  } else if (options.shape) {
    shape = checkShape(options.shape, 'tensor');
    flat = typeof values === 'number' ? [values] : (values as NestedArray[]).flat(Infinity as 1) as number[];
  } else {
    shape = shapeOfNested(values as NestedArray, 'tensor');
    flat = typeof values === 'number' ? [values] : (values as NestedArray[]).flat(Infinity as 1) as number[];
  }
  if (flat.length !== sizeOf(shape)) {
    throw new Error(`tensor: shape ${formatShape(shape)} needs ${sizeOf(shape)} values but ${flat.length} were given`);
  }
  const data = allocate(dtype, flat.length);
  data.set(flat);
  const t = new Tensor(data, shape);
  if (options.requiresGrad) t.requireGrad();
  return t;
}

/** A filled tensor; `op` names the user-facing function in error messages. */
function filled(shape: Shape, value: number, options: CreateOptions, op: string): Tensor {
  const dims = checkShape(shape, op);
  const data = allocate(checkDType(options.dtype ?? 'float32', op), sizeOf(dims));
  if (value !== 0) data.fill(value);
  const t = new Tensor(data, dims);
  if (options.requiresGrad) t.requireGrad();
  return t;
}

/** A tensor of `shape` filled with `value`. */
export function full(shape: Shape, value: number, options: CreateOptions = {}): Tensor {
  return filled(shape, value, options, 'full');
}

export function zeros(shape: Shape, options: CreateOptions = {}): Tensor {
  return filled(shape, 0, options, 'zeros');
}

export function ones(shape: Shape, options: CreateOptions = {}): Tensor {
  return filled(shape, 1, options, 'ones');
}

/** Zeros with the shape and dtype of `like`. */
export function zerosLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return filled(like.shape, 0, { dtype: like.dtype, ...options }, 'zerosLike');
}

/** Ones with the shape and dtype of `like`. */
export function onesLike(like: Tensor, options: CreateOptions = {}): Tensor {
  return filled(like.shape, 1, { dtype: like.dtype, ...options }, 'onesLike');
}

/** `start, start+step, ...` below `end` (like `torch.arange`). */
export function arange(start: number, end?: number, step = 1, options: CreateOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new Error(`arange: step must be a finite non-zero number, got ${step}`);
  const n = Math.max(0, Math.ceil((end - start) / step));
  const data = allocate(checkDType(options.dtype ?? 'float32', 'arange'), n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return new Tensor(data, [n]);
}

/** `count` evenly spaced values from `start` to `end` inclusive. */
export function linspace(start: number, end: number, count: number, options: CreateOptions = {}): Tensor {
  if (!Number.isInteger(count) || count < 0) throw new Error(`linspace: count must be a non-negative integer, got ${count}`);
  const data = allocate(checkDType(options.dtype ?? 'float32', 'linspace'), count);
  const step = count > 1 ? (end - start) / (count - 1) : 0;
  // Fill from both ends, as PyTorch does, so the last value is exactly `end`.
  // A single point is `start` (torch.linspace and numpy.linspace agree), not `end`.
  const half = count === 1 ? 1 : Math.floor(count / 2);
  for (let i = 0; i < count; i++) data[i] = i < half ? start + step * i : end - step * (count - 1 - i);
  return new Tensor(data, [count]);
}

/** The n x m identity (m defaults to n). */
export function eye(n: number, m = n, options: CreateOptions = {}): Tensor {
  const t = filled([n, m], 0, options, 'eye');
  for (let i = 0; i < Math.min(n, m); i++) t.data[i * m + i] = 1;
  return t;
}

function randomTensor(shape: Shape, options: RandomOptions, op: string, sample: (r: Random) => number): Tensor {
  const dims = checkShape(shape, op);
  const r = options.random ?? defaultRandom();
  const data = allocate(checkDType(options.dtype ?? 'float32', op), sizeOf(dims));
  for (let i = 0; i < data.length; i++) data[i] = sample(r);
  const t = new Tensor(data, dims);
  if (options.requiresGrad) t.requireGrad();
  return t;
}

/** Uniform samples in [low, high) (default [0, 1)). */
export function rand(shape: Shape, options: RandomOptions & { low?: number; high?: number } = {}): Tensor {
  const low = options.low ?? 0;
  const high = options.high ?? 1;
  return randomTensor(shape, options, 'rand', (r) => r.uniformIn(low, high));
}

/** Normal samples with the given mean and std (default standard normal). */
export function randn(shape: Shape, options: RandomOptions & { mean?: number; std?: number } = {}): Tensor {
  const mean = options.mean ?? 0;
  const std = options.std ?? 1;
  return randomTensor(shape, options, 'randn', (r) => mean + std * r.normal());
}

/** Uniform integers in [low, high) as int32 (dtype may be overridden). */
export function randint(low: number, high: number, shape: Shape, options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) throw new Error(`randint: need integers low < high, got ${low}, ${high}`);
  return randomTensor(shape, { dtype: 'int32', ...options }, 'randint', (r) => low + r.int(high - low));
}
