/**
 * Weight decay as a composable verb (Optax's `add_decayed_weights`): u ← u + λ·p. Where it stands in
 * a chain decides which kind of decay it is:
 * - before the optimizer's scaling, `chain(addDecayedWeights(λ), scaleByAdam(), scaleByLearningRate(η))`:
 *   coupled (L2) decay, g + λ·p enters the statistics (PyTorch's `weight_decay` in SGD, Adam, RMSprop, …);
 * - after it, `chain(scaleByAdam(), addDecayedWeights(λ), scaleByLearningRate(η))`: decoupled decay,
 *   the weights shrink by η·λ·p directly (AdamW's rule, Loshchilov & Hutter), bit for bit `adamw(...)`.
 */
import { mapUpdates, type GradientTransformation } from '../transform.js';

/**
 * Adds λ·p to the incoming updates.
 *
 * Math: u ← u + λ·p. References: Krogh & Hertz 1991 (https://papers.nips.cc/paper/563);
 * decoupled: https://arxiv.org/abs/1711.05101
 *
 * @example
 * const l2Rprop = chain(addDecayedWeights(1e-4), rprop());                               // coupled (L2)
 * const adamw = chain(scaleByAdam(), addDecayedWeights(1e-2), scaleByLearningRate(1e-3)); // decoupled
 */
export function addDecayedWeights(weightDecay: number): GradientTransformation<null> {
  if (typeof weightDecay !== 'number' || !(weightDecay >= 0) || !Number.isFinite(weightDecay)) {
    throw new Error(`addDecayedWeights: invalid weightDecay: ${String(weightDecay)} (valid range [0, inf))`);
  }
  return mapUpdates('addDecayedWeights', (updates, params) =>
    updates.map((u, k) => {
      const p = params[k]!;
      return Float64Array.from(u, (v, i) => v + weightDecay * p[i]!);
    }),
  );
}
