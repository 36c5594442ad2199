/**
 * `descent compare --tune`: the report holds the tuned value per optimizer (tables, config.json,
 * tuning.csv), the sensitivity and time-to-target figures; the choice is the validation optimum; the
 * same seeds give the same numbers; bad ranges are usage errors.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/cli/usage-error.js';
import { runInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('compare-tune');
const SWEEP = ['--optimizers', 'sgd,adam', '--dataset', 'moons', '--epochs', '4', '--seeds', '1,2', '--tune', 'learningRate=log:1e-3..1,4', '--workers', '1'];

/** A CSV as objects (no quoted commas in these files' numeric columns we read). */
function csv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((l) => {
    // JSON columns are quoted and hold commas: split outside quotes.
    const cells = l.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"'));
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

/** A file's rows without the wall-time column. */
const withoutSeconds = (file: string): string[] => csv(file).map((r) => JSON.stringify({ ...r, seconds: undefined }));

describe('descent compare --tune', () => {
  const out = join(tmp, 'tuned');
  let run: Awaited<ReturnType<typeof runInProcess>>;

  beforeAll(async () => {
    run = await runInProcess('compare', ...SWEEP, '--out', out);
  }, 120_000);

  it('tunes on the validation split, then runs the chosen settings on the test split', () => {
    expect(run.error).toBeNull();
    expect(run.stdout).toMatch(/tuning 2 configuration\(s\) on 32 validation samples carved from the training split: 8 setting\(s\) × 2 seed\(s\) = 16 runs of 4 epochs/);
    expect(run.stdout).toMatch(/moons \(128 train \/ 40 held-out\).* 2 configuration\(s\) × 2 seed\(s\) = 4 runs of 4 epochs/);
    expect(readdirSync(out)).toContain('tuning.csv');
    expect(readdirSync(join(out, 'figures'))).toEqual(expect.arrayContaining(['sensitivity-learning-rate.svg', 'time-to-target-updates.svg', 'time-to-target-seconds.svg']));
  });

  it('chooses, per optimizer, the setting with the lowest mean validation error', () => {
    const tuning = csv(join(out, 'tuning.csv'));
    expect(tuning).toHaveLength(16);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { task: { target: number }; tuning: { chosen: Array<{ label: string; setting: { learningRate: number } }> }; configurations: Array<{ label: string; hyperParameters: { learningRate: number } }> };
    for (const optimizer of ['sgd', 'adam']) {
      const mine = tuning.filter((r) => r.optimizer === optimizer);
      const mean = new Map<string, number>();
      for (const r of mine) mean.set(r.setting, (mean.get(r.setting) ?? 0) + Number(r.finalValidationError) / 2);
      const bestError = Math.min(...mean.values());
      const chosen = mine.filter((r) => r.chosen === 'true');
      expect(chosen).toHaveLength(2); // both seeds of one setting
      expect(mean.get(chosen[0]!.setting)).toBeCloseTo(bestError, 12);
      const lr = (JSON.parse(chosen[0]!.setting) as { learningRate: number }).learningRate;
      expect(config.tuning.chosen.find((c) => c.label === optimizer)!.setting.learningRate).toBe(lr);
      // The final run of the optimizer uses it, and says so in its label.
      expect(config.configurations.find((c) => c.label === `${optimizer} lr=${lr}`)!.hyperParameters.learningRate).toBe(lr);
      // Every hyper-parameter of every tuning run is listed.
      expect(Object.keys(JSON.parse(chosen[0]!.hyperParameters) as object)).toEqual(expect.arrayContaining(['learningRate', 'weightDecay']));
    }
    expect(config.task.target).toBeGreaterThan(0);
  });

  it('the README and HTML show the tuned value per optimizer, every setting, and the chance level', () => {
    const md = readFileSync(join(out, 'README.md'), 'utf8');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { tuning: { chosen: Array<{ label: string; setting: { learningRate: number } }> } };
    expect(md).toContain('**Tuned hyper-parameters**');
    expect(md).toContain('| configuration | tuned learningRate | final validation error |');
    for (const c of config.tuning.chosen) expect(md).toMatch(new RegExp(`^\\| ${c.label} \\| ${c.setting.learningRate} \\|`, 'm'));
    expect(md).toContain('Chance level: 50.00% held-out error');
    // The command line reruns the comparison: each --tune once, quoted for a shell where needed.
    expect(md).toMatch(/Command: descent compare .* --tune learningRate=log:1e-3\.\.1,4 --tune-seed 0 --validation-fraction 0\.2/);
    expect(md).toContain('**Tuning runs**');
    expect(md.split('\n').filter((l) => /^\| (sgd|adam) \| lr=/.test(l))).toHaveLength(8);
    expect(md).toMatch(/\| seconds to ≤ [\d.]+% \|/);
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('Tuned hyper-parameters');
    expect(html).toContain('Sensitivity to learningRate');
  });

  it('the same seeds give the same numbers', async () => {
    const again = join(tmp, 'again');
    const r = await runInProcess('compare', ...SWEEP, '--out', again);
    expect(r.error).toBeNull();
    expect(withoutSeconds(join(again, 'tuning.csv'))).toEqual(withoutSeconds(join(out, 'tuning.csv')));
    expect(withoutSeconds(join(again, 'epochs.csv'))).toEqual(withoutSeconds(join(out, 'epochs.csv')));
  }, 120_000);

  it('random search with --tune-budget draws the same settings for every optimizer', async () => {
    const random = join(tmp, 'random');
    const r = await runInProcess('compare', '--optimizers', 'sgd,adam', '--dataset', 'moons', '--epochs', '2', '--seeds', '1', '--tune', 'learningRate=log:1e-3..1,2', '--tune-budget', '3', '--tune-seed', '5', '--workers', '1', '--out', random);
    expect(r.error).toBeNull();
    const tuning = csv(join(random, 'tuning.csv'));
    const settings = (o: string): string[] => tuning.filter((t) => t.optimizer === o).map((t) => t.setting);
    expect(settings('sgd')).toHaveLength(3);
    expect(readFileSync(join(random, 'README.md'), 'utf8')).toContain("--tune-budget 3");
    expect(settings('adam')).toEqual(settings('sgd'));
    const config = JSON.parse(readFileSync(join(random, 'config.json'), 'utf8')) as { tuning: { search: string; budget: number; searchSeed: number } };
    expect(config.tuning).toMatchObject({ search: 'random', budget: 3, searchSeed: 5 });
  }, 120_000);
});

describe('descent compare --tune: bad input', () => {
  const usage = async (...args: string[]): Promise<string> => {
    const out = join(tmp, `bad-${Math.random().toString(36).slice(2)}`);
    const r = await runInProcess('compare', '--dataset', 'moons', ...args, '--epochs', '1', '--out', out);
    expect(isUsageError(r.error), String(r.error)).toBe(true);
    expect(existsSync(out)).toBe(false);
    return r.error!.message;
  };

  it('names the flag and the bad part', async () => {
    expect(await usage('--tune', 'learningRate=log:0..1,4')).toMatch(/--tune: a log range needs positive ends, got 0\.\.1 in 'learningRate=log:0\.\.1,4'/);
    expect(await usage('--tune', 'learningRate=log:1e-3..1')).toMatch(/--tune: expected log:lo\.\.hi,n/);
    expect(await usage('--optimizers', 'adam', '--tune', 'momentum=0.5;0.9')).toBe('--tune: momentum applies to none of the optimizers (adam)');
    expect(await usage('--optimizers', 'sgd', '--tune', 'learningRate=lin:-1..1,3')).toMatch(/--optimizers sgd lr=-1: .*learning ?rate/i);
    expect(await usage('--tune-budget', '3')).toBe('--tune-budget needs --tune');
    expect(await usage('--tune', 'learningRate=0.1;1', '--tune-budget', '0')).toBe("--tune-budget: expected an integer >= 1, got '0'");
    expect(await usage('--tune', 'learningRate=0.1;1', '--validation-fraction', '1')).toMatch(/--validation-fraction: must be in \(0, 1\)/);
    expect(await usage('--target', '0.1', '--target-error', '0.1')).toBe('give --target or --target-error, not both');
  });
});
