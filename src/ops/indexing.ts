/** Indexing ops: gather / scatter-add along an axis, index-select, one-hot. */
import { backend } from '../backend/index.js';
import { record, willRecord } from '../autograd/record.js';
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
  const rows = rowSelection(x.shape, axis, index);
  if (rows) return selectRowsChecked(x, axis, rows);
  const out = allocate(x.dtype, index.size);
  backend().gather(x.data, x.shape, axis, index.data as Int32Array, index.shape, out);
  return record(new Tensor(out, index.shape), 'gather', [x], (g) => [scatterChecked(g, axis, index, x.shape)]);
}

/**
 * Rows shorter than this are gathered element by element: scanning the index for whole rows would
 * cost about as much as the gather.
 */
const MIN_ROW_GATHER = 8;

/**
 * When a gather's index selects whole rows — it differs from x's shape only along `axis`, and each
 * of its rows repeats one value, the same in every block before `axis` (an `indexSelect` written as a
 * gather: `x.gather(0, idx.view(-1, 1).expand(-1, d))`) — those row indices, else null. The scan stops
 * at the first entry that breaks the pattern, so other gathers pay for a few comparisons.
 */
function rowSelection(xShape: Shape, axis: number, index: Tensor): Int32Array | null {
  const shape = index.shape;
  if (shape.length !== xShape.length || shape.some((d, i) => i !== axis && d !== xShape[i])) return null;
  const [blocks, , row] = rowsAround(shape, axis);
  if (row < MIN_ROW_GATHER) return null;
  const k = shape[axis]!;
  const data = index.data as Int32Array;
  const rows = new Int32Array(k);
  for (let j = 0; j < k; j++) rows[j] = data[j * row]!;
  for (let b = 0, p = 0; b < blocks; b++) {
    for (let j = 0; j < k; j++) {
      const v = rows[j]!;
      for (let i = 0; i < row; i++, p++) if (data[p] !== v) return null;
    }
  }
  return rows;
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

/**
 * Selects entries `indices` along `axis` (rows of a matrix for axis 0), like `torch.index_select`:
 * whole rows of the axes after `axis` are copied (one memcpy per index on a contiguous tensor), and
 * the gradient adds rows back. The indices are checked once, before anything is copied.
 *
 * @example
 * const xb = indexSelect(x, 0, batchIndices); // the batch's rows of x [N, 784]: [b, 784]
 */
export function indexSelect(x: Tensor, axis: number, indices: Tensor | readonly number[]): Tensor {
  const a = normalizeAxis(axis, x.rank, 'indexSelect');
  const list = indices instanceof Tensor ? indices : new Tensor(Int32Array.from(indices), [indices.length]);
  if (list.rank !== 1) throw new Error(`indexSelect: indices must be 1-D, got ${formatShape(list.shape)}`);
  const checked = checkIndices(list, x.shape[a] ?? 1, 'indexSelect', 'index', `for axis ${a} of ${formatShape(x.shape)}`);
  // The gradient keeps the indices: a copy of the caller's array, which a loop may refill for the next batch.
  const idx = checked === list.data && willRecord([x]) ? checked.slice() : checked;
  if (x.rank === 0) {
    // As in PyTorch, a 0-d input counts as 1-d of size 1 and the result of one index is 0-d again.
    const picked = selectRowsChecked(reshape(x, [1]), 0, idx);
    return idx.length === 1 ? reshape(picked, []) : picked;
  }
  return selectRowsChecked(x, a, idx);
}

/** `shape` viewed as [blocks, n, row] around `axis`: the axes before it, its size, the axes after it. */
function rowsAround(shape: Shape, axis: number): [blocks: number, n: number, row: number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis]!, sizeOf(shape.slice(axis + 1))];
}

/** indexSelect with indices already checked against `x.shape[axis]`: the backend's whole-row gather. */
function selectRowsChecked(x: Tensor, axis: number, idx: Int32Array): Tensor {
  const [blocks, n, row] = rowsAround(x.shape, axis);
  const outShape = x.shape.map((d, i) => (i === axis ? idx.length : d));
  const out = allocate(x.dtype, sizeOf(outShape));
  backend().gatherRows(x.data, blocks, n, row, idx, out);
  return record(new Tensor(out, outShape), 'indexSelect', [x], (g) => [addRowsChecked(g, axis, idx, x.shape)]);
}

/**
 * A zero tensor of `shape` with the rows of `src` added at `idx` along `axis` (`index_add` into
 * zeros): the adjoint of selectRowsChecked, whose gradient selects the rows back.
 */
function addRowsChecked(src: Tensor, axis: number, idx: Int32Array, shape: Shape): Tensor {
  const [blocks, n, row] = rowsAround(shape, axis);
  const out = allocate(src.dtype, sizeOf(shape));
  backend().scatterAddRows(src.data, blocks, n, row, idx, out);
  return record(new Tensor(out, shape), 'indexAdd', [src], (g) => [selectRowsChecked(g, axis, idx)]);
}

/** One-hot rows: [..., numClasses] with a 1 at each index (no gradient). */
export function oneHot(indices: Tensor, numClasses: number, dtype: DType = 'float32'): Tensor {
  if (!Number.isInteger(numClasses) || numClasses <= 0) throw new Error(`oneHot: numClasses must be a positive integer, got ${numClasses}`);
  const idx = checkIndices(indices, numClasses, 'oneHot', 'class index');
  const out = allocate(dtype, idx.length * numClasses);
  for (let i = 0; i < idx.length; i++) out[i * numClasses + idx[i]!] = 1;
  return new Tensor(out, [...indices.shape, numClasses]);
}
