/**
 * Filter-normalised random directions (Li et al., "Visualizing the Loss Landscape of Neural Nets",
 * NeurIPS 2018, https://arxiv.org/abs/1712.09913). A plain Gaussian direction is meaningless across
 * networks: ReLU networks are invariant to rescaling a filter, so the same step is huge for a
 * small-norm filter and tiny for a large one. Scaling each filter of the direction to the norm of the
 * matching weight filter makes a step of 1 comparable everywhere, and slices of different networks
 * comparable to each other.
 */
import { Random } from '../tensor/random.js';
import { flatSize, trainableTensors, type AnalysisParameters } from './parameters.js';

/**
 * What to do with parameters of rank ≤ 1 (biases, batch-norm γ and β), which have no filters:
 * `'zero'` (default, Li et al.'s `ignore='biasbn'` setting, used for their figures): the direction
 * does not move them; `'normalize'`: the whole vector is one filter, scaled to the parameter's norm.
 */
export type DirectionBiasMode = 'zero' | 'normalize';

/** Options of {@link filterNormalizedDirections}. */
export interface FilterNormalizedDirectionsOptions {
  /** How many directions (default 1). */
  count?: number;
  /** Seed of the Gaussian draws (default 0). */
  seed?: number;
  /** Biases and normalisation parameters, see {@link DirectionBiasMode} (default 'zero'). */
  bias?: DirectionBiasMode;
}

/**
 * `count` random directions in parameter space, flat in parameter order, each filter-normalised:
 * for a parameter of rank ≥ 2 (a linear layer's [out, in] weight, a convolution's [out, in, kh, kw]
 * kernel) each filter — a slice along the first axis, the weights of one output unit or channel —
 * is drawn from N(0, I) and scaled so that ‖d_filter‖ = ‖w_filter‖ (a zero filter gets a zero
 * direction). Rank ≤ 1 parameters follow `bias`.
 *
 * @example
 * const [d1, d2] = filterNormalizedDirections(model.namedParameters(), { count: 2, seed: 1 });
 */
export function filterNormalizedDirections(params: AnalysisParameters, options: FilterNormalizedDirectionsOptions = {}): Float64Array[] {
  const count = options.count ?? 1;
  const bias = options.bias ?? 'zero';
  if (!Number.isInteger(count) || count < 1) throw new Error(`filterNormalizedDirections: count must be an integer >= 1, got ${count}`);
  if (bias !== 'zero' && bias !== 'normalize') throw new Error(`filterNormalizedDirections: bias must be 'zero' or 'normalize', got ${JSON.stringify(bias)}`);
  const tensors = trainableTensors(params, 'filterNormalizedDirections');
  const random = new Random(options.seed ?? 0);
  const n = flatSize(tensors);
  const directions: Float64Array[] = [];
  for (let c = 0; c < count; c++) {
    const d = new Float64Array(n);
    let offset = 0;
    for (const t of tensors) {
      const filters = t.rank >= 2 ? t.shape[0]! : 1;
      const filterSize = filters === 0 ? 0 : t.size / filters;
      if (t.rank >= 2 || bias === 'normalize') {
        for (let f = 0; f < filters; f++) {
          const start = offset + f * filterSize;
          let dNorm = 0;
          let wNorm = 0;
          for (let i = 0; i < filterSize; i++) {
            const x = random.normal();
            d[start + i] = x;
            dNorm += x * x;
            const w = t.data[f * filterSize + i]!;
            wNorm += w * w;
          }
          const scale = dNorm > 0 ? Math.sqrt(wNorm / dNorm) : 0;
          for (let i = 0; i < filterSize; i++) d[start + i] = d[start + i]! * scale;
        }
      }
      offset += t.size;
    }
    directions.push(d);
  }
  return directions;
}
