/**
 * `descent compare`: a small sweep on moons writes every file of the report folder; the table says
 * "not reached"; figures are valid SVG and PNG; same seed → same numbers (threads or not); bad input
 * is a usage error (exit code 2) with the valid choices, and creates no folder.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isUsageError } from '../../src/cli/usage-error.js';
import { parseSvg, pngSize } from '../plot/svg-check.js';
import { runInProcess, spawnDescent } from '../helpers/cli-run.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = tempDir('compare');
// sgd with a vanishing step cannot get below 12% held-out error; adam gets there in a few epochs.
const SWEEP = ['--optimizers', 'sgd:learningRate=0.000001,adam:learningRate=0.05', '--dataset', 'moons', '--epochs', '6', '--seeds', '1,2', '--target', '12%'];

/** The numbers of epochs.csv without the wall-time column. */
function numbers(dir: string): string[] {
  const [header, ...rows] = readFileSync(join(dir, 'epochs.csv'), 'utf8').trim().split('\n');
  const seconds = header!.split(',').indexOf('seconds');
  return rows.map((r) => r.split(',').filter((_, i) => i !== seconds).join(','));
}

describe('descent compare', () => {
  const threaded = join(tmp, 'threaded');
  let run: Awaited<ReturnType<typeof spawnDescent>>;

  beforeAll(async () => {
    // From source with two worker threads, as a user runs `npx tsx src/cli/main.ts compare …`.
    run = await spawnDescent('compare', ...SWEEP, '--workers', '2', '--out', threaded);
  }, 120_000);

  it('writes every file of the report folder', () => {
    expect(run.stderr).not.toContain('descent:');
    expect(run.stderr).toContain('[4/4] '); // a line per finished run when stderr is not a terminal
    expect(run.code).toBe(0);
    expect(readdirSync(threaded).sort()).toEqual(['README.md', 'config.json', 'epochs.csv', 'figures', 'index.html', 'runs.jsonl', 'summary.csv']);
    expect(readdirSync(join(threaded, 'figures')).sort()).toEqual([
      'held-out-divergence.png', 'held-out-divergence.svg', 'held-out-error.png', 'held-out-error.svg', 'training-divergence.png', 'training-divergence.svg',
    ]);
    expect(run.stdout).toContain('4 runs of 6 epochs');
    expect(run.stdout).toContain(`report folder: ${threaded}`);
    const lines = readFileSync(join(threaded, 'runs.jsonl'), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(4);
    const first = JSON.parse(lines[0]!) as { configuration: { label: string }; seed: number; points: unknown[] };
    expect(first.configuration.label).toBe('sgd lr=0.000001');
    expect(first.points).toHaveLength(7); // epoch 0 … 6
    expect(numbers(threaded)).toHaveLength(4 * 7);
    const config = JSON.parse(readFileSync(join(threaded, 'config.json'), 'utf8')) as { workers: number; seeds: number[] };
    expect(config).toMatchObject({ workers: 2, seeds: [1, 2] });
  });

  it('the table marks the target "not reached" (not 0) in Markdown, HTML and CSV', () => {
    const md = readFileSync(join(threaded, 'README.md'), 'utf8');
    const sgdRow = md.split('\n').find((l) => l.startsWith('| sgd lr=0.000001'))!;
    expect(sgdRow.split('|').map((c) => c.trim())[4]).toBe('not reached');
    expect(sgdRow.split('|').map((c) => c.trim())[5]).toBe('not reached');
    const adamRow = md.split('\n').find((l) => l.startsWith('| adam lr=0.05'))!;
    expect(adamRow).not.toContain('not reached');
    expect(readFileSync(join(threaded, 'index.html'), 'utf8')).toContain('<td class="num">not reached</td>');
    const summary = readFileSync(join(threaded, 'summary.csv'), 'utf8').trim().split('\n');
    const header = summary[0]!.split(',');
    const sgd = summary.slice(1).map((l) => l.split(',')).filter((c) => c[1] === 'sgd lr=0.000001');
    expect(sgd.map((c) => [c[header.indexOf('reached')], c[header.indexOf('epochsToTarget')]])).toEqual([['false', ''], ['false', '']]);
  });

  it('figures are valid SVG with titles and axis labels, and PNG of the SVG size × 2', () => {
    for (const name of ['training-divergence', 'held-out-divergence', 'held-out-error']) {
      const svg = readFileSync(join(threaded, 'figures', `${name}.svg`), 'utf8');
      const size = parseSvg(svg);
      for (const text of ['epoch', 'updates (optimizer steps)', 'wall time (s)', 'sgd lr=0.000001', 'adam lr=0.05']) expect(svg).toContain(text);
      const png = pngSize(readFileSync(join(threaded, 'figures', `${name}.png`)));
      expect(png).toEqual({ width: Math.round(size.width * 2), height: Math.round(size.height * 2) });
    }
    expect(readFileSync(join(threaded, 'figures', 'held-out-error.svg'), 'utf8')).toContain('held-out error (%)');
  });

  it('same seed → same numbers, in process or on worker threads', async () => {
    const local = join(tmp, 'local');
    const r = await runInProcess('compare', ...SWEEP, '--workers', '1', '--out', local);
    expect(r.error).toBeNull();
    expect(numbers(local)).toEqual(numbers(threaded));
  }, 60_000);
});

describe('descent compare: bad input', () => {
  const usage = async (...args: string[]): Promise<string> => {
    const out = join(tmp, `bad-${Math.random().toString(36).slice(2)}`);
    const r = await runInProcess('compare', ...args, '--epochs', '1', '--out', out);
    expect(isUsageError(r.error), String(r.error)).toBe(true);
    expect(existsSync(out)).toBe(false); // checked before anything is written
    return r.error!.message;
  };

  it('unknown optimizer or dataset: the message lists the valid names', async () => {
    expect(await usage('--optimizers', 'sgd,adamm')).toMatch(/--optimizers: unknown optimizer 'adamm'; valid optimizers: sgd, adam, .*momentum/);
    expect(await usage('--dataset', 'mnistt')).toMatch(/--dataset: unknown dataset 'mnistt'; valid datasets: mnist, idx:<dir>, .*spirals, moons/);
  });

  it('an empty sweep and empty items', async () => {
    expect(await usage('--optimizers', '')).toBe('empty sweep: --optimizers lists nothing');
    expect(await usage('--seeds', '')).toBe('empty sweep: --seeds lists nothing');
    expect(await usage('--batch-sizes', '16,,32')).toBe("--batch-sizes: empty item in '16,,32'");
  });

  it('bad values name the flag', async () => {
    expect(await usage('--optimizers', 'adam:learningRat=0.1')).toMatch(/adam lr=|learningRat does not apply to adam; its options: learningRate/);
    expect(await usage('--optimizers', 'sgd:learningRate=-1')).toMatch(/sgd lr=-1: .*learning ?rate/i);
    expect(await usage('--batch-sizes', '0')).toMatch(/--batch-sizes: expected positive integers or 'full', got '0'/);
    expect(await usage('--target', '1.5')).toMatch(/--target: expected an error rate in \[0, 1\)/);
    expect(await usage('--schedules', 'cosin')).toMatch(/--schedules: unknown schedule 'cosin'; did you mean 'cosine'/);
    expect(await usage('--averaging', 'polyakk')).toMatch(/unknown averaging 'polyakk'; valid: none, polyak/);
    expect(await usage('--model', 'mlp:3-8-2', '--dataset', 'moons')).toMatch(/--model mlp:3-8-2 does not fit --dataset moons/);
    expect(await usage('--model', 'mlp:2-8-3', '--dataset', 'moons')).toMatch(/has 3 outputs but moons has 2 classes/);
  });

  it('exits with code 2 and the message on stderr', async () => {
    const r = await spawnDescent('compare', '--optimizers', 'sgd,adamm', '--out', join(tmp, 'never'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/descent compare: --optimizers: unknown optimizer 'adamm'; valid optimizers: /);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  }, 60_000);
});

describe('descent compare: defaults that teach', () => {
  const out = join(tmp, 'defaults');
  let run: Awaited<ReturnType<typeof runInProcess>>;

  beforeAll(async () => {
    // No learning rate: each optimizer's own.
    run = await runInProcess('compare', '--optimizers', 'sgd,momentum,adam', '--dataset', 'moons', '--epochs', '3', '--seeds', '1', '--workers', '1', '--out', out);
  }, 120_000);

  it('runs each optimizer at its own learning rate (SGD 1, momentum 0.1, Adam 0.01 on moons)', () => {
    expect(run.error).toBeNull();
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { configurations: Array<{ label: string; hyperParameters: Record<string, unknown>; effectiveHyperParameters: Record<string, unknown> }> };
    expect(config.configurations.map((c) => [c.label, c.hyperParameters.learningRate])).toEqual([['sgd', 1], ['momentum', 0.1], ['adam', 0.01]]);
    expect(config.configurations[1]!.effectiveHyperParameters).toEqual({ learningRate: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
    const first = JSON.parse(readFileSync(join(out, 'runs.jsonl'), 'utf8').split('\n')[0]!) as { effectiveHyperParameters: Record<string, unknown> };
    expect(first.effectiveHyperParameters).toMatchObject({ learningRate: 1, momentum: 0 });
  });

  it('lists every hyper-parameter of each configuration in Markdown and HTML', () => {
    const md = readFileSync(join(out, 'README.md'), 'utf8');
    expect(md).toContain('| configuration | optimizer | learning rate | other hyper-parameters | batch size | schedule | averaging | epochs |');
    expect(md).toContain('| momentum | momentum | 0.1 | momentum=0.9 dampening=0 weightDecay=0 nesterov=false maximize=false | 32 | constant | none | 3 |');
    expect(md).toMatch(/\| adam \| adam \| 0\.01 \| beta1=0\.9 beta2=0\.999 eps=1e-8 weightDecay=0 amsgrad=false maximize=false \|/);
    expect(readFileSync(join(out, 'index.html'), 'utf8')).toContain('momentum=0.9 dampening=0');
  });

  it('without --epochs, runs enough epochs for 1500 updates', async () => {
    const auto = join(tmp, 'auto-epochs');
    // 160 training samples, batch 8: 20 updates per epoch, 75 epochs.
    const r = await runInProcess('compare', '--optimizers', 'adam', '--dataset', 'moons', '--batch-sizes', '8', '--seeds', '1', '--workers', '1', '--out', auto);
    expect(r.error).toBeNull();
    expect(r.stdout).toContain('1 runs of 75 epochs');
    expect((JSON.parse(readFileSync(join(auto, 'config.json'), 'utf8')) as { task: { epochs: number } }).task.epochs).toBe(75);
  }, 60_000);

  it('draws the chance level on the held-out error figure only', () => {
    expect(readFileSync(join(out, 'figures', 'held-out-error.svg'), 'utf8')).toContain('>chance<');
    expect(readFileSync(join(out, 'figures', 'training-divergence.svg'), 'utf8')).not.toContain('>chance<');
  });
});
