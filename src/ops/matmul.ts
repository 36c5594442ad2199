/** Matrix products: 2-D, batched with broadcast batch dimensions, and 1-D vectors as in PyTorch. */
import { backend } from '../backend/index.js';
import { record } from '../autograd/record.js';
import { allocate, promote } from '../tensor/dtype.js';
import { broadcastIndex } from '../tensor/broadcast.js';
import { broadcastShapes, formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './elementwise.js';
import { sumTo } from './reduce.js';
import { reshape } from './shape.js';

/**
 * op(A) · op(B) over the last two axes, where op transposes when asked, broadcasting the leading
 * (batch) axes. Transposed operands are read in place by the kernel (never copied), which is what
 * backward needs: dA = g·Bᵀ and dB = Aᵀ·g.
 */
export function matmulTransposed(a: Tensor, b: Tensor, transA: boolean, transB: boolean, op = 'matmul'): Tensor {
  if (a.rank < 2 || b.rank < 2) throw new Error(`${op}: operands must have at least 2 dimensions, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  const dtype = promote(a.dtype, b.dtype);
  if (dtype === 'int32') throw new Error(`${op}: expected floating-point operands, got int32 ${formatShape(a.shape)} and int32 ${formatShape(b.shape)}`);
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k] = transA ? [ac, ar] : [ar, ac];
  const [k2, n] = transB ? [bc, br] : [br, bc];
  if (k !== k2) {
    throw new Error(`${op}: cannot multiply ${formatShape(a.shape)}${transA ? 'ᵀ' : ''} by ${formatShape(b.shape)}${transB ? 'ᵀ' : ''}: inner dimensions ${k} and ${k2} differ`);
  }
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  let batch: number[];
  try {
    batch = broadcastShapes(batchA, batchB, op);
  } catch {
    throw new Error(`${op}: cannot broadcast the batch dimensions of ${formatShape(a.shape)} and ${formatShape(b.shape)}: ${formatShape(batchA)} vs ${formatShape(batchB)}`);
  }
  const count = sizeOf(batch);
  const aOffsets = broadcastIndex(batchA, batch, count).map((i) => i * ar * ac);
  const bOffsets = broadcastIndex(batchB, batch, count).map((i) => i * br * bc);
  const out = allocate(dtype, count * m * n);
  const x = cast(a, dtype);
  const y = cast(b, dtype);
  backend().matmul(x.data, y.data, out, m, k, n, transA, transB, aOffsets, bOffsets);
  return record(new Tensor(out, [...batch, m, n]), op, [x, y], (g) => [
    x.requiresGrad ? sumTo(transA ? matmulTransposed(y, g, transB, true) : matmulTransposed(g, y, false, !transB), x.shape) : null,
    y.requiresGrad ? sumTo(transB ? matmulTransposed(g, x, true, transA) : matmulTransposed(x, g, !transA, false), y.shape) : null,
  ]);
}

/**
 * Matrix product with PyTorch's `matmul` semantics: 2-D × 2-D, batched with broadcasting over the
 * leading axes, and 1-D operands treated as a row (left) or column (right) vector whose axis is
 * removed from the result.
 *
 * @example
 * matmul(randn([32, 784]), randn([784, 10]))        // [32, 10]
 * matmul(randn([8, 3, 4]), randn([4, 5]))           // [8, 3, 5]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  if (a.rank === 0 || b.rank === 0) throw new Error(`matmul: both operands need at least one dimension, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  if (a.dtype === 'int32' && b.dtype === 'int32') {
    throw new Error(`matmul: expected floating-point operands, got int32 ${formatShape(a.shape)} and int32 ${formatShape(b.shape)}`);
  }
  const a2 = a.rank === 1 ? reshape(a, [1, a.shape[0]!]) : a;
  const b2 = b.rank === 1 ? reshape(b, [b.shape[0]!, 1]) : b;
  const ka = a2.shape[a2.rank - 1]!;
  const kb = b2.shape[b2.rank - 2]!;
  if (ka !== kb) {
    throw new Error(`matmul: cannot multiply ${formatShape(a.shape)} by ${formatShape(b.shape)}: inner dimensions ${ka} and ${kb} differ`);
  }
  let out = matmulTransposed(a2, b2, false, false);
  if (a.rank === 1) out = reshape(out, [...out.shape.slice(0, -2), out.shape[out.rank - 1]!]);
  if (b.rank === 1) out = reshape(out, out.shape.slice(0, -1));
  return out;
}

/** The dot product of two vectors of equal length. */
export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.rank !== 1 || b.rank !== 1 || a.size !== b.size) {
    throw new Error(`dot: expected two vectors of equal length, got ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  return matmul(a, b);
}
