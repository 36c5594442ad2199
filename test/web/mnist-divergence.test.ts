/** The MNIST panel's verdicts on a run (issue 15): divergence, chance accuracy, over-fitting named only when the curves show it. */
import { describe, expect, it } from 'vitest';
import { accuracyNote, atChance, hasDiverged } from '../../web/mnist/divergence.js';

describe('MNIST run verdicts', () => {
  it('a non-finite or exploding batch loss is a divergence; a high but ordinary one is not', () => {
    expect(hasDiverged(NaN, 2.3)).toBe(true);
    expect(hasDiverged(Infinity, 2.3)).toBe(true);
    expect(hasDiverged(1e6, 2.3)).toBe(true);
    expect(hasDiverged(47, 2.3)).toBe(true);
    expect(hasDiverged(5, 2.3)).toBe(false);
    expect(hasDiverged(0.1, 2.3)).toBe(false);
  });

  it('10% ± a little on ten digits is chance; 20% is not', () => {
    expect(atChance(0.086)).toBe(true);
    expect(atChance(0.112)).toBe(true);
    expect(atChance(0.2)).toBe(false);
    expect(atChance(NaN)).toBe(false);
  });

  it('the caption names over-fitting only when training accuracy leads held-out', () => {
    expect(accuracyNote({ heldOutAccuracy: 0.9 }, { trainAccuracy: 0.99 })).toMatch(/ahead of held-out by 9\.0 points.*over-fitting/);
    expect(accuracyNote({ heldOutAccuracy: 0.95 }, { trainAccuracy: 0.955 })).toMatch(/no over-fitting so far/);
    expect(accuracyNote({ heldOutAccuracy: 0.086 }, { trainAccuracy: 0.1 })).toMatch(/at chance/);
    expect(accuracyNote({ heldOutAccuracy: 0.086 }, { trainAccuracy: 0.1 })).not.toMatch(/over-fitting/);
    expect(accuracyNote(undefined, undefined)).toBe('Accuracy (0–100%): training solid, held-out dashed.');
  });
});
