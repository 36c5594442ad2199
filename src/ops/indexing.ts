/** Indexing ops: gather / scatter-add along an axis, index-select, one-hot. */
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { formatShape, normalizeAxis, sizeOf, type Shape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { reshape } from './shape.js';

/**
 * Checks that `index` holds integers in [0, size) and returns them as an Int32Array. `context`
 * (e.g. `for axis 1 of [2,3]`) ends the out-of-range message so it names the indexed shape.
 */
export function checkIndices(index: Tensor, size: number, op: string, what: string, context?: string): Int32Array {
  let data: Int32Array;
  if (index.dtype === 'int32') data = index.data as Int32Array;
  else {
    if (!index.data.every((v) => Number.isInteger(v))) throw new Error(`${op}: ${what} must be integers (an int32 tensor), got non-integer ${index.dtype} values`);
    data = Int32Array.from(index.data);
  }
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >= size) throw new Error(`${op}: ${what} ${v} at position ${i} is out of range [0, ${size})${context ? ` ${context}` : ''}`);
  }
  return data;
}

/**
 * Checks that `index` fits `xShape` outside `axis`. As in PyTorch (`ensure_nonempty_dim`), a 0-d
 * tensor or index counts as 1-d of size 1 here, so ranks 0 and 1 fit each other.
 */
function checkIndexShape(xShape: Shape, index: Tensor, axis: number, op: string): void {
  const xs = xShape.length === 0 ? [1] : xShape;
  const is = index.rank === 0 ? [1] : index.shape;
  if (is.length !== xs.length || is.some((d, i) => i !== axis && d > xs[i]!)) {
    throw new Error(`${op}: index of shape ${formatShape(index.shape)} does not fit ${formatShape(xShape)} along axis ${axis} (same rank, other dimensions no larger)`);
  }
}

/**
 * `torch.gather`: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1. The gradient scatter-adds back.
 *
 * @example
 * // pick each row's target logit
 * gather(logits, 1, targets.reshape([-1, 1]))
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const a = normalizeAxis(axis, x.rank, 'gather', x.shape);
  checkIndexShape(x.shape, index, a, 'gather');
  const idx = checkIndices(index, x.shape[a] ?? 1, 'gather', 'index', `for axis ${a} of ${formatShape(x.shape)}`);
  if (x.rank === 0 || index.rank === 0) {
    // PyTorch gathers from a 0-d input, or with a 0-d index, as if it were 1-d of size 1; the result
    // has the index's shape (torch.tensor(3.).gather(0, torch.tensor([0, 0])) is [3., 3.]).
    const x1 = x.rank === 0 ? reshape(x, [1]) : x;
    const shape1 = index.rank === 0 ? [1] : index.shape;
    return reshape(gatherChecked(x1, a, new Tensor(idx, shape1)), index.shape);
  }
  return gatherChecked(x, a, new Tensor(idx, index.shape));
}

/**
 * gather with an int32 index already known to fit `x` (shape and range): for ops whose index comes
 * from a kernel (max-pooling's window positions) and for the gradients, which reuse a checked index.
 */
export function gatherChecked(x: Tensor, axis: number, index: Tensor): Tensor {
  const out = allocate(x.dtype, index.size);
  backend().gather(x.data, x.shape, axis, index.data as Int32Array, index.shape, out);
  return record(new Tensor(out, index.shape), 'gather', [x], (g) => [scatterChecked(g, axis, index, x.shape)]);
}

/**
 * A zero tensor of `shape` into which `src` is scatter-added at `index` along `axis` (the adjoint of
 * gather; the gradient gathers back).
 */
export function scatterInto(src: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const a = normalizeAxis(axis, shape.length, 'scatterAdd');
  checkIndexShape(shape, index, a, 'scatterAdd');
  if (src.shape.some((d, i) => d !== index.shape[i])) {
    throw new Error(`scatterAdd: src has shape ${formatShape(src.shape)} but index has ${formatShape(index.shape)}`);
  }
  const idx = checkIndices(index, shape[a]!, 'scatterAdd', 'index', `for axis ${a} of ${formatShape(shape)}`);
  return scatterChecked(src, a, new Tensor(idx, index.shape), shape);
}

/** scatterInto with an int32 index already checked against `shape` (see gatherChecked). */
function scatterChecked(src: Tensor, axis: number, index: Tensor, shape: Shape): Tensor {
  const out = allocate(src.dtype, sizeOf(shape));
  backend().scatterAdd(src.data, index.data as Int32Array, index.shape, axis, out, shape);
  return record(new Tensor(out, shape), 'scatterAdd', [src], (g) => [gatherChecked(g, axis, index)]);
}

/** Selects entries `indices` along `axis` (rows of a matrix for axis 0), like `torch.index_select`. */
export function indexSelect(x: Tensor, axis: number, indices: Tensor | readonly number[]): Tensor {
  const a = normalizeAxis(axis, x.rank, 'indexSelect');
  const list = indices instanceof Tensor ? indices : new Tensor(Int32Array.from(indices), [indices.length]);
  if (list.rank !== 1) throw new Error(`indexSelect: indices must be 1-D, got ${formatShape(list.shape)}`);
  const idx = checkIndices(list, x.shape[a]!, 'indexSelect', 'index', `for axis ${a} of ${formatShape(x.shape)}`);
  const outShape = x.shape.map((d, i) => (i === a ? idx.length : d));
  // Expand the 1-D list to a full gather index: entry j along the axis reads idx[j].
  const inner = sizeOf(outShape.slice(a + 1));
  const full = new Int32Array(sizeOf(outShape));
  for (let p = 0; p < full.length; p++) full[p] = idx[Math.floor(p / inner) % idx.length]!;
  return gather(x, a, new Tensor(full, outShape));
}

/** One-hot rows: [..., numClasses] with a 1 at each index (no gradient). */
export function oneHot(indices: Tensor, numClasses: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(numClasses) || numClasses <= 0) throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const idx = checkIndices(indices, numClasses, 'oneHot', 'class index');
  const out = allocate(dtype, idx.length * numClasses);
  for (let i = 0; i < idx.length; i++) out[i * numClasses + idx[i]!] = 1;
  return new Tensor(out, [...indices.shape, numClasses]);
}
