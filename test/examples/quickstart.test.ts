import { describe, it, expect } from 'vitest';
import { main } from '../../examples/quickstart.js';

describe('examples/quickstart.ts', () => {
  it('trains: the loss falls steadily, to under a tenth of where it started', () => {
    const lines: string[] = [];
    const losses = main(300, 0.1, (line) => lines.push(line));
    expect(losses).toHaveLength(300);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[299]!).toBeLessThan(losses[0]! / 10);
    // Every 50 steps the loss is lower than 50 steps before.
    for (let s = 50; s < 300; s += 50) expect(losses[s]!).toBeLessThan(losses[s - 50]!);
    expect(lines[0]).toMatch(/^step 0: loss \d\.\d{4}$/);
    expect(lines.at(-1)).toMatch(/^step 299: loss /);
  });

  it('is deterministic (seeded data and initialisation)', () => {
    expect(main(20, 0.1, () => {})).toEqual(main(20, 0.1, () => {}));
  });

  it('keeps the user code short (at most 20 lines in main)', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../examples/quickstart.ts', import.meta.url), 'utf8');
    const body = source.slice(source.indexOf('export function main'), source.indexOf('\n}\n') + 2);
    expect(body.split('\n').length).toBeLessThanOrEqual(20);
  });
});
