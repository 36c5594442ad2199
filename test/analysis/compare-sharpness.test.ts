/** `descent compare --sharpness-every <n>`: each run measures λmax, the report plots it against 2/η and writes sharpness.csv. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/cli/usage-error.js';
import { sharpnessFigure } from '../../src/experiments/compare/sharpness-figure.js';
import { checkRunJob, RunSpecError } from '../../src/experiments/queue/run-job-check.js';
import type { CompareTask, Configuration, RunResult } from '../../src/experiments/compare/types.js';
import { runInProcess } from '../helpers/cli-run.js';
import { parseSvg } from '../plot/svg-check.js';

describe('descent compare --sharpness-every', () => {
  it('measures every n updates in every run; the report has the sharpness figure, sharpness.csv and the records in runs.jsonl', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'descent-compare-sharpness-')), 'report');
    const run = await runInProcess('compare', '--optimizers', 'sgd:learningRate=0.5,sgd:learningRate=0.25', '--batch-sizes', 'full', '--dataset', 'moons',
      '--epochs', '6', '--seeds', '1,2', '--workers', '1', '--sharpness-every', '2', '--out', out);
    expect(run.error).toBeNull();
    expect(readdirSync(join(out, 'figures'))).toEqual(expect.arrayContaining(['sharpness.svg', 'sharpness.png']));
    const svg = readFileSync(join(out, 'figures', 'sharpness.svg'), 'utf8');
    expect(parseSvg(svg).width).toBeGreaterThan(0);
    expect(svg).toContain('2/η');
    expect(svg).toContain('λmax');
    const [header, ...rows] = readFileSync(join(out, 'sharpness.csv'), 'utf8').trim().split('\n');
    expect(header).toBe('configuration,label,seed,update,sharpness,twoOverLr');
    // 2 configurations × 2 seeds × updates 2, 4, 6 (full batch: one update per epoch).
    expect(rows).toHaveLength(12);
    const parsed = rows.map((r) => r.split(','));
    expect([...new Set(parsed.map((r) => r[3]))]).toEqual(['2', '4', '6']);
    for (const r of parsed) {
      expect(Number(r[5])).toBe(r[0] === 'c1' ? 4 : 8);
      expect(Number(r[4])).toBeGreaterThan(0);
    }
    const first = JSON.parse(readFileSync(join(out, 'runs.jsonl'), 'utf8').split('\n')[0]!) as { sharpness: Array<{ update: number }> };
    expect(first.sharpness.map((s) => s.update)).toEqual([2, 4, 6]);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('Sharpness');
  }, 120_000);

  it('without the flag there is no sharpness figure or file; a bad value is a usage error', async () => {
    const task: CompareTask = { dataset: 'moons', model: 'mlp:2-8-2', loss: 'cross-entropy', epochs: 1, testFraction: 0.2, dataSeed: 0, target: null };
    const c: Configuration = { id: 'c1', label: 'sgd', optimizer: 'sgd', hyperParameters: {}, batchSize: 'full', schedule: 'constant', averaging: 'none' };
    const result: RunResult = { configurationId: 'c1', seed: 1, points: [], parameters: 1, failure: null };
    expect(sharpnessFigure(task, [c], [result], 1)).toBeNull();
    const bad = await runInProcess('compare', '--optimizers', 'sgd', '--dataset', 'moons', '--sharpness-every', '0', '--out', join(tmpdir(), 'never-sharp'));
    expect(isUsageError(bad.error)).toBe(true);
    expect(bad.error!.message).toMatch(/--sharpness-every: expected an integer >= 1, got '0'/);
    expect(existsSync(join(tmpdir(), 'never-sharp'))).toBe(false);
  });

  it('travels in queued run specs (workers on other machines measure it too)', () => {
    const task: CompareTask = { dataset: 'moons', model: 'mlp:2-8-2', loss: 'cross-entropy', epochs: 1, testFraction: 0.2, dataSeed: 0, target: null, sharpnessEvery: 5 };
    const configuration: Configuration = { id: 'c1', label: 'sgd', optimizer: 'sgd', hyperParameters: {}, batchSize: 'full', schedule: 'constant', averaging: 'none' };
    expect(checkRunJob({ task, configuration, seed: 1 }).task.sharpnessEvery).toBe(5);
    expect(() => checkRunJob({ task: { ...task, sharpnessEvery: 0 }, configuration, seed: 1 })).toThrow(RunSpecError);
  });
});
