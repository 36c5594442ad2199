/** `descent converge`: the lab's report folder, slopes within tolerance, bad input exits 2. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/cli/usage-error.js';
import { parseSvg, pngSize } from '../plot/svg-check.js';
import { runInProcess, spawnDescent } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('converge');

describe('descent converge', () => {
  it('writes the report: a figure per experiment, the measured-vs-theory table, raw data', async () => {
    const out = join(tmp, 'lab');
    const r = await runInProcess('converge', '--quick', '--only', 'gd-step-size,momentum', '--workers', '1', '--out', out);
    expect(r.error).toBeNull();
    expect(r.exitCode).toBeUndefined(); // every rate within its tolerance
    expect(readdirSync(out).sort()).toEqual(['README.md', 'checks.csv', 'curves.csv', 'experiments.jsonl', 'figures', 'index.html']);
    expect(readdirSync(join(out, 'figures')).sort()).toEqual(['gd-step-size.png', 'gd-step-size.svg', 'momentum.png', 'momentum.svg']);
    for (const name of ['gd-step-size', 'momentum']) {
      const svg = readFileSync(join(out, 'figures', `${name}.svg`), 'utf8');
      const size = parseSvg(svg);
      for (const text of ['f(x_k) − f*', 'step k', 'measured', 'fitted', 'theory']) expect(svg).toContain(text);
      expect(pngSize(readFileSync(join(out, 'figures', `${name}.png`)))).toEqual({ width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
    }
    const checks = readFileSync(join(out, 'checks.csv'), 'utf8').trim().split('\n');
    expect(checks).toHaveLength(1 + 5 + 3);
    expect(checks.slice(1).every((l) => l.includes(',true,'))).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/\| momentum \| Nesterov, κ = 100: slope of log10\(f − f\*\) per step \| -0\.0[89]\d+ \| -0\.09151 \| ±3% \| within \|/);
    expect(r.stdout).toContain(`report folder: ${out}`);
  }, 60_000);

  it('runs the experiments on worker threads from source', async () => {
    const out = join(tmp, 'threads');
    const r = await spawnDescent('converge', '--quick', '--only', 'gd-condition-number,sgd-step-decay', '--workers', '2', '--out', out);
    expect(r.stderr).toContain('gd-condition-number: 3/3 checks within tolerance');
    expect(r.stderr).toContain('sgd-step-decay: 3/3 checks within tolerance');
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('2 worker threads');
  }, 120_000);

  it('unknown experiment names are a usage error listing the valid ones; exit code 2', async () => {
    const r = await runInProcess('converge', '--only', 'momentum,nope', '--out', join(tmp, 'never'));
    expect(isUsageError(r.error), String(r.error)).toBe(true);
    expect(r.error!.message).toBe("--only: unknown experiment 'nope'; valid experiments: gd-condition-number, gd-step-size, sgd-step-decay, sgd-averaging, minibatch-variance, momentum");
    expect((await runInProcess('converge', '--only', '')).error!.message).toMatch(/--only: expected experiment names/);
    const child = await spawnDescent('converge', '--seed', '-1');
    expect(child.code).toBe(2);
    expect(child.stderr).toContain("descent converge: --seed: expected a non-negative integer, got '-1'");
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  }, 60_000);
});
