import { describe, it, expect } from 'vitest';
import { main } from '../../examples/backends.js';
import { defaultThreads, getBackendName } from '../../src/index.js';

describe('examples/backends.ts', () => {
  it('trains on js and on wasm (1 thread, every core, plain build): a wasm build the same bits on any thread count, the others within float32 rounding', () => {
    const before = getBackendName();
    const lines: string[] = [];
    const runs = main(5, (line) => lines.push(line));
    const labels = Object.keys(runs);
    expect(labels[0]).toBe('js');
    expect(labels).toContain('wasm (1 thread)');
    const one = runs['wasm (1 thread)']!;
    // On one core both wasm runs have the key 'wasm (1 thread)'.
    const manyLabel = defaultThreads() > 1 ? `wasm (${defaultThreads()} threads)` : 'wasm (1 thread)';
    expect(labels).toContain(manyLabel);
    const many = runs[manyLabel]!;
    expect(labels.at(-1)).toBe('wasm plain (1 thread)');
    runs['wasm plain (1 thread)']!.forEach((l, i) => expect(Math.abs(l - one[i]!)).toBeLessThan(1e-5 * Math.abs(l)));
    expect(many).toEqual(one); // bit for bit: each output element is computed by one thread, in one order
    runs.js!.forEach((l, i) => expect(Math.abs(l - one[i]!)).toBeLessThan(1e-5 * Math.abs(l)));
    expect(one.at(-1)!).toBeLessThan(one[0]!); // it trains
    expect(lines).toHaveLength(labels.length);
    expect(getBackendName()).toBe(before); // restored to the default
  });
});
