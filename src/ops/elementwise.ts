/**
 * Elementwise ops with NumPy broadcasting. Each op computes its value with one kernel call and
 * records a VJP written with other ops; broadcasting is undone in exactly one place (`sumTo`).
 */
import { backend, type BinaryKernel, type UnaryKernel } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate, isFloat, promote, type DType } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { foreignOperandError } from '../tensor/foreign-tensor.js';
import { sumTo } from './reduce.js';

/** Turns a number into a 0-d tensor of `dtype` (numbers adopt the dtype of the tensor they meet). */
export function asTensor(x: TensorLike, dtype: DType, op = 'asTensor'): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x !== 'number') throw foreignOperandError(op, x);
  const data = allocate(dtype === 'int32' && !Number.isInteger(x) ? 'float32' : dtype, 1);
  data[0] = x;
  return new Tensor(data, []);
}

function pair(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    if (typeof a !== 'number') throw foreignOperandError(op, a);
    if (typeof b !== 'number') throw foreignOperandError(op, b);
    throw new Error(`${op}: at least one operand must be a tensor`);
  }
  const ta = a instanceof Tensor ? a : asTensor(a, (b as Tensor).dtype, op);
  const tb = b instanceof Tensor ? b : asTensor(b, ta.dtype, op);
  return [ta, tb];
}

/** Runs a unary kernel into a new tensor of the same shape (and dtype unless given). */
export function mapKernel(op: UnaryKernel, x: Tensor, p0?: number, p1?: number, dtype: DType = x.dtype): Tensor {
  const out = allocate(dtype, x.size);
  backend().unary(op, x.data, out, p0, p1);
  return new Tensor(out, x.shape);
}

function binaryKernel(op: BinaryKernel, a: Tensor, b: Tensor, name: string, dtype?: DType): Tensor {
  const shape = broadcastShapes(a.shape, b.shape, name);
  const out = allocate(dtype ?? promote(a.dtype, b.dtype), sizeOf(shape));
  backend().binary(op, a.data, a.shape, b.data, b.shape, out, shape);
  return new Tensor(out, shape);
}

export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'add');
  return record(binaryKernel('add', x, y, 'add'), 'add', [x, y], (g) => [sumTo(g, x.shape), sumTo(g, y.shape)]);
}

export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'sub');
  return record(binaryKernel('sub', x, y, 'sub'), 'sub', [x, y], (g) => [sumTo(g, x.shape), sumTo(neg(g), y.shape)]);
}

export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'mul');
  return record(binaryKernel('mul', x, y, 'mul'), 'mul', [x, y], (g) => [
    x.requiresGrad ? sumTo(mul(g, y), x.shape) : null,
    y.requiresGrad ? sumTo(mul(g, x), y.shape) : null,
  ]);
}

export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'div');
  // Integer division promotes to float32, as true division does in PyTorch.
  const dtype = x.dtype === 'int32' && y.dtype === 'int32' ? 'float32' : undefined;
  return record(binaryKernel('div', x, y, 'div', dtype), 'div', [x, y], (g) => [
    x.requiresGrad ? sumTo(div(g, y), x.shape) : null,
    y.requiresGrad ? sumTo(neg(div(mul(g, x), mul(y, y))), y.shape) : null,
  ]);
}

/**
 * x^p elementwise; d/dx = p x^(p-1), d/dp = x^p log x. NOTE: PyTorch's conventions where these
 * formulas give 0·∞ = NaN: the base gets 0 where p = 0, and the exponent gets 0 where x = 0 and p >= 0.
 */
export function pow(a: TensorLike, p: TensorLike): Tensor {
  const [x, y] = pair(a, p, 'pow');
  const out = binaryKernel('pow', x, y, 'pow');
  return record(out, 'pow', [x, y], (g) => [
    x.requiresGrad ? sumTo(where(eq(y, 0), 0, mul(g, mul(y, pow(x, sub(y, 1))))), x.shape) : null,
    y.requiresGrad ? sumTo(where(mul(eq(x, 0), ge(y, 0)), 0, mul(g, mul(out, log(x)))), y.shape) : null,
  ]);
}

export function neg(x: Tensor): Tensor {
  return record(mapKernel('neg', x), 'neg', [x], (g) => [neg(g)]);
}

export function exp(x: Tensor): Tensor {
  const out = mapKernel('exp', x);
  // d exp(x) = exp(x) dx: reuses the recorded output, which stays differentiable for double backward.
  return record(out, 'exp', [x], (g) => [mul(g, out)]);
}

export function log(x: Tensor): Tensor {
  return record(mapKernel('log', x), 'log', [x], (g) => [div(g, x)]);
}

export function log1p(x: Tensor): Tensor {
  return record(mapKernel('log1p', x), 'log1p', [x], (g) => [div(g, add(x, 1))]);
}

export function sqrt(x: Tensor): Tensor {
  const out = mapKernel('sqrt', x);
  return record(out, 'sqrt', [x], (g) => [div(g, mul(out, 2))]);
}

/** |x|; the derivative at 0 is 0 (sign(0) = 0), as in PyTorch. */
export function abs(x: Tensor): Tensor {
  return record(mapKernel('abs', x), 'abs', [x], (g) => [mul(g, sign(x))]);
}

/** sign(x) ∈ {-1, 0, 1}; piecewise constant, so no gradient flows. */
export function sign(x: Tensor): Tensor {
  return mapKernel('sign', x);
}

export function square(x: Tensor): Tensor {
  return record(mapKernel('square', x), 'square', [x], (g) => [mul(g, mul(x, 2))]);
}

export function sin(x: Tensor): Tensor {
  return record(mapKernel('sin', x), 'sin', [x], (g) => [mul(g, cos(x))]);
}

export function cos(x: Tensor): Tensor {
  return record(mapKernel('cos', x), 'cos', [x], (g) => [neg(mul(g, sin(x)))]);
}

/** erf(x); d/dx = 2/√π exp(-x²). */
export function erf(x: Tensor): Tensor {
  return record(mapKernel('erf', x), 'erf', [x], (g) => [mul(g, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))]);
}

/**
 * Clamps into [min, max]. The gradient passes where min <= x <= max (PyTorch's convention at the
 * bounds) and is 0 outside.
 */
export function clamp(x: Tensor, min = -Infinity, max = Infinity): Tensor {
  if (min > max) throw new Error(`clamp: min ${min} is greater than max ${max}`);
  return record(mapKernel('clamp', x, min, max), 'clamp', [x], (g) => [mul(g, mul(ge(x, min), le(x, max)))]);
}

/** Elementwise maximum; where equal, the gradient is split evenly (as PyTorch does). */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'maximum');
  return record(binaryKernel('maximum', x, y, 'maximum'), 'maximum', [x, y], (g) => {
    const wx = add(gt(x, y), mul(eq(x, y), 0.5));
    return [sumTo(mul(g, wx), x.shape), sumTo(mul(g, sub(1, wx)), y.shape)];
  });
}

/** Elementwise minimum; where equal, the gradient is split evenly. */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, 'minimum');
  return record(binaryKernel('minimum', x, y, 'minimum'), 'minimum', [x, y], (g) => {
    const wx = add(lt(x, y), mul(eq(x, y), 0.5));
    return [sumTo(mul(g, wx), x.shape), sumTo(mul(g, sub(1, wx)), y.shape)];
  });
}

function compare(op: BinaryKernel, a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair(a, b, op);
  return binaryKernel(op, x, y, op);
}

/** 1 where a > b else 0, in the operands' dtype (no gradient). */
export const gt = (a: TensorLike, b: TensorLike): Tensor => compare('gt', a, b);
export const ge = (a: TensorLike, b: TensorLike): Tensor => compare('ge', a, b);
export const lt = (a: TensorLike, b: TensorLike): Tensor => compare('lt', a, b);
export const le = (a: TensorLike, b: TensorLike): Tensor => compare('le', a, b);
export const eq = (a: TensorLike, b: TensorLike): Tensor => compare('eq', a, b);
export const ne = (a: TensorLike, b: TensorLike): Tensor => compare('ne', a, b);

/** `cond ? a : b` with broadcasting; gradients flow to the chosen branch only. */
export function where(cond: Tensor, a: TensorLike, b: TensorLike): Tensor {
  // Two plain numbers take the condition's dtype (a float condition, as comparisons produce).
  const [x, y] = a instanceof Tensor || b instanceof Tensor ? pair(a, b, 'where') : [asTensor(a, cond.dtype), asTensor(b, cond.dtype)];
  const shape = broadcastShapes(broadcastShapes(cond.shape, x.shape, 'where'), y.shape, 'where');
  const out = allocate(promote(x.dtype, y.dtype), sizeOf(shape));
  backend().where(cond.data, cond.shape, x.data, x.shape, y.data, y.shape, out, shape);
  const zero = 0;
  return record(new Tensor(out, shape), 'where', [x, y], (g) => [
    x.requiresGrad ? sumTo(where(cond, g, zero), x.shape) : null,
    y.requiresGrad ? sumTo(where(cond, zero, g), y.shape) : null,
  ]);
}

/** Converts between dtypes. Float-to-float casts pass the gradient back in the input's dtype. */
export function cast(x: Tensor, dtype: DType): Tensor {
  if (x.dtype === dtype) return x;
  const out = allocate(dtype, x.size);
  out.set(x.data);
  const result = new Tensor(out, x.shape);
  if (!isFloat(dtype) || !isFloat(x.dtype)) return result;
  return record(result, 'cast', [x], (g) => [cast(g, x.dtype)]);
}

/** Throws unless `x` is floating point (ops that need gradients or fractional values). */
export function requireFloat(x: Tensor, op: string): void {
  if (!isFloat(x.dtype)) throw new Error(`${op}: expected a float32 or float64 tensor, got ${x.dtype} of shape ${formatShape(x.shape)}`);
}
