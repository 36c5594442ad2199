import { describe, expect, it } from 'vitest';
import { main } from '../../examples/schedules-warmup-cosine-swa.js';

describe('examples/schedules-warmup-cosine-swa', () => {
  it('runs: warm-up, cosine, SWA; the averaged weights beat the live ones on the noisy quadratic', () => {
    const lines: string[] = [];
    const { liveLoss, averagedLoss, learningRates } = main((l) => lines.push(l));
    expect(learningRates).toHaveLength(60);
    expect(learningRates[0]).toBeCloseTo(0.02, 15); // startFactor 0.1 of 0.2
    expect(learningRates[5]).toBeCloseTo(0.2, 15); // peak after the warm-up
    expect(learningRates[59]).toBeCloseTo(0.05, 15); // the SWA rate
    expect(averagedLoss).toBeLessThan(liveLoss);
    expect(lines.at(-1)).toMatch(/SWA average of 20 iterates/);
  });
});
