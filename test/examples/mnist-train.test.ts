import { describe, expect, it } from 'vitest';
import { main } from '../../examples/mnist-train.js';

describe('examples/mnist-train.ts', () => {
  it('one epoch of the default MNIST run already gets below 15% held-out error', async () => {
    const lines: string[] = [];
    const history = await main(1, (l) => void lines.push(l));
    expect(history).toHaveLength(1);
    expect(history[0]!.validationError!).toBeLessThan(0.15);
    expect(lines[0]).toMatch(/^epoch 1: train loss \d\.\d{4}, held-out error \d+\.\d\d%$/);
  });
});
