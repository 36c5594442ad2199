/** Divergences by name for run specifications. */
import { crossEntropy, mseLoss } from '../losses/index.js';
import type { LossFunction } from '../train/types.js';

export const LOSS_NAMES = ['cross-entropy', 'mse'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** The loss a run names: cross-entropy from logits with class targets, or mean squared error. */
export function lossByName(name: LossName): LossFunction {
  return name === 'mse' ? mseLoss : (output, target) => crossEntropy(output, target);
}
