/**
 * `descent train` and `eval` on run folders, in process: what a resume may and may not do, the
 * files a finished run holds, crafted checkpoints, `--epochs 0`, averaging seen the same by train's
 * log and by eval.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCliInProcess } from '../helpers/cli-run.js';
import { copyFolder, snapshot } from '../helpers/folder-snapshot.js';
import { tempDir } from '../helpers/temp-dir.js';

const SMALL = ['--dataset', 'moons', '--model', 'mlp:2-8-2', '--batch-size', '32', '--backend', 'js', '--learning-rate', '0.05'];
const base = tempDir('run-folder');

const rows = (dir: string): Array<Record<string, unknown>> =>
  readFileSync(join(dir, 'run.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => {
    const { seconds: _s, ...rest } = JSON.parse(l) as Record<string, unknown>;
    return rest;
  });
const weightsSha = (dir: string, name: string): string =>
  (JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as { files: { weights: { sha256: string } } }).files.weights.sha256;

async function train(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCliInProcess('train', ...args);
}

describe('descent train: run folders', () => {
  it('a finished run holds config.json, run.jsonl and last/best/final with their data files, nothing else', async () => {
    const dir = join(base, 'plain');
    const r = await train(...SMALL, '--epochs', '3', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files.filter((f) => f.endsWith('.json'))).toEqual(['best.json', 'config.json', 'final.json', 'last.json']);
    expect(files.filter((f) => f.endsWith('.safetensors'))).toHaveLength(6);
    expect(files).toContain('run.jsonl');
    expect(files).toHaveLength(11);
    expect(rows(dir).map((r) => r.epoch)).toEqual([1, 2, 3]);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(config)).toEqual(['dataset', 'model', 'loss', 'optimizer', 'hyperParameters', 'schedule', 'averaging', 'augment', 'batchSize', 'epochs', 'seed', 'testFraction', 'clipGradNorm', 'earlyStoppingPatience', 'out', 'task', 'classes', 'maxParameterBytes', 'init', 'bestMetric', 'sharpnessEvery', 'datasetFingerprint']);
  });

  it('resuming a complete run does nothing and changes no file; --epochs extends it and only then rewrites config.json', async () => {
    const dir = join(base, 'extend');
    const straight = join(base, 'extend-straight');
    // A constant rate: the cosine default's period is the run's length, so extending would change it.
    expect((await train(...SMALL, '--schedule', 'constant', '--epochs', '2', '--out', dir)).code).toBe(0);
    expect((await train(...SMALL, '--schedule', 'constant', '--epochs', '4', '--out', straight)).code).toBe(0);
    const before = snapshot(dir);
    const again = await train('--resume', dir, '--backend', 'js');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`the run in ${dir} is complete (2 epochs); pass --epochs <n> with n > 2 to train further`);
    expect(snapshot(dir)).toEqual(before);
    const extended = await train('--resume', dir, '--epochs', '4', '--backend', 'js');
    expect(extended.code, extended.stderr).toBe(0);
    expect(extended.stdout).toMatch(/resuming .* from checkpoint 'last' \(epoch 2\)/);
    expect((JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { epochs: number }).epochs).toBe(4);
    expect(rows(dir)).toEqual(rows(straight));
    expect(weightsSha(dir, 'final')).toBe(weightsSha(straight, 'final'));
    // The first process's checkpoint files were superseded and removed at the end.
    expect(readdirSync(dir).sort()).toEqual(readdirSync(straight).sort());
  });

  it('a crafted best.json naming a file outside the folder: resume falls back to an intact checkpoint, and the victim survives', async () => {
    const dir = join(base, 'crafted');
    expect((await train(...SMALL, '--epochs', '2', '--out', dir)).code).toBe(0);
    const victim = join(base, 'victim.txt');
    writeFileSync(victim, 'precious');
    const best = JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')) as { files: Record<string, { name: string }> };
    best.files.weights!.name = '../victim.txt';
    best.files.arrays!.name = '../victim.txt';
    writeFileSync(join(dir, 'best.json'), JSON.stringify(best));
    const r = await train('--resume', dir, '--epochs', '4', '--backend', 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/skipped checkpoint 'best': best\.json: weights: contains a path separator/);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(rows(dir).map((x) => x.epoch)).toEqual([1, 2, 3, 4]);
  });

  it('a run stopped before its first checkpoint starts over on resume, the same bits as a straight run', async () => {
    const dir = join(base, 'early');
    const straight = join(base, 'early-straight');
    expect((await train(...SMALL, '--epochs', '2', '--out', straight)).code).toBe(0);
    mkdirSync(dir);
    writeFileSync(join(dir, 'config.json'), readFileSync(join(straight, 'config.json'), 'utf8').replace(straight, dir));
    writeFileSync(join(dir, 'run.jsonl'), '');
    writeFileSync(join(dir, '.last.e1.u5.safetensors.99999.abc.tmp'), 'torn');
    const r = await train('--resume', dir, '--backend', 'js');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('removed 1 leftover file(s) of an interrupted run: .last.e1.u5.safetensors.99999.abc.tmp');
    expect(weightsSha(dir, 'final')).toBe(weightsSha(straight, 'final'));
    expect(rows(dir)).toEqual(rows(straight));
  });

  it('--epochs 0 trains nothing and says so: the untrained model is the final checkpoint', async () => {
    const dir = join(base, 'zero');
    const r = await train(...SMALL, '--epochs', '0', '--out', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('--epochs 0: nothing to train; the untrained model is saved as the final checkpoint');
    expect(existsSync(join(dir, 'final.json'))).toBe(true);
    expect(readFileSync(join(dir, 'run.jsonl'), 'utf8')).toBe('');
  });

  it('with --averaging ema, eval scores the averaged weights, as the log did; resume continues the average', async () => {
    const dir = join(base, 'ema');
    const straight = join(base, 'ema-straight');
    const args = [...SMALL, '--averaging', 'ema', '--schedule', 'constant'];
    expect((await train(...args, '--epochs', '3', '--out', straight)).code).toBe(0);
    expect((await train(...args, '--epochs', '2', '--out', dir)).code).toBe(0);
    const resumed = await train('--resume', dir, '--epochs', '3', '--backend', 'js');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(rows(dir)).toEqual(rows(straight));
    const last = rows(dir).at(-1)!;
    const evaluated = await runCliInProcess('eval', dir);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toContain('averaged weights');
    expect(evaluated.stdout).toContain(`loss ${(last.validationLoss as number).toFixed(4)}`);
    expect(evaluated.stdout).toContain(`error ${((last.validationError as number) * 100).toFixed(2)}%`);
  });

  it('a failed resume leaves a copied run byte-identical even after a fallback was possible', async () => {
    const dir = copyFolder(join(base, 'plain'), join(base, 'plain-copy'));
    const before = snapshot(dir);
    const r = await train('--resume', dir, '--seed', '7');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^descent train: --seed 7 conflicts with the run's saved seed 1/);
    expect(snapshot(dir)).toEqual(before);
  });
});
