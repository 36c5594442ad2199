/** How long a comparison runs when `--epochs` is not given. */
import { defaultEpochs } from '../../specs/training-defaults.js';

/**
 * Updates every configuration makes when the epochs are not given. More than `train`'s 600: a
 * comparison should show the slowest default learn too — plain SGD leaves the spirals' plateau after
 * ~600 updates and reaches a few percent held-out error by ~1500 (Adam: ~200, momentum: ~400).
 */
export const COMPARE_MIN_UPDATES = 1500;

/**
 * The epochs of a comparison: enough for {@link COMPARE_MIN_UPDATES} updates of the configuration
 * with the fewest updates per epoch (the largest batch), at least 20, at most 1000 (see
 * {@link defaultEpochs}). All configurations run the same epochs, so their curves share the x axis.
 *
 * @example
 * compareEpochs(160, [32]);     // 300 (spirals: 5 updates per epoch)
 * compareEpochs(160, [1, 32]);  // 300 (batch 32 decides)
 */
export function compareEpochs(trainSamples: number, batchSizes: readonly (number | 'full')[]): number {
  return Math.max(...batchSizes.map((b) => defaultEpochs(trainSamples, b, COMPARE_MIN_UPDATES)));
}
