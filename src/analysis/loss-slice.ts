/**
 * A 1-D or 2-D slice of the loss landscape around the current weights θ₀: the loss at
 * θ₀ + α·d₁ (+ β·d₂) on a grid of α (and β), along filter-normalised random directions (Li et al.,
 * NeurIPS 2018, https://arxiv.org/abs/1712.09913).
 */
import { noGrad } from '../autograd/grad-mode.js';
import { Tensor } from '../tensor/tensor.js';
import { filterNormalizedDirections, type DirectionBiasMode } from './filter-normalized-directions.js';
import { flatSize, flattenParameters, trainableTensors, writeFlat, type AnalysisParameters } from './parameters.js';

/** Options of {@link lossSlice}. */
export interface LossSliceOptions {
  /** 1 (a curve) or 2 (a surface); default 1. */
  directions?: 1 | 2;
  /** Grid points per axis, default 21 (odd, so that 0 is on the grid). */
  steps?: number;
  /** The interval of α (and β): r for [−r, r], or [low, high]; default 1 (one filter norm each way). */
  range?: number | readonly [number, number];
  /** Seed of the random directions, default 0. */
  seed?: number;
  /** Biases and normalisation parameters in the directions (default 'zero'), see {@link DirectionBiasMode}. */
  bias?: DirectionBiasMode;
  /** Use these flat directions instead of drawing new ones (e.g. to slice again at a later epoch along the same axes). */
  directionVectors?: readonly ArrayLike<number>[];
}

/** What {@link lossSlice} returns. */
export interface LossSlice {
  /** θ₀, the weights the slice is centred on (flat, in parameter order). */
  origin: Float64Array;
  /** The flat directions d₁ (and d₂). */
  directions: Float64Array[];
  /** The α grid. */
  alphas: number[];
  /** The β grid ([0] for a 1-D slice). */
  betas: number[];
  /** `losses[j][i]` = L(θ₀ + alphas[i]·d₁ + betas[j]·d₂); a single row for a 1-D slice. */
  losses: number[][];
  /** L(θ₀), the loss at the current weights. */
  loss: number;
}

function grid(low: number, high: number, steps: number): number[] {
  // low + (high − low)·i/(steps − 1): exact at both ends, and 0 exactly at the middle of a symmetric odd grid.
  return Array.from({ length: steps }, (_, i) => (steps === 1 ? low : low + ((high - low) * i) / (steps - 1)));
}

function lossValue(lossFn: () => Tensor | number): number {
  const out = lossFn();
  return out instanceof Tensor ? out.item() : out;
}

/**
 * The loss on a grid around the current weights along one or two filter-normalised random
 * directions (see {@link filterNormalizedDirections}; biases and normalisation parameters are not
 * moved by default). `lossFn` is evaluated without recording the graph, once per grid point;
 * put the model in eval mode first, or dropout adds noise and batch norm updates its running
 * statistics at every point. The weights are restored bit for bit afterwards, also when `lossFn` throws.
 *
 * Cost: `steps` evaluations (1-D) or `steps²` (2-D).
 *
 * @example
 * model.eval();
 * const slice = lossSlice(() => crossEntropy(model.forward(x), y), model.namedParameters(), { directions: 2, steps: 25, seed: 1 });
 * // slice.losses[j][i] at (slice.alphas[i], slice.betas[j]); slice.loss at (0, 0)
 */
export function lossSlice(lossFn: () => Tensor | number, params: AnalysisParameters, options: LossSliceOptions = {}): LossSlice {
  const count = options.directions ?? 1;
  const steps = options.steps ?? 21;
  const range = options.range ?? 1;
  if (count !== 1 && count !== 2) throw new Error(`lossSlice: directions must be 1 or 2, got ${String(count)}`);
  if (!Number.isInteger(steps) || steps < 1) throw new Error(`lossSlice: steps must be an integer >= 1, got ${steps}`);
  const [low, high] = typeof range === 'number' ? [-range, range] : range;
  if (!Number.isFinite(low) || !Number.isFinite(high) || !(low <= high)) throw new Error(`lossSlice: range must be r > 0 or [low, high] with low <= high, got ${JSON.stringify(range)}`);
  const tensors = trainableTensors(params, 'lossSlice');
  const n = flatSize(tensors);
  let directions: Float64Array[];
  if (options.directionVectors) {
    if (options.directionVectors.length !== count) throw new Error(`lossSlice: directionVectors has ${options.directionVectors.length} vectors, directions is ${count}`);
    directions = options.directionVectors.map((d) => {
      if (d.length !== n) throw new Error(`lossSlice: a direction has ${d.length} values, the parameters ${n}`);
      return Float64Array.from(d);
    });
  } else {
    directions = filterNormalizedDirections(tensors, { count, seed: options.seed ?? 0, bias: options.bias ?? 'zero' });
  }
  const origin = flattenParameters(tensors);
  // Exact copies in the parameters' own dtype: restoring them gives back the very same bits.
  const saved = tensors.map((t) => t.data.slice());
  const alphas = grid(low, high, steps);
  const betas = count === 2 ? grid(low, high, steps) : [0];
  const point = new Float64Array(n);
  try {
    return noGrad(() => {
      const loss = lossValue(lossFn);
      const losses = betas.map((beta) =>
        alphas.map((alpha) => {
          for (let i = 0; i < n; i++) point[i] = origin[i]! + alpha * directions[0]![i]! + (count === 2 ? beta * directions[1]![i]! : 0);
          writeFlat(tensors, point);
          return lossValue(lossFn);
        }),
      );
      return { origin, directions, alphas, betas, losses, loss };
    });
  } finally {
    tensors.forEach((t, i) => t.data.set(saved[i]!));
  }
}
