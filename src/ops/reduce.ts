/** Reductions: sum, mean, max/min (with indices), variance, logsumexp, and `sumTo`. */
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { noGrad } from '../autograd/grad-mode.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape, normalizeAxes, normalizeAxis, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { add, div, exp, log, mul, square, sub } from './elementwise.js';
import { expand, reshape } from './shape.js';
import { scatterInto } from './indexing.js';

/** [outer, n, inner] around `axis` (axis 0 of a 0-d tensor has size 1). */
function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis] ?? 1, sizeOf(shape.slice(axis + 1))];
}

/** How many elements a reduction over `axes` combines. */
function countOver(shape: Shape, axes: readonly number[]): number {
  return axes.reduce((n, a) => n * (shape[a] ?? 1), 1);
}

function reducedShape(shape: Shape, axes: readonly number[], keepdim: boolean): number[] {
  return keepdim ? shape.map((d, i) => (axes.includes(i) ? 1 : d)) : shape.filter((_, i) => !axes.includes(i));
}

/**
 * Sum over `axes` (all axes when omitted). The gradient broadcasts back over the reduced axes.
 *
 * @example
 * tensor([[1, 2], [3, 4]]).sum(1)  // [3, 7]
 */
export function sum(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const list = normalizeAxes(axes, x.rank, 'sum');
  let data = x.data;
  const shape = [...x.shape];
  for (const axis of list) {
    const [outer, n, inner] = around(shape, axis);
    const out = allocate(x.dtype === 'int32' ? 'int32' : x.dtype, outer * inner);
    backend().reduce('sum', data, outer, n, inner, out);
    data = out;
    if (axis < x.rank) shape[axis] = 1;
  }
  const keepShape = shape;
  const result = new Tensor(list.length === 0 ? data.slice() : data, reducedShape(x.shape, list, keepdim));
  return record(result, 'sum', [x], (g) => [expand(reshape(g, keepShape), x.shape)]);
}

/** Mean over `axes` (all axes when omitted). */
export function mean(x: Tensor, axes?: number | readonly number[], keepdim = false): Tensor {
  const list = normalizeAxes(axes, x.rank, 'mean');
  const count = countOver(x.shape, list);
  if (count === 0) throw new Error(`mean: cannot average over an empty dimension of ${formatShape(x.shape)}`);
  return div(sum(x, list, keepdim), count);
}

/**
 * Variance over `axes` with Bessel's `correction` (1: unbiased, the default as in PyTorch; 0: biased).
 */
export function variance(x: Tensor, axes?: number | readonly number[], options: { correction?: number; keepdim?: boolean } = {}): Tensor {
  const list = normalizeAxes(axes, x.rank, 'variance');
  const count = countOver(x.shape, list);
  const correction = options.correction ?? 1;
  const centered = sub(x, mean(x, list, true));
  return div(sum(square(centered), list, options.keepdim ?? false), Math.max(count - correction, 0));
}

/**
 * log(sum(exp(x))) over `axis`, computed stably by subtracting the maximum first, as
 * `torch.logsumexp`: m = max(x) with ±∞ replaced by 0, result = log Σ exp(x − m) + m. The gradient
 * is g · exp(x − result).
 *
 * NOTE: masking an infinite maximum is what makes a row of all −∞ give −∞ (log 0) instead of NaN
 * (−∞ − (−∞)), and a row holding +∞ give +∞. Its gradient, exp(x − result), is NaN on an all −∞ row
 * (−∞ − (−∞)) and at each +∞ entry, exactly as PyTorch 1.13's logsumexp backward gives.
 *
 * @example
 * logSumExp(tensor([[0, 0], [-Infinity, -Infinity]]), 1)  // [log 2, -Infinity]
 */
export function logSumExp(x: Tensor, axis = -1, keepdim = false): Tensor {
  const a = normalizeAxis(axis, x.rank, 'logSumExp');
  const r = noGrad(() => {
    const m = max(x, a, true);
    const finite = m.data.map((v) => (Math.abs(v) === Infinity ? 0 : v));
    const mf = new Tensor(finite, m.shape);
    return add(log(sum(exp(sub(x, mf)), a, true)), mf);
  });
  // Recorded with the reduced axis kept, so the gradient broadcasts over it; the closure uses the
  // recorded result itself, so higher-order gradients flow through it as in PyTorch.
  const result: Tensor = record(new Tensor(r.data, r.shape), 'logSumExp', [x], (g) => [mul(g, exp(sub(x, result)))]);
  return keepdim ? result : reshape(result, x.shape.filter((_, i) => i !== a));
}

/** Values and their positions along an axis, as `torch.max(x, dim)` returns them. */
export interface ValuesAndIndices {
  values: Tensor;
  /** int32 positions along the axis (the first one on ties). */
  indices: Tensor;
}

function extreme(op: 'max' | 'min', x: Tensor, axis: number | undefined, keepdim: boolean): ValuesAndIndices {
  if (x.size === 0) throw new Error(`${op}: cannot reduce an empty tensor of shape ${formatShape(x.shape)}`);
  if (axis === undefined) {
    const flat = extreme(op, reshape(x, [x.size]), 0, false);
    return { values: reshape(flat.values, keepdim ? x.shape.map(() => 1) : []), indices: flat.indices };
  }
  const a = normalizeAxis(axis, x.rank, op);
  const [outer, n, inner] = around(x.shape, a);
  const values = allocate(x.dtype, outer * inner);
  const indices = new Int32Array(outer * inner);
  backend().reduce(op, x.data, outer, n, inner, values, indices);
  const keepShape = reducedShape(x.shape, [a], true);
  const outShape = reducedShape(x.shape, [a], keepdim);
  const index = new Tensor(indices, keepShape);
  const result = record(new Tensor(values, outShape), op, [x], (g) => [scatterInto(reshape(g, keepShape), a, index, x.shape)]);
  return { values: result, indices: keepdim ? index : new Tensor(indices, outShape) };
}

/** Maximum over `axis` (over everything when omitted); the gradient goes to the first maximum. */
export function max(x: Tensor, axis?: number, keepdim = false): Tensor {
  return extreme('max', x, axis, keepdim).values;
}

/** Minimum over `axis` (over everything when omitted); the gradient goes to the first minimum. */
export function min(x: Tensor, axis?: number, keepdim = false): Tensor {
  return extreme('min', x, axis, keepdim).values;
}

/** `torch.max(x, dim)`: the maxima and their int32 indices. */
export function maxWithIndices(x: Tensor, axis: number, keepdim = false): ValuesAndIndices {
  return extreme('max', x, axis, keepdim);
}

/** `torch.min(x, dim)`: the minima and their int32 indices. */
export function minWithIndices(x: Tensor, axis: number, keepdim = false): ValuesAndIndices {
  return extreme('min', x, axis, keepdim);
}

/** Position of the maximum along `axis` (of the flattened tensor when omitted), as int32. */
export function argmax(x: Tensor, axis?: number, keepdim = false): Tensor {
  return extreme('max', x, axis, keepdim).indices;
}

/** Position of the minimum along `axis`, as int32. */
export function argmin(x: Tensor, axis?: number, keepdim = false): Tensor {
  return extreme('min', x, axis, keepdim).indices;
}

/**
 * Sums a broadcast gradient back to `shape`: over leading axes that broadcasting added and over
 * axes where `shape` has a 1. The one place where broadcasting is undone.
 */
export function sumTo(g: Tensor, shape: Shape): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  if (lead < 0) throw new Error(`sumTo: cannot reduce ${formatShape(g.shape)} to the larger rank of ${formatShape(shape)}`);
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) axes.push(i);
  }
  return reshape(sum(g, axes, true), shape);
}

