/**
 * A flag typed on the command line wins over the same key in a `--config` file, for every key of the
 * config; a key the command line leaves out keeps the file's value. Parsed by the real `train`
 * command (its action replaced), so a flag whose name or attribute drifted from its key fails here.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { givenOptimizerOptions } from '../../src/cli/optimizer-flags.js';
import { CONFIG_KEYS, RECORDED_KEYS, type TrainConfig } from '../../src/train/run-config.js';
import { configFlag } from '../../src/cli/config/config-flags.js';
import { resolveTrainConfig } from '../../src/cli/config/resolve-train-config.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Per key: the file's value, the flag's words, and the value the flag means. */
const CASES: { [K in keyof TrainConfig]: { file: TrainConfig[K]; flag: string[]; expected: TrainConfig[K] } } = {
  dataset: { file: 'moons', flag: ['--dataset', 'spirals'], expected: 'spirals' },
  model: { file: 'mlp:2-4-2', flag: ['--model', 'mlp:2-8-2'], expected: 'mlp:2-8-2' },
  loss: { file: 'cross-entropy', flag: ['--loss', 'mse'], expected: 'mse' },
  optimizer: { file: 'adam', flag: ['--optimizer', 'sgd'], expected: 'sgd' },
  // Merged option by option: the flag replaces learningRate, the file's nesterov is replaced by the
  // boolean flag, and the file's momentum stays.
  hyperParameters: {
    file: { learningRate: 0.1, momentum: 0.5, nesterov: false },
    flag: ['--learning-rate', '0.2', '--nesterov'],
    expected: { learningRate: 0.2, momentum: 0.5, nesterov: true },
  },
  schedule: { file: 'cosine', flag: ['--schedule', 'constant'], expected: 'constant' },
  averaging: { file: 'none', flag: ['--averaging', 'ema'], expected: 'ema' },
  augment: { file: 'none', flag: ['--augment', 'shift:1'], expected: 'shift:1' },
  batchSize: { file: 8, flag: ['--batch-size', 'full'], expected: 'full' },
  epochs: { file: 3, flag: ['--epochs', '0'], expected: 0 },
  seed: { file: 1, flag: ['--seed', '7'], expected: 7 },
  testFraction: { file: 0.3, flag: ['--test-fraction', '0.25'], expected: 0.25 },
  clipGradNorm: { file: 1, flag: ['--clip-grad-norm', '2'], expected: 2 },
  earlyStoppingPatience: { file: 2, flag: ['--early-stopping-patience', '5'], expected: 5 },
  out: { file: 'from-file', flag: ['--out', 'from-flag'], expected: 'from-flag' },
  task: { file: 'classification', flag: ['--task', 'regression'], expected: 'regression' },
  classes: { file: ['a', 'b'], flag: ['--classes', 'b, a,0'], expected: ['b', 'a', '0'] },
  maxParameterBytes: { file: 1000, flag: ['--max-parameter-bytes', '2000'], expected: 2000 },
  // Absolute here: a relative path is recorded absolute (below).
  init: { file: '/weights/file.safetensors', flag: ['--init', '/weights/flag.safetensors'], expected: '/weights/flag.safetensors' },
  bestMetric: { file: 'loss', flag: ['--best-metric', 'error'], expected: 'error' },
  sharpnessEvery: { file: 5, flag: ['--sharpness-every', '3'], expected: 3 },
  // Recorded by train, no flag: a copied config.json carries it through (a new run recomputes it).
  datasetFingerprint: { file: [{ file: '/data/moons.csv', bytes: 10, sha256: 'a'.repeat(64) }], flag: [], expected: [{ file: '/data/moons.csv', bytes: 10, sha256: 'a'.repeat(64) }] },
};

/** The keys a flag sets. */
const FLAG_KEYS = CONFIG_KEYS.filter((k) => !RECORDED_KEYS.has(k));

/** The train command of the real program, its action replaced by one that resolves the config. */
async function resolveArgs(args: string[]): Promise<TrainConfig> {
  const program = buildProgram();
  const train = program.commands.find((c) => c.name() === 'train')!;
  let config: TrainConfig | undefined;
  train.action((opts: Record<string, unknown>, command: Command) => {
    config = resolveTrainConfig(opts, givenOptimizerOptions(opts, command)).config;
  });
  await program.parseAsync(['node', 'descent', 'train', ...args]);
  return config!;
}

function writeFileConfig(): string {
  const path = join(tempDir('precedence'), 'config.json');
  writeFileSync(path, JSON.stringify(Object.fromEntries(CONFIG_KEYS.map((k) => [k, CASES[k].file]))));
  return path;
}

describe('train --config: the command line wins', () => {
  it('every config key is set by the flag of the same name', () => {
    const train = buildProgram().commands.find((c) => c.name() === 'train')!;
    for (const key of FLAG_KEYS) {
      if (key === 'hyperParameters') continue;
      const option = train.options.find((o) => o.long === configFlag(key));
      expect(option, `${configFlag(key)} for '${key}'`).toBeDefined();
      expect(option!.attributeName()).toBe(key);
    }
  });

  it('a recorded key has no flag', () => {
    const train = buildProgram().commands.find((c) => c.name() === 'train')!;
    for (const key of RECORDED_KEYS) expect(train.options.find((o) => o.long === configFlag(key)), key).toBeUndefined();
  });

  it.each(FLAG_KEYS.map((k) => [k]))("a flag wins over the file's '%s'", async (key) => {
    const config = await resolveArgs(['--config', writeFileConfig(), ...CASES[key].flag]);
    expect(config[key]).toEqual(CASES[key].expected);
    // Every other key keeps the file's value.
    for (const other of CONFIG_KEYS) if (other !== key) expect(config[other], other).toEqual(CASES[other].file);
  });

  it('a relative --init path is recorded absolute, as the dataset path is', async () => {
    expect((await resolveArgs(['--init', 'weights.safetensors'])).init).toBe(resolve('weights.safetensors'));
  });

  it('a --no-<option> flag turns off a boolean option the file turns on', async () => {
    const path = join(tempDir('precedence'), 'config.json');
    writeFileSync(path, JSON.stringify({ optimizer: 'sgd', hyperParameters: { momentum: 0.9, nesterov: true } }));
    expect((await resolveArgs(['--config', path])).hyperParameters).toEqual({ momentum: 0.9, nesterov: true });
    expect((await resolveArgs(['--config', path, '--no-nesterov'])).hyperParameters).toEqual({ momentum: 0.9, nesterov: false });
  });

  it('the order of --config and the flags does not matter', async () => {
    const file = writeFileConfig();
    const config = await resolveArgs(['--epochs', '0', '--config', file, '--seed', '7']);
    expect(config).toMatchObject({ epochs: 0, seed: 7, dataset: 'moons' });
  });
});
