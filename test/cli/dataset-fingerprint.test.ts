/**
 * A run's data files, recorded and checked: `descent train` writes a file-based dataset spec with
 * its path made absolute and the size and SHA-256 of each file it read; `--resume` and `descent eval
 * <run>` read the same files from any directory, refuse a file that changed (exit code 2, before any
 * byte of it is parsed), and only warn for run folders older than the record. In process, with the
 * working directory changed the way a user's `cd` would.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess } from '../helpers/cli-run.js';
import { editJson } from '../helpers/edit-json.js';
import { tempDir } from '../helpers/temp-dir.js';
import { writeIdxTrainPair } from '../data/idx-helpers.js';

const SMALL = ['--model', 'mlp:2-8-2', '--batch-size', '8', '--schedule', 'constant', '--backend', 'js', '--learning-rate', '0.05'];
const startDir = process.cwd();
afterEach(() => process.chdir(startDir));

/** `n` points of two classes, seeded by `shift` so two files differ in every row. */
function pointsCsv(n: number, shift: number): string {
  const rows = ['x,y,label'];
  for (let i = 0; i < n; i++) rows.push(`${((i * 37 + shift) % 17) / 17},${((i * 11 + 2 * shift) % 13) / 13},${i % 2}`);
  return rows.join('\n') + '\n';
}

/** Two folders, each with its own good.csv (the audit's setup). */
function twoFolders(tag: string): { base: string; a: string; b: string } {
  const base = tempDir(tag);
  const a = join(base, 'csv');
  const b = join(base, 'other');
  mkdirSync(a);
  mkdirSync(b);
  writeFileSync(join(a, 'good.csv'), pointsCsv(40, 0));
  writeFileSync(join(b, 'good.csv'), pointsCsv(40, 5));
  return { base, a, b };
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const config = (run: string): Record<string, unknown> => JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as Record<string, unknown>;
const weightsSha = (run: string, name: string): string =>
  (JSON.parse(readFileSync(join(run, `${name}.json`), 'utf8')) as { files: { weights: { sha256: string } } }).files.weights.sha256;

/** Trains one epoch on `csv:good.csv` from inside `dir`; returns the run folder. */
async function trainRelative(dir: string, out: string, epochs = 1): Promise<string> {
  process.chdir(dir);
  const r = await runCliInProcess('train', '--dataset', 'csv:good.csv', ...SMALL, '--epochs', String(epochs), '--out', out);
  expect(r.code, r.stderr).toBe(0);
  return out;
}

describe('descent train: the data a run read is recorded', () => {
  it('a relative csv: path is written absolute, with the size and SHA-256 of the file', async () => {
    const { base, a } = twoFolders('fingerprint-abs');
    const run = await trainRelative(a, join(base, 'rel'));
    const file = join(a, 'good.csv');
    expect(config(run).dataset).toBe(`csv:${file}`);
    expect(config(run).datasetFingerprint).toEqual([{ file, bytes: readFileSync(file).length, sha256: sha256(file) }]);
    // Checkpoints carry the same config: eval of a checkpoint file checks the same record.
    expect((JSON.parse(readFileSync(join(run, 'final.json'), 'utf8')) as { config: Record<string, unknown> }).config.datasetFingerprint).toEqual(config(run).datasetFingerprint);
  });

  it('a label column stays after the absolute path; datasets that name no file record []', async () => {
    const { base, a } = twoFolders('fingerprint-label');
    process.chdir(a);
    const labelled = await runCliInProcess('train', '--dataset', 'csv:good.csv:label', ...SMALL, '--epochs', '0', '--out', join(base, 'labelled'));
    expect(labelled.code, labelled.stderr).toBe(0);
    expect(config(join(base, 'labelled')).dataset).toBe(`csv:${join(a, 'good.csv')}:label`);
    const moons = await runCliInProcess('train', '--dataset', 'moons', ...SMALL, '--epochs', '0', '--out', join(base, 'moons'));
    expect(moons.code, moons.stderr).toBe(0);
    expect(config(join(base, 'moons'))).toMatchObject({ dataset: 'moons', datasetFingerprint: [] });
  });

  it('an idx: directory records its images and labels files', async () => {
    const base = tempDir('fingerprint-idx');
    const dir = join(base, 'digits');
    mkdirSync(dir);
    const { images, labels } = writeIdxTrainPair(dir, 12, 2);
    process.chdir(base);
    const r = await runCliInProcess('train', '--dataset', 'idx:digits', '--model', 'mlp:4-4-10', '--augment', 'none', '--backend', 'js', '--epochs', '0', '--out', join(base, 'run'));
    expect(r.code, r.stderr).toBe(0);
    const run = config(join(base, 'run'));
    expect(run.dataset).toBe(`idx:${dir}`);
    expect((run.datasetFingerprint as Array<{ file: string; bytes: number }>).map((f) => [f.file, f.bytes])).toEqual([
      [join(dir, 'train-images-idx3-ubyte'), images.length],
      [join(dir, 'train-labels-idx1-ubyte'), labels.length],
    ]);
    // The labels file replaced: eval refuses before reading it.
    labels[8] = 1;
    writeFileSync(join(dir, 'train-labels-idx1-ubyte'), labels);
    const e = await runCliInProcess('eval', join(base, 'run'));
    expect(e.code).toBe(2);
    expect(e.stderr).toContain(`${join(dir, 'train-labels-idx1-ubyte')} is not the file the run was trained on`);
  });
});

describe('--resume and eval read the recorded data', () => {
  it('resumed from another directory, a run continues on its own file, bit for bit', async () => {
    const { base, a, b } = twoFolders('fingerprint-resume');
    const run = await trainRelative(a, join(base, 'rel'));
    const straight = await trainRelative(a, join(base, 'straight'), 3);
    process.chdir(b);
    const resumed = await runCliInProcess('train', '--resume', run, '--epochs', '3', '--backend', 'js');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).not.toContain('no fingerprint');
    expect(weightsSha(run, 'final')).toBe(weightsSha(straight, 'final'));
    // The relative spec typed again means the recorded file only from the folder it was typed in.
    const again = await runCliInProcess('train', '--resume', run, '--dataset', 'csv:good.csv', '--epochs', '3', '--backend', 'js');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('conflicts with the run');
    process.chdir(a);
    const same = await runCliInProcess('train', '--resume', run, '--dataset', 'csv:good.csv', '--epochs', '3', '--backend', 'js');
    expect(same.code, same.stderr).toBe(0);
  });

  it('eval from another directory scores the run on its own file', async () => {
    const { base, a, b } = twoFolders('fingerprint-eval');
    const run = await trainRelative(a, join(base, 'rel'));
    process.chdir(a);
    const here = await runCliInProcess('eval', run);
    process.chdir(b);
    const there = await runCliInProcess('eval', run);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stdout).toContain(`dataset csv:${join(a, 'good.csv')} (held-out split)`);
    expect(there.stdout).toBe(here.stdout);
  });

  it('a file edited at the same path is refused by resume and eval (exit 2), naming the file, sizes and hashes', async () => {
    const { base, a } = twoFolders('fingerprint-edited');
    const run = await trainRelative(a, join(base, 'rel'));
    const file = join(a, 'good.csv');
    const recorded = { bytes: readFileSync(file).length, sha: sha256(file) };
    // One cell changed, in a way the parser would quote if it read the file.
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n0\./, '\nSECRET-CELL,'));
    const found = { bytes: readFileSync(file).length, sha: sha256(file) };
    for (const args of [['train', '--resume', run, '--epochs', '2', '--backend', 'js'], ['eval', run], ['eval', join(run, 'best.json')]]) {
      const r = await runCliInProcess(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${file} is not the file the run was trained on`);
      expect(r.stderr).toContain(`recorded ${recorded.bytes} bytes, sha256 ${recorded.sha.slice(0, 12)}`);
      expect(r.stderr).toContain(`found ${found.bytes} bytes, sha256 ${found.sha.slice(0, 12)}`);
      expect(r.stderr).not.toContain('SECRET-CELL');
    }
    // Nothing was trained: the run still ends at epoch 1.
    expect(JSON.parse(readFileSync(join(run, 'last.json'), 'utf8')).state.epoch).toBe(1);
    // Data named on the command line is the user's choice: not checked.
    const explicit = await runCliInProcess('eval', run, '--dataset', `csv:${join(base, 'other', 'good.csv')}`);
    expect(explicit.code, explicit.stderr).toBe(0);
  });

  it('a missing file is refused with what the run read', async () => {
    const { base, a } = twoFolders('fingerprint-missing');
    const run = await trainRelative(a, join(base, 'rel'));
    rmSync(join(a, 'good.csv'));
    const r = await runCliInProcess('eval', run);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/good\.csv: no such file \(the run read \d+ bytes, sha256 [0-9a-f]{12}…\)/);
  });

  it('a run folder without the record (older descent) still resumes and evaluates, warning once', async () => {
    const { base, a } = twoFolders('fingerprint-old');
    const run = await trainRelative(a, join(base, 'rel'));
    // What an older descent wrote: a relative path, no fingerprint, in config.json and the checkpoints.
    const old = (json: Record<string, any>): void => {
      json.dataset = 'csv:good.csv';
      delete json.datasetFingerprint;
    };
    editJson(join(run, 'config.json'), old);
    for (const name of ['last', 'best', 'final']) editJson(join(run, `${name}.json`), (j) => old(j.config));
    process.chdir(a);
    const e = await runCliInProcess('eval', run);
    expect(e.code, e.stderr).toBe(0);
    const warning = /warning: the run records no fingerprint of its data .* csv:good\.csv cannot be checked/g;
    expect(e.stderr.match(warning)).toHaveLength(1);
    const r = await runCliInProcess('train', '--resume', run, '--epochs', '2', '--backend', 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(warning)).toHaveLength(1);
    // The record is not invented afterwards: the data the run began on is unknown.
    expect(config(run).datasetFingerprint).toBeNull();
  });

  it('a handed-over run folder pointing dataset at another local file never gets a cell of it printed', async () => {
    const { base, a } = twoFolders('fingerprint-leak');
    const run = await trainRelative(a, join(base, 'rel'));
    const privateFile = join(base, 'private.txt');
    writeFileSync(privateFile, 'x,y,label\n0.5,SECRET-PASSWORD,1\n');
    const point = (fingerprint: unknown) => (json: Record<string, any>): void => {
      json.dataset = `csv:${privateFile}`;
      if (fingerprint === undefined) delete json.datasetFingerprint;
      else json.datasetFingerprint = fingerprint;
    };
    // With a (made-up) fingerprint: refused before the file is parsed.
    editJson(join(run, 'final.json'), (j) => point([{ file: privateFile, bytes: 1, sha256: '0'.repeat(64) }])(j.config));
    const forged = await runCliInProcess('eval', run);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toContain(`${privateFile} is not the file the run was trained on`);
    expect(forged.stderr).not.toContain('SECRET-PASSWORD');
    // Without one (as an older descent wrote): read, but its errors keep the location and drop the contents.
    editJson(join(run, 'final.json'), (j) => point(undefined)(j.config));
    const bare = await runCliInProcess('eval', run);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('no fingerprint');
    expect(bare.stderr).toContain(`${privateFile}, line 2`);
    expect(bare.stderr).not.toContain('SECRET-PASSWORD');
    // The same file named by the user: the parser's full message.
    const typed = await runCliInProcess('eval', run, '--dataset', `csv:${privateFile}`);
    expect(typed.code).toBe(2);
    expect(typed.stderr).toContain('SECRET-PASSWORD');
    // A resume of such a folder: the same.
    editJson(join(run, 'config.json'), point(undefined));
    const resumed = await runCliInProcess('train', '--resume', run, '--epochs', '2', '--backend', 'js');
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain(`${privateFile}, line 2`);
    expect(resumed.stderr).not.toContain('SECRET-PASSWORD');
  });
});
