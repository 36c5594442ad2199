import { describe, it, expect } from 'vitest';
import { main } from '../../examples/nn-mlp.js';

describe('examples/nn-mlp.ts', () => {
  it('trains the MLP, evaluates it and restores it from JSON', () => {
    const lines: string[] = [];
    const result = main((line) => lines.push(line));
    expect(result.architecture.startsWith('Sequential(\n  (0): Linear(inFeatures=2, outFeatures=32, bias=true)')).toBe(true);
    expect(result.parameterCount).toBe(2 * 32 + 32 + 2 * 32 + 32 * 32 + 32 + 32 * 3 + 3);
    expect(result.initialLoss).toBeGreaterThan(0.8);
    expect(result.finalLoss).toBeLessThan(0.05);
    expect(result.accuracy).toBeGreaterThan(0.95);
    expect(result.restoredMatches).toBe(true);
    expect(lines.at(-1)).toMatch(/restored model matches/);
  });

  it('is reproducible: the same seed gives the same trajectory', () => {
    const a = main(undefined, 10);
    const b = main(undefined, 10);
    expect(b.finalLoss).toBe(a.finalLoss);
  });
});
