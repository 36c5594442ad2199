/**
 * `descent train` with only a dataset: the model, epochs and learning rate come from the data (and
 * are recorded in config.json); a run at or below chance says so.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('train-defaults');

describe('descent train: defaults that teach', () => {
  it('--dataset spirals with no other flag reaches ≥ 95% held-out accuracy, with the choices in config.json', async () => {
    const out = join(tmp, 'spirals');
    const run = await runInProcess('train', '--dataset', 'spirals', '--out', out);
    expect(run.error).toBeNull();
    const accuracy = Number(/held-out accuracy (\d+\.\d\d)%/.exec(run.stdout)![1]);
    expect(accuracy).toBeGreaterThanOrEqual(95);
    expect(run.stdout).toContain('model mlp:2-32-32-2:tanh');
    expect(run.stderr).not.toContain('chance');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model: 'mlp:2-32-32-2:tanh', epochs: 200, hyperParameters: { learningRate: 0.01 }, optimizer: 'adam', batchSize: 64 });
  }, 60_000);

  it('warns, naming chance, when the held-out accuracy is at or below it', async () => {
    const run = await runInProcess('train', '--dataset', 'spirals', '--epochs', '1', '--learning-rate', '0', '--out', join(tmp, 'chance'));
    expect(run.error).toBeNull();
    expect(run.stderr).toMatch(/warning: held-out accuracy \d+\.\d\d% is at or below chance \(50\.00%: always answering the most frequent class/);
    expect(run.stderr).toContain('--learning-rate');
  }, 30_000);

  it('an explicit model, epochs and learning rate are kept as given', async () => {
    const out = join(tmp, 'given');
    await runInProcess('train', '--dataset', 'moons', '--model', 'mlp:2-8-2', '--epochs', '2', '--learning-rate', '0.05', '--out', out);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(config).toMatchObject({ model: 'mlp:2-8-2', epochs: 2, hyperParameters: { learningRate: 0.05 } });
  }, 30_000);

  it('a Schedule-Free optimizer runs at a constant rate unless a schedule is given', async () => {
    const free = join(tmp, 'schedule-free');
    await runInProcess('train', '--dataset', 'moons', '--optimizer', 'sgd-schedule-free', '--epochs', '1', '--out', free);
    expect(JSON.parse(readFileSync(join(free, 'config.json'), 'utf8'))).toMatchObject({ optimizer: 'sgd-schedule-free', schedule: 'constant' });
    const given = join(tmp, 'schedule-free-cosine');
    await runInProcess('train', '--dataset', 'moons', '--optimizer', 'sgd-schedule-free', '--schedule', 'cosine', '--epochs', '1', '--out', given);
    expect(JSON.parse(readFileSync(join(given, 'config.json'), 'utf8'))).toMatchObject({ schedule: 'cosine' });
  }, 30_000);
});
