/** Chance level: the majority-class fraction of the held-out set, and the warning at or below it. */
import { describe, expect, it } from 'vitest';
import { Dataset } from '../../src/data/dataset.js';
import { chanceAccuracy, chanceWarning } from '../../src/train/chance.js';

const features = (n: number): number[][] => Array.from({ length: n }, (_, i) => [i]);

describe('chanceAccuracy', () => {
  it('is the largest class fraction: 1/2 balanced, 3/4 for 3 of 4 in one class, 1/k for k balanced classes', () => {
    expect(chanceAccuracy(Dataset.fromArrays(features(4), [0, 1, 0, 1]))).toBe(0.5);
    expect(chanceAccuracy(Dataset.fromArrays(features(4), [2, 2, 0, 2]))).toBe(0.75);
    expect(chanceAccuracy(Dataset.fromArrays(features(6), [0, 1, 2, 0, 1, 2]))).toBeCloseTo(1 / 3, 12);
  });

  it('counts up to the 2^20 classes labels may name (Math.max(...) overflowed the stack at 150 000)', () => {
    expect(chanceAccuracy(Dataset.fromArrays(features(4), [0, 1, 0, 1_048_575]))).toBe(0.5);
  });

  it('is null for regression targets', () => {
    expect(chanceAccuracy(Dataset.fromArrays(features(2), [[0.5], [1.5]]))).toBeNull();
  });
});

describe('chanceWarning', () => {
  const heldOut = Dataset.fromArrays(features(40), Array.from({ length: 40 }, (_, i) => (i < 24 ? 1 : 0))); // chance 60%

  it('says what chance is and what to try when the accuracy is at or below it', () => {
    for (const accuracy of [0.6, 0.45, 0]) {
      const text = chanceWarning(accuracy, heldOut)!;
      expect(text).toContain('at or below chance (60.00%: always answering the most frequent class');
      expect(text).toContain(`held-out accuracy ${(accuracy * 100).toFixed(2)}%`);
      expect(text).toMatch(/--epochs.*--learning-rate.*--model/);
    }
  });

  it('is null one sample above chance, and for regression', () => {
    expect(chanceWarning(25 / 40, heldOut)).toBeNull();
    expect(chanceWarning(0, Dataset.fromArrays(features(2), [[0.5], [1.5]]))).toBeNull();
  });
});
