/**
 * Every way `descent` can be called wrongly gives ONE line on stderr, `descent <command>: <what>
 * (<where>)`, the documented exit code, no stack trace — and leaves every file it was pointed at
 * byte-identical. Each row runs in process through the CLI's own error path (runCli); the whole
 * fixture folder is snapshotted (paths + SHA-256) before and after.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { runCliInProcess } from '../helpers/cli-run.js';
import { copyFolder, snapshot } from '../helpers/folder-snapshot.js';
import { tempDir } from '../helpers/temp-dir.js';
import { editJson } from '../helpers/edit-json.js';

interface Context {
  /** The fixture root: everything under it must be unchanged by a failing command. */
  base: string;
  /** A finished run: moons, mlp:2-8-2, 2 epochs. */
  run: string;
  /** A folder for this row (absent until its setup creates it). */
  dir: string;
}

interface Row {
  name: string;
  setup?: (c: Context) => void;
  args: (c: Context) => string[];
  code: 1 | 2;
  message: RegExp;
}

const SMALL = ['--dataset', 'moons', '--model', 'mlp:2-8-2', '--epochs', '2', '--batch-size', '32', '--backend', 'js'];
const json = (c: Context, name: string, text: string): string => {
  mkdirSync(c.dir, { recursive: true });
  const path = join(c.dir, name);
  writeFileSync(path, text);
  return path;
};
const config = (c: Context, value: unknown): string => json(c, 'config.json', JSON.stringify(value));
const train = (c: Context, ...args: string[]): string[] => ['train', ...args, '--out', join(c.dir, 'out')];
/** Rewrites a JSON file of a copied run with `edit`. */
const copyRun = (c: Context): string => copyFolder(c.run, join(c.dir, 'run'));
/** The weights file a checkpoint JSON names. */
const weightsFile = (run: string, name: string): string =>
  join(run, (JSON.parse(readFileSync(join(run, `${name}.json`), 'utf8')) as { files: { weights: { name: string } } }).files.weights.name);
/** Rewrites the weights file of checkpoint `name` with `edit`, and records its new size and SHA-256 (a forged, self-consistent checkpoint). */
const forgeWeights = (run: string, name: string, edit: (bytes: Buffer) => Buffer): void => {
  const path = weightsFile(run, name);
  const bytes = edit(readFileSync(path));
  writeFileSync(path, bytes);
  editJson(join(run, `${name}.json`), (v) => {
    const files = v.files as Record<string, { bytes: number; sha256: string }>;
    files.weights!.bytes = bytes.length;
    files.weights!.sha256 = createHash('sha256').update(bytes).digest('hex');
  });
};
/** Flips one bit of the last byte of a file (inside the tensor data). */
const flipByte = (path: string): void => {
  const bytes = readFileSync(path);
  bytes[bytes.length - 1]! ^= 1;
  writeFileSync(path, bytes);
};

const ROWS: Row[] = [
  // --config files: unknown keys, types, shapes, syntax; every message names the key and the file.
  { name: 'config: unknown key with a did-you-mean', args: (c) => train(c, '--config', config(c, { optimiser: 'adam' })), code: 2, message: /unknown key 'optimiser'; did you mean 'optimizer'\?.*\(config file .*config\.json\)$/ },
  { name: 'config: a number for the dataset', args: (c) => train(c, '--config', config(c, { dataset: 42 })), code: 2, message: /'dataset': expected .*got the number 42 \(config file / },
  { name: 'config: a string for testFraction', args: (c) => train(c, '--config', config(c, { testFraction: '0.5' })), code: 2, message: /'testFraction': expected a number in \(0, 1\).*got the string "0\.5" \(config file / },
  { name: 'config: an array', args: (c) => train(c, '--config', config(c, [1, 2, 3])), code: 2, message: /expected a JSON object .*got an array .*\(config file / },
  { name: 'config: null', args: (c) => train(c, '--config', config(c, null)), code: 2, message: /expected a JSON object .*got null \(config file / },
  { name: 'config: JSON syntax error names file, line and column', args: (c) => train(c, '--config', json(c, 'bad.json', '{\n  "epochs": 3,\n}\n')), code: 2, message: /not valid JSON: .* at line 3, column 1 \(config file .*bad\.json\)$/ },
  { name: 'config: missing file', args: (c) => train(c, '--config', join(c.dir, 'nope.json')), code: 2, message: /cannot read it: no such file \(config file .*nope\.json\)$/ },
  { name: 'config: a folder', setup: (c) => mkdirSync(join(c.dir, 'folder.json'), { recursive: true }), args: (c) => train(c, '--config', join(c.dir, 'folder.json')), code: 2, message: /is a folder, not a JSON file \(config file / },
  { name: 'config: unknown loss (was recorded, silently ran cross-entropy)', args: (c) => train(c, '--config', config(c, { loss: 'hinge' })), code: 2, message: /'loss': unknown loss 'hinge' \(valid: cross-entropy, mse\) \(config file / },
  { name: 'config: an optimizer option at the top level', args: (c) => train(c, '--config', config(c, { learningRate: 0.1 })), code: 2, message: /unknown key 'learningRate': optimizer options go under "hyperParameters"/ },
  { name: 'config: an optimizer option in another case', args: (c) => train(c, '--config', config(c, { learningrate: 0.1 })), code: 2, message: /unknown key 'learningrate': optimizer options go under "hyperParameters", e\.g\. \{"hyperParameters": \{"learningRate": \.\.\.\}\}/ },
  { name: 'config: a "__proto__" key (crashed reading "~run" of undefined)', args: (c) => train(c, '--config', json(c, 'proto.json', '{"hyperParameters": {"__proto__": {"x": 1}}, "epochs": 1}')), code: 2, message: /has the key "__proto__" \(at hyperParameters\.__proto__\), which no config has \(config file .*proto\.json\)$/ },
  { name: 'regression targets with the default cross-entropy loss (read as a [4,1] vs [4,1] shape mismatch)', args: (c) => train(c, '--dataset', `csv:${json(c, 'values.csv', 'x,y\n' + Array.from({ length: 40 }, (_, i) => `${i},0.${i + 1}`).join('\n') + '\n')}`, '--task', 'regression'), code: 2, message: /: its targets are real values \(regression\) but the loss is cross-entropy, which needs class labels: use --loss mse$/ },
  { name: 'class labels with the mse loss (said "each sample is [2], the model expects [2]")', args: (c) => train(c, '--dataset', 'spirals', '--loss', 'mse'), code: 2, message: /does not fit dataset spirals: the loss mse compares outputs with real-valued targets, but the data has class labels: use --loss cross-entropy/ },
  { name: 'config: negative epochs', args: (c) => train(c, '--config', config(c, { epochs: -1 })), code: 2, message: /'epochs': expected an integer >= 0, got the number -1 \(config file / },
  { name: 'config: fractional epochs', args: (c) => train(c, '--config', config(c, { epochs: 2.5 })), code: 2, message: /'epochs': expected an integer >= 0, got the number 2\.5/ },
  { name: 'config: batch size as a string', args: (c) => train(c, '--config', config(c, { batchSize: '64' })), code: 2, message: /'batchSize': expected an integer >= 1 or "full", got the string "64"/ },
  { name: 'config: optimizer typo', args: (c) => train(c, '--config', config(c, { ...{ dataset: 'moons' }, optimizer: 'adamm' })), code: 2, message: /'optimizer': unknown optimizer 'adamm'; did you mean 'adam'\?/ },
  { name: 'config: hyper-parameter out of range names the file', args: (c) => train(c, '--config', config(c, { dataset: 'moons', model: 'mlp:2-8-2', hyperParameters: { learningRate: -1 } })), code: 2, message: /invalid learningRate: -1.*\(config file / },
  { name: 'config: hyper-parameter of another optimizer', args: (c) => train(c, '--config', config(c, { dataset: 'moons', model: 'mlp:2-8-2', optimizer: 'sgd', hyperParameters: { beta1: 0.9 } })), code: 2, message: /--beta1 does not apply to sgd.*\(config file / },
  { name: 'config: clipGradNorm 0', args: (c) => train(c, '--config', config(c, { clipGradNorm: 0 })), code: 2, message: /'clipGradNorm': expected a number > 0/ },
  { name: 'config: earlyStoppingPatience 0', args: (c) => train(c, '--config', config(c, { earlyStoppingPatience: 0 })), code: 2, message: /'earlyStoppingPatience': expected an integer >= 1/ },
  { name: 'config: a bad model spec names the file', args: (c) => train(c, '--config', config(c, { dataset: 'moons', model: 'mlp:2-x-2' })), code: 2, message: /expected layer sizes like .*\(config file / },

  // Flags.
  { name: 'flag: --epochs not a number', args: (c) => train(c, ...SMALL, '--epochs', 'ten'), code: 2, message: /--epochs: expected an integer >= 0, got 'ten'$/ },
  { name: 'flag: --test-fraction out of range', args: (c) => train(c, ...SMALL, '--test-fraction', '1.5'), code: 2, message: /--test-fraction: expected a number in \(0, 1\).*got '1\.5'$/ },
  { name: 'flag: --test-fraction leaving no training data', args: (c) => train(c, ...SMALL, '--test-fraction', '0.999'), code: 2, message: /test fraction 0\.999 of the \d+ samples of the dataset leaves 0 to train on/ },
  { name: 'flag: unknown --task', args: (c) => train(c, ...SMALL, '--task', 'bogus'), code: 2, message: /--task: unknown task 'bogus' \(valid: classification, regression\)$/ },
  { name: 'flag: unknown --best-metric', args: (c) => train(c, ...SMALL, '--best-metric', 'acc'), code: 2, message: /--best-metric: unknown metric 'acc' \(valid: loss, error\)$/ },
  { name: 'flag: --max-parameter-bytes 0', args: (c) => train(c, ...SMALL, '--max-parameter-bytes', '0'), code: 2, message: /--max-parameter-bytes: expected an integer >= 1 \(bytes\), got '0'$/ },
  { name: 'flag: a model over --max-parameter-bytes', args: (c) => train(c, ...SMALL, '--model', 'mlp:2-100000-2', '--max-parameter-bytes', '1000'), code: 2, message: /500002 parameters \(2000008 bytes as float32\), more than the limit of 1000 bytes/ },
  { name: 'flag: --init names a missing file', args: (c) => train(c, ...SMALL, '--init', join(c.dir, 'none.safetensors')), code: 2, message: /none\.safetensors: no such file \(--init / },
  { name: 'flag: --init names a folder', setup: (c) => void mkdirSync(join(c.dir, 'weights'), { recursive: true }), args: (c) => train(c, ...SMALL, '--init', join(c.dir, 'weights')), code: 2, message: /is a directory, not a safetensors file/ },
  { name: 'flag: --batch-size 0', args: (c) => train(c, ...SMALL, '--batch-size', '0'), code: 2, message: /--batch-size: expected an integer >= 1 or "full", got '0'$/ },
  { name: 'flag: --seed negative', args: (c) => train(c, ...SMALL, '--seed', '-3'), code: 2, message: /--seed: expected an integer >= 0, got '-3'$/ },
  { name: 'flag: unknown optimizer', args: (c) => train(c, ...SMALL, '--optimizer', 'adamm'), code: 2, message: /--optimizer: unknown optimizer 'adamm'; did you mean 'adam'\?/ },
  { name: 'flag: an unknown schedule lists only what a flag can set', args: (c) => train(c, ...SMALL, '--schedule', 'zzzz'), code: 2, message: /--schedule: unknown schedule 'zzzz'\. Valid schedules: constant, .*multi-step.*plateau$/ },
  { name: 'flag: a schedule that takes another schedule (said "invalid schedule: undefined")', args: (c) => train(c, ...SMALL, '--schedule', 'warmup:warmupSteps=10'), code: 2, message: /--schedule warmup:warmupSteps=10: the warmup schedule takes schedule \(other schedules or a function\), which a flag cannot give/ },
  { name: 'flag: --init given a checkpoint .json (said "header length 8386104319403238000 exceeds …")', args: (c) => train(c, ...SMALL, '--init', join(c.run, 'final.json')), code: 2, message: /--init .*final\.json: expected a \.safetensors weights file, got a \.json \(a checkpoint\?\): to start from a run's weights, export them first: descent export .*final\.json$/ },
  { name: 'flag: unknown schedule', args: (c) => train(c, ...SMALL, '--schedule', 'cosinus'), code: 2, message: /unknown schedule 'cosinus'; did you mean 'cosine'\?/ },
  { name: 'flag: unknown averaging', args: (c) => train(c, ...SMALL, '--averaging', 'mean'), code: 2, message: /--averaging: unknown averaging 'mean'.*\(valid: none, polyak/ },
  { name: 'flag: unknown loss', args: (c) => train(c, ...SMALL, '--loss', 'hinge'), code: 2, message: /--loss: unknown loss 'hinge'/ },
  { name: 'flag: bad model spec', args: (c) => train(c, ...SMALL, '--model', 'mlp:2-x-2'), code: 2, message: /expected layer sizes like 784-256-10/ },
  { name: 'flag: model input does not fit the data', args: (c) => train(c, ...SMALL, '--model', 'mlp:784-10'), code: 2, message: /model mlp:784-10 does not fit dataset moons \(each sample is \[2\], the model expects \[784\]\)/ },
  { name: 'flag: too few outputs for the classes', args: (c) => train(c, ...SMALL, '--dataset', 'blobs'), code: 2, message: /model mlp:2-8-2 does not fit dataset blobs: it has 2 outputs but the data has 3 classes/ },
  { name: 'flag: unknown dataset', args: (c) => train(c, ...SMALL, '--dataset', 'mnsit'), code: 2, message: /unknown dataset 'mnsit'/ },
  { name: 'flag: csv: on a folder', setup: (c) => mkdirSync(join(c.dir, 'data'), { recursive: true }), args: (c) => train(c, ...SMALL, '--dataset', `csv:${join(c.dir, 'data')}`), code: 2, message: /\(dataset csv:.*data\)$/ },
  { name: 'flag: csv: missing file', args: (c) => train(c, ...SMALL, '--dataset', `csv:${join(c.dir, 'none.csv')}`), code: 2, message: /none\.csv/ },
  { name: 'flag: shift augmentation on 2-D points', args: (c) => train(c, ...SMALL, '--augment', 'shift:2'), code: 2, message: /--augment shift:2 shifts 28x28 images, but each sample of moons is \[2\]/ },
  { name: 'flag: unknown augmentation', args: (c) => train(c, ...SMALL, '--augment', 'rotate'), code: 2, message: /--augment: expected auto, none or shift:<pixels>, got 'rotate'/ },
  { name: 'flag: option of another optimizer', args: (c) => train(c, ...SMALL, '--optimizer', 'sgd', '--beta1', '0.9'), code: 2, message: /--beta1 does not apply to sgd; its options: --learning-rate/ },
  { name: 'flag: learning rate out of range', args: (c) => train(c, ...SMALL, '--learning-rate', '-1'), code: 2, message: /invalid learningRate: -1/ },
  { name: 'flag: learning rate not a number', args: (c) => train(c, ...SMALL, '--learning-rate', 'abc'), code: 2, message: /--learning-rate: expected a number, got 'abc'$/ },
  { name: 'flag: --threads 0', args: (c) => train(c, ...SMALL, '--threads', '0'), code: 2, message: /--threads: expected an integer >= 1, got '0'$/ },
  { name: 'flag: unknown flag with a did-you-mean', args: (c) => train(c, ...SMALL, '--optimizr', 'adam'), code: 2, message: /^descent train: unknown option '--optimizr'; did you mean --optimizer\? \(see descent train --help\)$/ },
  { name: 'flag: bad --backend choice', args: (c) => train(c, ...SMALL, '--backend', 'gpu'), code: 2, message: /^descent train: option '--backend <name>' argument 'gpu' is invalid/ },
  { name: 'unknown command', args: () => ['frobnicate'], code: 2, message: /^descent: unknown command 'frobnicate'/ },

  // Run folders: never written into by a command that fails.
  { name: 'worker: --queue that is not a Redis URL', args: () => ['worker', '--queue', 'http://x'], code: 2, message: /--queue: expected a redis:\/\/ or rediss:\/\/ URL, got 'http:' in 'http:\/\/x'$/ },
  { name: 'compare: --tune-budget without --tune', args: () => ['compare', '--tune-budget', '3'], code: 2, message: /--tune-budget needs --tune$/ },
  { name: 'compare: a --tune range with its ends reversed', args: () => ['compare', '--tune', 'learningRate=log:1..1e-3,4'], code: 2, message: /--tune: the range must go from low to high, got 1\.\.1e-3/ },
  { name: '--out on a finished run', args: (c) => ['train', ...SMALL, '--out', c.run], code: 2, message: /--out .* is not empty \(it holds .*config\.json.*\); to continue that run: descent train --resume / },
  { name: '--out on an unrelated non-empty folder', setup: (c) => void json(c, 'notes.txt', 'mine'), args: (c) => ['train', ...SMALL, '--out', c.dir], code: 2, message: /is not empty \(it holds notes\.txt\); choose an empty or new folder/ },
  { name: '--out on a file', setup: (c) => void json(c, 'file', 'x'), args: (c) => ['train', ...SMALL, '--out', join(c.dir, 'file')], code: 2, message: /--out .*file is a file, not a folder/ },
  { name: 'resume with a conflicting --model', args: (c) => ['train', '--resume', c.run, '--model', 'mlp:2-16-2'], code: 2, message: /--model mlp:2-16-2 conflicts with the run's saved model "mlp:2-8-2".*\(run config .*config\.json\)$/ },
  { name: 'resume with a conflicting optimizer option', args: (c) => ['train', '--resume', c.run, '--learning-rate', '0.5'], code: 2, message: /--learning-rate 0\.5 conflicts with the run's saved learningRate/ },
  { name: 'resume with --config', args: (c) => ['train', '--resume', c.run, '--config', config(c, {})], code: 2, message: /--config cannot be combined with --resume/ },
  { name: 'resume with another --out', args: (c) => ['train', '--resume', c.run, '--out', join(c.dir, 'elsewhere')], code: 2, message: /cannot be combined with --resume/ },
  { name: 'resume a folder that is not a run', setup: (c) => mkdirSync(c.dir, { recursive: true }), args: (c) => ['train', '--resume', c.dir], code: 2, message: /cannot read it: no such file \(run config .*config\.json\)$/ },
  { name: 'resume with fewer epochs than done', args: (c) => ['train', '--resume', c.run, '--epochs', '1'], code: 2, message: /--epochs 1 is fewer than the run has trained \(2 epochs, checkpoint 'last'\)/ },
  { name: 'resume with a broken config.json', setup: (c) => void writeFileSync(join(copyRun(c), 'config.json'), '{"epochs": '), args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'], code: 2, message: /not valid JSON: .*\(run config / },
  { name: 'resume with a config.json of the wrong type', setup: (c) => editJson(join(copyRun(c), 'config.json'), (v) => (v.dataset = 42)), args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'], code: 2, message: /'dataset': expected .*got the number 42 \(run config / },
  {
    name: 'resume: a checkpoint naming files outside its folder is refused, nothing deleted',
    setup: (c) => {
      const run = copyRun(c);
      json(c, 'victim.txt', 'precious');
      for (const n of ['last', 'best', 'final']) {
        editJson(join(run, `${n}.json`), (v) => {
          const files = v.files as Record<string, { name: string }>;
          files.weights!.name = '../victim.txt';
          files.arrays!.name = '../victim.txt';
        });
      }
    },
    args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'],
    code: 2,
    message: /^descent train: --resume: no intact checkpoint: last\.json: weights: contains a path separator: "\.\.\/victim\.txt"; best\.json: .*\(run folder .*\)$/,
  },
  {
    name: 'resume: a checkpoint with a non-integer epoch is refused',
    setup: (c) => {
      const run = copyRun(c);
      for (const n of ['last', 'best', 'final']) editJson(join(run, `${n}.json`), (v) => ((v.state as Record<string, unknown>).epoch = 'abc'));
    },
    args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'],
    code: 2,
    message: /epoch/,
  },

  {
    name: 'resume: an optimizer state whose values do not load is a usage error before the banner (was exit 1 after the first epoch header)',
    setup: (c) => {
      const run = copyRun(c);
      const negate = (v: unknown): void => {
        if (Array.isArray(v)) v.forEach(negate);
        else if (v !== null && typeof v === 'object') {
          const o = v as Record<string, unknown>;
          for (const k of Object.keys(o)) if (k === 'learningRate' && typeof o[k] === 'number') o[k] = -3; else negate(o[k]);
        }
      };
      editJson(join(run, 'last.json'), (v) => negate((v.state as Record<string, unknown>).optimizer));
    },
    args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'],
    code: 2,
    message: /^descent train: checkpoint 'last' holds an optimizer state that does not load: .*invalid learningRate: -3 .*\(run folder .*\)$/,
  },
  // eval: what it wants, and bad checkpoints.
  { name: 'eval: a weights file', args: (c) => ['eval', weightsFile(c.run, 'best')], code: 2, message: /best\.e2\.\S*safetensors is a weights file; expected a checkpoint \.json written by descent train .* or a run folder$/ },
  { name: 'eval: a missing path', args: (c) => ['eval', join(c.dir, 'nothing')], code: 2, message: /nothing does not exist; expected a checkpoint \.json .* or a run folder$/ },
  { name: 'eval: a run folder without final', setup: (c) => rmSync(join(copyRun(c), 'final.json')), args: (c) => ['eval', join(c.dir, 'run')], code: 2, message: /run folder .* has no final\.json \(the run did not finish\); pass .*last\.json or .*best\.json$/ },
  { name: 'eval: a checkpoint with a flipped data byte', setup: (c) => flipByte(weightsFile(copyRun(c), 'best')), args: (c) => ['eval', join(c.dir, 'run', 'best.json')], code: 2, message: /SHA-256 mismatch/ },
  {
    name: 'eval: forged weights holding NaN (size and checksum made to match)',
    setup: (c) => forgeWeights(copyRun(c), 'best', (b) => Buffer.concat([b.subarray(0, b.length - 4), Buffer.from([0, 0, 0xc0, 0x7f])])),
    args: (c) => ['eval', join(c.dir, 'run', 'best.json')],
    code: 2,
    message: /weights\..*: element \d+ is NaN: the weights are not finite/,
  },
  {
    name: 'eval: forged header saying I32 for F32 data',
    setup: (c) => forgeWeights(copyRun(c), 'best', (b) => Buffer.from(b.toString('latin1').replace('"F32"', '"I32"'), 'latin1')),
    args: (c) => ['eval', join(c.dir, 'run', 'best.json')],
    code: 2,
    message: /weights\.\S+: dtype int32, expected float32 \(the model.s\)/,
  },
  { name: 'flag: a 2-row CSV leaves the held-out split empty', setup: (c) => void json(c, 'two.csv', 'x,y,label\n0.1,0.2,0\n0.3,0.4,1\n'), args: (c) => train(c, ...SMALL, '--dataset', `csv:${join(c.dir, 'two.csv')}`), code: 2, message: /test fraction 0\.2 of the 2 samples .* leaves 2 to train on and 0 held out; both need at least 1: use a test fraction of 1\/2 \(0\.5\)/ },
  { name: 'eval: a truncated weights file', setup: (c) => { const f = weightsFile(copyRun(c), 'final'); writeFileSync(f, readFileSync(f).subarray(0, 20)); }, args: (c) => ['eval', join(c.dir, 'run')], code: 2, message: /truncated/ },
  {
    name: 'resume: every checkpoint corrupted: no intact one, the reasons listed',
    setup: (c) => { const run = copyRun(c); for (const n of ['last', 'best', 'final']) flipByte(weightsFile(run, n)); },
    args: (c) => ['train', '--resume', join(c.dir, 'run'), '--epochs', '3'],
    code: 2,
    message: /--resume: no intact checkpoint: .*SHA-256 mismatch/,
  },
  { name: 'eval: a checkpoint that is not JSON', args: (c) => ['eval', json(c, 'x.json', 'not json')], code: 2, message: /x\.json/ },
  { name: 'eval: a dataset the model does not fit', args: (c) => ['eval', c.run, '--dataset', 'blobs'], code: 2, message: /^descent eval: / },

  // Other commands share the error path.
  { name: 'playground: a bad port', args: () => ['playground', '--port', 'abc'], code: 2, message: /^descent playground: invalid --port 'abc'/ },
  { name: 'converge: an unknown experiment', args: () => ['converge', '--only', 'nope'], code: 2, message: /^descent converge: --only: unknown experiment 'nope'/ },
];

describe('descent: one-line errors, exit codes, untouched folders', () => {
  const c = { base: '', run: '', dir: '' };

  beforeAll(async () => {
    c.base = tempDir('cli-errors');
    c.run = join(c.base, 'finished');
    const r = await runCliInProcess('train', ...SMALL, '--out', c.run);
    expect(r.code, r.stderr).toBe(0);
  });

  it(`has at least 40 cases (${ROWS.length})`, () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(40);
  });

  ROWS.forEach((row, i) => {
    it(row.name, async () => {
      const ctx: Context = { ...c, dir: join(c.base, `row-${i}`) };
      row.setup?.(ctx);
      // Arguments may write the row's input files: build them before the snapshot.
      const args = row.args(ctx);
      const before = snapshot(c.base);
      const r = await runCliInProcess(...args);
      const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
      expect(lines, r.stderr).toHaveLength(1);
      const line = lines[0]!;
      expect(line).toMatch(/^descent( [a-z]+)?: \S/);
      expect(line).toMatch(row.message);
      expect(line).not.toMatch(/\n|\s+at .*\(.*:\d+:\d+\)|^\s*at /);
      expect(r.code).toBe(row.code);
      expect(snapshot(c.base)).toEqual(before);
    });
  });
});
