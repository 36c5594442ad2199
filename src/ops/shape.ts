/** Shape ops: views (reshape, squeeze), copies (permute, slice, concat), and broadcasting (expand). */
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate, promote } from '../tensor/dtype.js';
import { broadcastShapes, formatShape, normalizeAxis, sameShape, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './reduce.js';
import { cast } from './elementwise.js';

/**
 * The same data in a new shape (one dimension may be -1, inferred). Shares storage with `x`.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const inferred = shape.indexOf(-1);
  if (inferred !== shape.lastIndexOf(-1)) throw new Error(`reshape: only one dimension can be -1, got ${formatShape(shape)}`);
  let target = [...shape];
  if (inferred >= 0) {
    const known = sizeOf(shape.filter((d) => d !== -1));
    if (known === 0 || x.size % known !== 0) {
      throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
    }
    target[inferred] = x.size / known;
  }
  if (target.some((d) => !Number.isInteger(d) || d < 0) || sizeOf(target) !== x.size) {
    throw new Error(`reshape: cannot reshape ${formatShape(x.shape)} (${x.size} elements) into ${formatShape(shape)}`);
  }
  if (sameShape(target, x.shape)) target = [...x.shape];
  return record(new Tensor(x.data, target), 'reshape', [x], (g) => [reshape(g, x.shape)]);
}

/** Merges axes startAxis..endAxis into one. */
export function flatten(x: Tensor, startAxis = 0, endAxis = -1): Tensor {
  if (x.rank === 0) return reshape(x, [1]);
  const s = normalizeAxis(startAxis, x.rank, 'flatten');
  const e = normalizeAxis(endAxis, x.rank, 'flatten');
  if (s > e) throw new Error(`flatten: startAxis ${startAxis} comes after endAxis ${endAxis}`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Removes `axis` (which must have size 1), or every size-1 axis when omitted. */
export function squeeze(x: Tensor, axis?: number): Tensor {
  if (axis === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const a = normalizeAxis(axis, x.rank, 'squeeze');
  if (x.shape[a] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== a));
}

/** Inserts a size-1 axis at `axis` (negative counts from the end of the result). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const a = normalizeAxis(axis, x.rank + 1, 'unsqueeze');
  return reshape(x, [...x.shape.slice(0, a), 1, ...x.shape.slice(a)]);
}

/** Reorders axes: result.shape[i] = x.shape[perm[i]]. */
export function permute(x: Tensor, perm: readonly number[]): Tensor {
  const p = perm.map((a) => normalizeAxis(a, x.rank, 'permute'));
  if (p.length !== x.rank || new Set(p).size !== p.length) {
    throw new Error(`permute: [${perm.join(',')}] is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}`);
  }
  if (p.every((a, i) => a === i)) return x;
  const out = allocate(x.dtype, x.size);
  backend().permute(x.data, x.shape, p, out);
  const inverse = new Array<number>(p.length);
  p.forEach((a, i) => (inverse[a] = i));
  return record(new Tensor(out, p.map((a) => x.shape[a]!)), 'permute', [x], (g) => [permute(g, inverse)]);
}

/**
 * Swaps two axes (the last two by default: the matrix transpose). Tensors of rank below 2 are
 * returned unchanged by the default (like `Tensor.t()`); a 0-d tensor accepts axes 0 and -1 and is
 * returned unchanged, as `torch.tensor(3.).transpose(0, -1)` is.
 */
export function transpose(x: Tensor, axis0 = -2, axis1 = -1): Tensor {
  if (x.rank < 2 && axis0 === -2 && axis1 === -1) return x;
  const a = normalizeAxis(axis0, x.rank, 'transpose', x.shape);
  const b = normalizeAxis(axis1, x.rank, 'transpose', x.shape);
  if (x.rank === 0) return x;
  const perm = Array.from({ length: x.rank }, (_, i) => i);
  perm[a] = b;
  perm[b] = a;
  return permute(x, perm);
}

/** Broadcasts `x` to `shape` (NumPy rules), copying; the gradient sums back. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(x.shape, shape)) return x;
  const target = broadcastShapes(x.shape, shape, 'expand');
  if (!sameShape(target, shape)) throw new Error(`expand: cannot expand ${formatShape(x.shape)} to ${formatShape(shape)}`);
  const out = allocate(x.dtype, sizeOf(shape));
  const zero = allocate(x.dtype, 1);
  backend().binary('add', x.data, x.shape, zero, [], out, shape);
  return record(new Tensor(out, shape), 'expand', [x], (g) => [sumTo(g, x.shape)]);
}

/** Checks and fills in slice bounds (negative indices count from the end; ends are exclusive). */
function sliceBounds(shape: Shape, starts: readonly number[], ends: readonly number[]): [number[], number[]] {
  if (starts.length > shape.length || ends.length > shape.length) {
    throw new Error(`slice: ${Math.max(starts.length, ends.length)} bounds for a tensor of rank ${shape.length} ${formatShape(shape)}`);
  }
  const s: number[] = [];
  const size: number[] = [];
  shape.forEach((d, i) => {
    let a = starts[i] ?? 0;
    let b = ends[i] ?? d;
    if (a < 0) a += d;
    if (b < 0) b += d;
    a = Math.min(Math.max(a, 0), d);
    b = Math.min(Math.max(b, a), d);
    s.push(a);
    size.push(b - a);
  });
  return [s, size];
}

/** The block `starts[i] <= index < ends[i]` on each axis (missing axes: the whole axis). */
export function slice(x: Tensor, starts: readonly number[], ends: readonly number[]): Tensor {
  const [s, size] = sliceBounds(x.shape, starts, ends);
  const out = allocate(x.dtype, sizeOf(size));
  backend().slice(x.data, x.shape, s, out, size);
  return record(new Tensor(out, size), 'slice', [x], (g) => [embed(g, s, x.shape)]);
}

/**
 * `length` entries of `axis` from `start`, like `torch.narrow`: a negative `start` counts from the end
 * (start + size of the axis), and `start` may equal the size when `length` is 0. 0-d tensors have no
 * axis to narrow (PyTorch: "narrow() cannot be applied to a 0-dim tensor").
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  if (x.rank === 0) throw new Error('narrow: cannot be applied to a 0-dimensional tensor (shape [])');
  const a = normalizeAxis(axis, x.rank, 'narrow', x.shape);
  const size = x.shape[a]!;
  if (!Number.isInteger(start) || start < -size || start > size) {
    throw new Error(`narrow: start ${start} is out of range [${-size}, ${size}] for axis ${a} of size ${size} in ${formatShape(x.shape)}`);
  }
  if (start < 0) start += size;
  if (!Number.isInteger(length) || length < 0 || start + length > size) {
    throw new Error(`narrow: [${start}, ${start + length}) is outside axis ${a} of size ${size} in ${formatShape(x.shape)}`);
  }
  const starts = x.shape.map((_, i) => (i === a ? start : 0));
  const ends = x.shape.map((d, i) => (i === a ? start + length : d));
  return slice(x, starts, ends);
}

/** Places `x` in a zero tensor of `shape` at `starts` (the adjoint of slice). */
export function embed(x: Tensor, starts: readonly number[], shape: Shape): Tensor {
  const out = allocate(x.dtype, sizeOf(shape));
  backend().writeSlice(x.data, x.shape, out, shape, starts, false);
  const ends = starts.map((s, i) => s + x.shape[i]!);
  return record(new Tensor(out, shape), 'embed', [x], (g) => [slice(g, starts, ends)]);
}

/** Joins tensors along an existing axis; all other dimensions must agree. */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('concat: needs at least one tensor');
  const first = tensors[0]!;
  const scalar = tensors.findIndex((t) => t.rank === 0);
  if (scalar >= 0) throw new Error(`concat: zero-dimensional tensors cannot be concatenated (tensor ${scalar} has shape []); use stack`);
  const a = normalizeAxis(axis, first.rank, 'concat');
  const dtype = tensors.map((t) => t.dtype).reduce(promote);
  tensors.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new Error(`concat: tensor ${i} has shape ${formatShape(t.shape)}, which does not match ${formatShape(first.shape)} outside axis ${a}`);
    }
  });
  const shape = [...first.shape];
  shape[a] = tensors.reduce((n, t) => n + t.shape[a]!, 0);
  const out = allocate(dtype, sizeOf(shape));
  const offsets: number[] = [];
  let offset = 0;
  for (const t of tensors) {
    offsets.push(offset);
    const starts = shape.map((_, j) => (j === a ? offset : 0));
    backend().writeSlice(cast(t, dtype).data, t.shape, out, shape, starts, false);
    offset += t.shape[a]!;
  }
  return record(new Tensor(out, shape), 'concat', tensors, (g) => tensors.map((t, i) => narrow(g, a, offsets[i]!, t.shape[a]!)));
}

/** Stacks tensors of one shape along a new axis. */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  if (tensors.length === 0) throw new Error('stack: needs at least one tensor');
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!sameShape(t.shape, first.shape)) throw new Error(`stack: tensor ${i} has shape ${formatShape(t.shape)} but tensor 0 has ${formatShape(first.shape)}`);
  });
  const a = normalizeAxis(axis, first.rank + 1, 'stack');
  return concat(tensors.map((t) => unsqueeze(t, a)), a);
}

/**
 * Splits along `axis` into pieces of `size` (the last may be smaller). Needs at least one axis, as
 * `torch.split` does ("split expects at least a 1-dimensional tensor").
 */
export function split(x: Tensor, size: number, axis = 0): Tensor[] {
  if (x.rank === 0) throw new Error('split: expects at least a 1-dimensional tensor, got shape []');
  const a = normalizeAxis(axis, x.rank, 'split', x.shape);
  if (!Number.isInteger(size) || size <= 0) throw new Error(`split: size must be a positive integer, got ${size}`);
  const pieces: Tensor[] = [];
  for (let s = 0; s < x.shape[a]!; s += size) pieces.push(narrow(x, a, s, Math.min(size, x.shape[a]! - s)));
  return pieces;
}
