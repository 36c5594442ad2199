/** The MNIST panel's verdicts on a run (issue 15): divergence, chance accuracy, over-fitting named only when the curves show it. */
import { describe, expect, it } from 'vitest';
import { accuracyNote, atChance, DivergenceWatch } from '../../web/mnist/divergence.js';

describe('MNIST run verdicts', () => {
  it('a non-finite batch loss is a divergence at once; an exploding one after 5 batches in a row; a spike is not', () => {
    expect(new DivergenceWatch(2.3).observe(NaN)).toBe(true);
    expect(new DivergenceWatch(2.3).observe(Infinity)).toBe(true);
    const exploding = new DivergenceWatch(2.3);
    expect([1e6, 1e6, 47, 1e5, 1e6].map((l) => exploding.observe(l))).toEqual([false, false, false, false, true]);
    const spike = new DivergenceWatch(2.3);
    expect([2, 1e3, 1e3, 1e3, 1e3, 1.5, 1e3, 0.5].some((l) => spike.observe(l))).toBe(false);
    const ordinary = new DivergenceWatch(2.3);
    expect([5, 3, 0.1, 40].some((l) => ordinary.observe(l))).toBe(false);
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
