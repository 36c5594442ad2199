import { describe, expect, it } from 'vitest';
import { main } from '../../examples/optax-composition.js';

describe('examples/optax-composition.ts', () => {
  it('composed AdamW and momentum SGD follow the named optimizers bit for bit, and move towards (1, 1)', () => {
    const lines: string[] = [];
    const pairs = main(2000, (line) => lines.push(line));
    for (const [composed, named] of Object.values(pairs)) {
      expect(composed).toHaveLength(2001);
      composed.forEach((p, k) => expect(Array.from(p)).toEqual(Array.from(named[k]!)));
      const dist = (p: Float64Array): number => Math.hypot(p[0]! - 1, p[1]! - 1);
      expect(dist(composed.at(-1)!)).toBeLessThan(dist(composed[0]!));
    }
    expect(lines.every((l) => l.includes('agree bit for bit'))).toBe(true);
  });
});
