/** Max pooling (positions from the backend, values by gather) and average pooling (on unfold). */
import { backend } from '../backend/index.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { div } from './elementwise.js';
import { gatherChecked } from './indexing.js';
import { mean, sum } from './reduce.js';
import { reshape } from './shape.js';
import { pair2, unfold, windowGeometry, type Size2 } from './window.js';
import type { WindowGeometry } from '../backend/index.js';

export interface Pool2dOptions {
  kernelSize: Size2;
  /** Defaults to the kernel size (non-overlapping windows), as in PyTorch. */
  stride?: Size2;
  padding?: Size2;
}

function poolGeometry(x: Tensor, options: Pool2dOptions, op: string): WindowGeometry {
  const kernel = pair2(options.kernelSize, 'kernelSize', op, 1);
  const stride = pair2(options.stride ?? kernel, 'stride', op, 1);
  const padding = pair2(options.padding ?? 0, 'padding', op, 0);
  if (padding[0] * 2 > kernel[0] || padding[1] * 2 > kernel[1]) {
    throw new Error(`${op}: padding ${padding.join('x')} must be at most half the kernel size ${kernel.join('x')}`);
  }
  const g = windowGeometry(x, kernel, stride, padding, [1, 1], op);
  // Pool each channel separately: view [N, C, H, W] as [N·C, 1, H, W].
  return { ...g, batch: g.batch * g.channels, channels: 1 };
}

/** Windows of each channel as [N·C, kH·kW, outH·outW]. */
function windows(x: Tensor, g: WindowGeometry, padValue: number): Tensor {
  return unfold(reshape(x, [g.batch, 1, g.height, g.width]), g, padValue);
}

/**
 * Maximum over each window (padding never wins; NaN does). The backend picks the position of each
 * window's first maximum in its plane; the values are then a gather at those positions, so the
 * gradient goes to the first maximum of each window (a scatter-add, whose own gradient gathers again).
 *
 * @example
 * maxPool2d(randn([8, 16, 28, 28]), { kernelSize: 2 })  // [8, 16, 14, 14]
 */
export function maxPool2d(x: Tensor, options: Pool2dOptions): Tensor {
  const g = poolGeometry(x, options, 'maxPool2d');
  const at = new Int32Array(g.batch * g.outH * g.outW);
  backend().maxPoolIndices(x.data, g, at);
  // The positions come from the backend, inside each plane by construction: no need to check them.
  const pooled = gatherChecked(reshape(x, [g.batch, g.height * g.width]), 1, new Tensor(at, [g.batch, g.outH * g.outW]));
  return reshape(pooled, [x.shape[0]!, x.shape[1]!, g.outH, g.outW]);
}

export interface AvgPool2dOptions extends Pool2dOptions {
  /** Divide by the full window size even where it overlaps padding (PyTorch's default: true). */
  countIncludePad?: boolean;
}

/** Mean over each window. */
export function avgPool2d(x: Tensor, options: AvgPool2dOptions): Tensor {
  const g = poolGeometry(x, options, 'avgPool2d');
  const w = windows(x, g, 0);
  let pooled: Tensor;
  if (options.countIncludePad ?? true) {
    pooled = mean(w, 1);
  } else {
    // Count the real (non-padding) cells of each window by unfolding an image of ones.
    const ones = new Tensor(allocate(x.dtype, g.height * g.width).fill(1), [1, 1, g.height, g.width]);
    const counts = sum(unfold(ones, { ...g, batch: 1 }, 0), 1); // [1, L]
    pooled = div(sum(w, 1), counts);
  }
  return reshape(pooled, [x.shape[0]!, x.shape[1]!, g.outH, g.outW]);
}
