import { describe, it, expect } from 'vitest';
import { main, releasedMessage, train } from '../../examples/scoped-training-loop.js';
import { manualSeed } from '../../src/index.js';

describe('examples/scoped-training-loop.ts', () => {
  it('trains inside scopes: the loss falls, and the steps give the bits of unscoped ones', () => {
    const lines: string[] = [];
    manualSeed(0);
    const losses = main(5, (line) => lines.push(line));
    expect(losses).toHaveLength(5 * 8); // 256 samples in batches of 32
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 2);
    manualSeed(0);
    const plain = train(5, false);
    expect(plain).toEqual(losses);
    expect(lines[0]).toMatch(/^40 scoped steps: loss \d\.\d{4} → \d\.\d{4}$/);
  });

  it('says which tensor was used after its scope ended', () => {
    expect(releasedMessage()).toMatch(/^tensor \[4,2\] made by 'relu' was released when the tidy\(\) scope that created it ended/);
  });
});
