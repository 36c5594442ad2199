import { describe, it, expect } from 'vitest';
import { main } from '../../examples/data-spirals.js';

describe('examples/data-spirals.ts', () => {
  it('splits, scales, batches, trains to high accuracy, and resumes bit for bit from its checkpoint', async () => {
    const lines: string[] = [];
    const result = await main((line) => lines.push(line));
    expect(result.sizes).toEqual({ train: 210, validation: 45, test: 45 });
    expect(result.batchesPerEpoch).toBe(14);
    expect(result.losses).toHaveLength(60);
    expect(result.losses.at(-1)!).toBeLessThan(result.losses[0]! / 10);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.validationAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.checkpointBytes).toBeGreaterThan(0);
    expect(result.resumedMatches).toBe(true);
    expect(lines.at(-1)).toMatch(/resumed run matches bit for bit/);
  });

  it('is deterministic: the same seeds give the same losses', async () => {
    const a = await main(undefined, 6);
    const b = await main(undefined, 6);
    expect(b.losses).toEqual(a.losses);
  });
});
