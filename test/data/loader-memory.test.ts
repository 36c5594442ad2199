/** Issue 11: no input makes the CSV or IDX loaders allocate beyond a bound proportional to its size. */
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/data/index.js';
import { measureAllocations } from './allocation-meter.js';
import { C, K, csvAllocationProperty, idxAllocationProperty, idxPairAllocationProperty } from './loader-memory-properties.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// FUZZ_RUNS=5000 npx vitest run test/data/loader-memory.test.ts for a deeper search.
const runs = Number(process.env.FUZZ_RUNS ?? 150);

describe('loader allocations are proportional to the input', () => {
  it('the meter counts what a call allocates', async () => {
    const r = await measureAllocations(() => new Float64Array(1000).map((x) => x + 1));
    expect(r.bytes).toBe(16000);
    const big = await measureAllocations(() => parseCsv('x,y\n' + '1,0\n'.repeat(10000)));
    expect(big.bytes).toBeGreaterThan(10000 * 8);
    expect(big.bytes).toBeLessThanOrEqual(K * 40004 + C);
  });

  it('CSV: parse and held-out split of generated and mutated tables', async () => {
    await csvAllocationProperty(runs);
  });

  it('IDX: generated headers (huge dimensions, any type and rank) with any payload', async () => {
    await idxAllocationProperty(runs);
  });

  it('IDX pairs: loadIdxPair and the held-out split', async () => {
    await idxPairAllocationProperty(Math.ceil(runs / 3));
  });

  it('the same properties pass in a process with a 64 MB heap', async () => {
    const child = spawn(process.execPath, ['--max-old-space-size=64', '--import', 'tsx', 'test/data/loader-memory-child.ts', String(Math.ceil(runs / 2))], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(out.trim().split('\n').at(-1)).toBe('ok');
    expect(code).toBe(0);
  }, 60_000);
});
