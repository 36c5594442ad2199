/**
 * Chance level: the accuracy of always answering the most frequent class. A classifier at or below
 * it has learnt nothing from the features, and the run should say so rather than print a number
 * that looks like a result.
 */
import type { Dataset } from '../data/dataset.js';

/**
 * The held-out accuracy of always predicting the majority class of `data`: the largest class's
 * fraction of the samples (0.5 for two balanced classes, 1/k for k). Null for regression targets or an
 * empty dataset.
 *
 * @example
 * chanceAccuracy(heldOut); // 0.5 for the two spirals
 */
export function chanceAccuracy(data: Dataset): number | null {
  const f = classFrequencies(data);
  // A loop, not Math.max(...f): labels go up to 2^20 classes, past the engine's argument limit
  // (a run with one label 150000 finished training and then crashed here).
  return f === null ? null : f.reduce((a, b) => Math.max(a, b), 0);
}

/**
 * Each class's fraction of the samples of `data` (index = class); null for regression targets or an
 * empty dataset.
 *
 * @example
 * classFrequencies(heldOut); // [0.5, 0.5] for the two spirals
 */
export function classFrequencies(data: Dataset): number[] | null {
  if (data.numClasses === null || data.length === 0) return null;
  const counts = new Array<number>(data.numClasses).fill(0);
  for (const label of data.labels.toArray() as number[]) counts[label] = (counts[label] ?? 0) + 1;
  return counts.map((c) => c / data.length);
}

/**
 * A warning when `accuracy` (a fraction) is at or below the chance level of the held-out set `data`,
 * naming the chance level and what to try; null when the model beats chance (or there are no classes).
 * A tolerance of half a sample absorbs rounding.
 *
 * @example
 * chanceWarning(0.45, heldOut);
 * // 'warning: held-out accuracy 45.00% is at or below chance (50.00%: always answering the most frequent class) ...'
 */
export function chanceWarning(accuracy: number, data: Dataset): string | null {
  const chance = chanceAccuracy(data);
  if (chance === null || accuracy > chance + 0.5 / data.length) return null;
  const pct = (x: number): string => `${(x * 100).toFixed(2)}%`;
  return `warning: held-out accuracy ${pct(accuracy)} is at or below chance (${pct(chance)}: always answering the most frequent class of the held-out set); the model has not learnt from the features. Try more epochs (--epochs), another learning rate (--learning-rate, 10x up or down), or a model that fits the data (leave out --model for one chosen from the dataset).`;
}
