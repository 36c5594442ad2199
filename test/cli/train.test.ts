import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommanderError } from 'commander';
import { isUsageError } from '../../src/cli/usage-error.js';
import { tempDir } from '../helpers/temp-dir.js';
import { runInProcess } from '../helpers/cli-run.js';
import { wasmRelaxedSimdSupported } from '../../src/index.js';

/** Runs `descent <args>` in-process: the lines it printed, or the error it threw. */
async function descent(args: string[]): Promise<string[]> {
  const { stdout, error } = await runInProcess(...args);
  if (error) throw error;
  return stdout.replace(/\n$/, '').split('\n');
}

const small = ['--dataset', 'moons', '--model', 'mlp:2-16-2:tanh', '--epochs', '3', '--batch-size', '16', '--learning-rate', '0.05'];

describe('descent train', () => {
  it('trains, prints the epoch table and writes the run folder', async () => {
    const out = join(tempDir('train'), 'run');
    const lines = await descent(['train', ...small, '--out', out]);
    expect(lines.some((l) => /epoch\s+train loss\s+held-out loss\s+held-out error\s+lr\s+time/.test(l))).toBe(true);
    expect(lines.filter((l) => /^\s+\d+\s+\d+\.\d{4}\s+\d+\.\d{4}\s+\d+\.\d\d%/.test(l))).toHaveLength(3);
    expect(lines.at(-1)).toMatch(/held-out accuracy \d+\.\d\d% after 3 epochs/);
    const records = readFileSync(join(out, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { epoch: number });
    expect(records.map((r) => r.epoch)).toEqual([1, 2, 3]);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { optimizer: string; hyperParameters: Record<string, number> };
    expect(config.optimizer).toBe('adam');
    expect(config.hyperParameters).toEqual({ learningRate: 0.05 });
    for (const name of ['last', 'best', 'final']) expect(existsSync(join(out, `${name}.json`)), name).toBe(true);
    const evaluated = await descent(['eval', join(out, 'final.json')]);
    const accuracy = /held-out accuracy (\d+\.\d\d)%/.exec(lines.at(-1)!)![1];
    expect(evaluated.at(-1)).toContain(`accuracy ${accuracy}%`);
  });

  it('resumed after 2 of 4 epochs, ends with the same numbers as an uninterrupted run', async () => {
    const base = tempDir('resume-cli');
    // A constant rate: the cosine default would stretch its period when the run is extended.
    const args = ['--dataset', 'moons', '--model', 'mlp:2-16-2:relu:dropout=0.1', '--batch-size', '16', '--schedule', 'constant'];
    await descent(['train', ...args, '--epochs', '4', '--out', join(base, 'straight')]);
    await descent(['train', ...args, '--epochs', '2', '--out', join(base, 'split')]);
    // Extend the stopped run to 4 epochs and resume it.
    const configPath = join(base, 'split', 'config.json');
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, 'utf8')), epochs: 4 }));
    await descent(['train', '--resume', join(base, 'split')]);
    const read = (dir: string) => readFileSync(join(base, dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { trainLoss: number; validationLoss: number }));
    const straight = read('straight');
    const resumed = read('split');
    expect(resumed.map((r) => [r.trainLoss, r.validationLoss])).toEqual(straight.map((r) => [r.trainLoss, r.validationLoss]));
  });

  it('reads options from a JSON config file, flags on the command line winning', async () => {
    const dir = tempDir('config');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ dataset: 'blobs', model: 'mlp:2-8-3', epochs: 1, optimizer: 'sgd', hyperParameters: { learningRate: 0.1 } }));
    await descent(['train', '--config', join(dir, 'config.json'), '--epochs', '2', '--out', join(dir, 'run')]);
    const config = JSON.parse(readFileSync(join(dir, 'run', 'config.json'), 'utf8')) as { dataset: string; epochs: number; optimizer: string };
    expect(config).toMatchObject({ dataset: 'blobs', epochs: 2, optimizer: 'sgd' });
  });

  it('--threads: the banner says how many the wasm backend uses; the numbers do not depend on it', async () => {
    const base = tempDir('threads');
    const run = (threads: string) => descent(['train', ...small, '--backend', 'wasm', '--threads', threads, '--out', join(base, threads)]);
    const [one, two] = [await run('1'), await run('2')];
    // The FMA build wherever the runtime has relaxed SIMD (Node 20 with the flag the backend sets).
    const fma = wasmRelaxedSimdSupported();
    expect(one[0]).toMatch(fma ? /wasm backend \(FMA\)$/ : /wasm backend$/);
    expect(two[0]).toContain(fma ? 'wasm backend (2 threads, FMA)' : 'wasm backend (2 threads)');
    const read = (dir: string) => readFileSync(join(base, dir, 'run.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { trainLoss: number }).trainLoss);
    expect(read('2')).toEqual(read('1'));
  });

  describe('bad input names the flag and the valid choices', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--optimizer', 'adamm'], /--optimizer: unknown optimizer 'adamm'; did you mean 'adam'\? \(valid: sgd, adam/],
      [['--dataset', 'mnsit'], /unknown dataset 'mnsit'; valid datasets: mnist/],
      [['--model', 'mlp:2-x-2'], /expected layer sizes like 784-256-10/],
      [['--schedule', 'cosinus'], /--schedule: unknown schedule 'cosinus'; did you mean 'cosine'\?/],
      [['--averaging', 'mean'], /--averaging: unknown averaging 'mean' \(valid: none, polyak/],
      [['--epochs', 'ten'], /--epochs: expected an integer >= 0, got 'ten'/],
      [['--optimizer', 'sgd', '--beta1', '0.9'], /--beta1 does not apply to sgd; its options: --learning-rate/],
      [['--learning-rate', '-1'], /invalid learningRate: -1/],
      [['--threads', '0'], /--threads: expected an integer >= 1, got '0'/],
    ];
    for (const [args, message] of cases) {
      it(`${args.join(' ')}`, async () => {
        const error = await descent(['train', '--dataset', 'moons', '--epochs', '1', ...args, '--out', join(tmpdir(), 'never')]).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(Error);
        expect((error as Error).message).toMatch(message);
      });
    }

    it('an unknown flag is a commander usage error (exit code 2 from the CLI)', async () => {
      const error = await descent(['train', '--optimizr', 'adam']).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommanderError);
      expect((error as CommanderError).exitCode).not.toBe(0);
    });

    it('usage errors are the ones the CLI maps to exit code 2', async () => {
      for (const bad of [['--optimizer', 'adamm'], ['--learning-rate', '-1'], ['--schedule', 'cosinus'], ['--test-fraction', '1.5']]) {
        const error = await descent(['train', '--dataset', 'moons', '--model', 'mlp:2-8-2', '--epochs', '1', ...bad]).catch((e: unknown) => e);
        expect(isUsageError(error), bad.join(' ')).toBe(true);
      }
    });
  });
});
