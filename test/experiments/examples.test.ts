/** The compare examples run and say what they promise. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main as compareOptimizers } from '../../examples/compare-optimizers.js';
import { main as convergenceLab } from '../../examples/compare-convergence-lab.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('examples/compare-*.ts', () => {
  it('compare-optimizers: Adam reaches 10% held-out error on the spirals, plain SGD does not; the report is written', async () => {
    const out = join(tempDir('example'), 'compare');
    const lines: string[] = [];
    const { summaries, files } = await compareOptimizers(out, 40, (l) => void lines.push(l));
    expect(summaries.map((s) => s.configuration.label)).toEqual(['sgd lr=0.1', 'momentum lr=0.05', 'adam lr=0.01']);
    const [sgd, , adam] = summaries;
    expect(adam!.finalError!.max).toBeLessThan(0.1);
    expect(adam!.targetHits.every((h) => h !== null)).toBe(true);
    expect(sgd!.finalError!.min).toBeGreaterThan(0.3);
    expect(sgd!.targetHits).toEqual([null, null]);
    expect(files).toContain('index.html');
    expect(lines.at(-1)).toBe(`report: ${out}`);
  }, 120_000);

  it('compare-convergence-lab: every rate within tolerance', () => {
    const checks = convergenceLab(() => {});
    expect(checks.length).toBe(6);
    expect(checks.every((c) => c.pass)).toBe(true);
  });
});
