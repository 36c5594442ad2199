/** Exponential moving average of the weights. */
import type { HyperParameterSpec } from '../registry/spec.js';
import { resolveOptions } from '../registry/validate.js';
import { makeAverager, type Averager } from './averager.js';

/** Options of {@link ema}. */
export interface EMAOptions {
  /** The decay β in [0, 1]: the weight of the old average. Default 0.999. */
  decay?: number;
}

/** Hyper-parameters of {@link ema}. */
export const emaHyperParameters: readonly HyperParameterSpec[] = [
  { kind: 'number', name: 'decay', default: 0.999, min: 0, max: 1, doc: 'β: weight of the old average' },
];

/**
 * Exponential moving average of the iterates, with PyTorch AveragedModel semantics
 * (`get_ema_avg_fn`): `x̄_1 = x_1`, then `x̄_t = β·x̄_{t−1} + (1 − β)·x_t`. The first iterate is
 * copied rather than averaged with zeros, so no bias correction is needed. Default β = 0.999.
 *
 * Reference: https://pytorch.org/docs/stable/optim.html#weight-averaging-swa-and-ema
 *
 * @example
 * ```ts
 * const avg = ema({ decay: 0.99 });
 * let state = avg.init({ w });
 * state = avg.update(state, { w });
 * ```
 */
export function ema(options: EMAOptions = {}): Averager {
  const o = resolveOptions('ema', emaHyperParameters, options as Record<string, unknown>);
  const decay = o.decay as number;
  return makeAverager('ema', (avg, x) => decay * avg + (1 - decay) * x);
}
