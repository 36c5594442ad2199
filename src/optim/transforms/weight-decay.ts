/**
 * Weight decay for any optimizer, in both forms:
 * - coupled (L2): put `addWeightDecay(λ)` *before* the optimizer, so g ← g + λ·p enters its
 *   statistics (what PyTorch's `weight_decay` does in SGD, Adam, RMSprop, …);
 * - decoupled: put `decoupledWeightDecay({ weightDecay: λ, learningRate: η })` *after* the
 *   optimizer, so u ← u − η·λ·p shrinks the weights directly (AdamW's rule, Loshchilov & Hutter).
 */
import { mapUpdates, type GradientTransformation } from '../transform.js';

function checkRate(owner: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) throw new Error(`${owner}: invalid ${name}: ${String(v)} (valid range [0, inf))`);
}

/**
 * Coupled (L2) weight decay: adds λ·p to the incoming gradient.
 *
 * Math: g ← g + λ·p. Reference: Krogh & Hertz 1991, https://papers.nips.cc/paper/563
 *
 * @example
 * const tx = chain(addWeightDecay(1e-4), rprop());   // L2 for an optimizer without weightDecay
 */
export function addWeightDecay(weightDecay: number): GradientTransformation<null> {
  checkRate('addWeightDecay', 'weightDecay', weightDecay);
  return mapUpdates('addWeightDecay', (updates, params) =>
    updates.map((u, k) => {
      const p = params[k]!;
      return Float64Array.from(u, (v, i) => v + weightDecay * p[i]!);
    }),
  );
}

/**
 * Decoupled weight decay: subtracts η·λ·p from the outgoing update.
 *
 * Math: u ← u − η·λ·p. Paper: https://arxiv.org/abs/1711.05101
 *
 * @example
 * const tx = chain(lion({ learningRate: 1e-4 }), decoupledWeightDecay({ weightDecay: 0.1, learningRate: 1e-4 }));
 */
export function decoupledWeightDecay(options: { weightDecay: number; learningRate: number }): GradientTransformation<null> {
  const { weightDecay, learningRate } = options;
  checkRate('decoupledWeightDecay', 'weightDecay', weightDecay);
  checkRate('decoupledWeightDecay', 'learningRate', learningRate);
  const rate = learningRate * weightDecay;
  return mapUpdates('decoupledWeightDecay', (updates, params) =>
    updates.map((u, k) => {
      const p = params[k]!;
      return Float64Array.from(u, (v, i) => v - rate * p[i]!);
    }),
  );
}
