import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { main } from '../../examples/checkpoints.js';

describe('examples/checkpoints.ts', () => {
  it('interrupts mid-epoch, resumes from the newest checkpoint, and ends bit-identical with an exact log', async () => {
    const lines: string[] = [];
    const r = await main((line) => lines.push(line));
    expect(r.stopReasons).toEqual(['interrupted', 'epochs']);
    expect(r.sameAsUninterrupted).toBe(true);
    expect(r.loggedEpochs).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.best.epoch).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(r.best.loss)).toBe(true);
    expect(lines.some((l) => /^resuming from last at epoch 2, update 19$/.test(l))).toBe(true);
    // One weights and one arrays file per checkpoint, no leftovers.
    const files = readdirSync(r.dir).sort();
    expect(files.filter((f) => f.endsWith('.safetensors'))).toHaveLength(4);
    expect(files).toContain('run.jsonl');
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
