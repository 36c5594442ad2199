/**
 * A run trained on CSV labels that are names records them (config.json "classes"), and every later
 * read of data for the run maps names through them: `eval --dataset` on a file with only some of
 * the classes scores against the classes the model learned.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import { runInProcess } from '../helpers/cli-run.js';
import { parseConfigObject, RunConfigError } from '../../src/train/run-config.js';

/** Runs `descent <args>` in-process: the lines it printed, or the error it threw. */
async function descent(args: string[]): Promise<string[]> {
  const { stdout, error } = await runInProcess(...args);
  if (error) throw error;
  return stdout.replace(/\n$/, '').split('\n');
}

/** The error `descent <args>` throws (it must throw). */
async function descentError(args: string[]): Promise<Error> {
  const { error } = await runInProcess(...args);
  expect(error, `descent ${args.join(' ')} should fail`).not.toBeNull();
  return error!;
}

const CENTRES = { apple: [0, 0], banana: [4, 0], cherry: [0, 4] } as const;
type Fruit = keyof typeof CENTRES;

/** Well-separated points around each fruit's centre (deterministic), as CSV with a `fruit` column. */
function fruitCsv(fruits: readonly Fruit[], perClass: number): string {
  const rows: string[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const fruit of fruits) {
      const [cx, cy] = CENTRES[fruit];
      const dx = ((i * 37) % 11) / 20 - 0.25;
      const dy = ((i * 53) % 13) / 24 - 0.25;
      rows.push(`${(cx + dx).toFixed(3)},${(cy + dy).toFixed(3)},${fruit}`);
    }
  }
  return 'x1,x2,fruit\n' + rows.join('\n') + '\n';
}

const TRAIN = ['--model', 'mlp:2-8-3:tanh', '--epochs', '20', '--batch-size', '16', '--learning-rate', '0.05', '--schedule', 'constant'];

/** A new folder holding `file` (the text `csv`) and a run trained on it with TRAIN and `args`: their paths. */
async function trainOn(tag: string, file: string, csv: string, args: string[]): Promise<{ data: string; run: string }> {
  const base = tempDir(tag);
  const data = join(base, file);
  writeFileSync(data, csv);
  const run = join(base, 'run');
  await descent(['train', '--dataset', `csv:${data}`, ...TRAIN, ...args, '--out', run]);
  return { data, run };
}

/** The accuracy `descent eval` printed. */
function accuracy(lines: string[]): number {
  const m = /accuracy (\d+\.\d\d)%/.exec(lines.at(-1)!);
  expect(m, lines.at(-1)).not.toBeNull();
  return Number(m![1]);
}

describe('class names of CSV labels', () => {
  const dir = tempDir('class-names');
  const trainFile = join(dir, 'fruit_train.csv');
  const bcFile = join(dir, 'fruit_bc.csv');
  const out = join(dir, 'fruit');
  writeFileSync(trainFile, fruitCsv(['apple', 'banana', 'cherry'], 40));
  writeFileSync(bcFile, fruitCsv(['banana', 'cherry'], 20));
  let trained: string[] = [];
  beforeAll(async () => {
    trained = await descent(['train', '--dataset', `csv:${trainFile}`, ...TRAIN, '--out', out]);
  });

  it('train records the vocabulary in config.json and in its checkpoints', async () => {
    const lines = trained;
    expect(lines.at(-1)).toMatch(/held-out accuracy 100\.00%/);
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8')) as { classes: unknown };
    expect(config.classes).toEqual(['apple', 'banana', 'cherry']);
    const checkpoint = JSON.parse(readFileSync(join(out, 'final.json'), 'utf8')) as { config: { classes: unknown } };
    expect(checkpoint.config.classes).toEqual(['apple', 'banana', 'cherry']);
  });

  it('eval --dataset on a file with only banana and cherry scores against the trained classes', async () => {
    // Before: this file's names were renumbered banana 0, cherry 1, and scored 0.00%.
    expect(accuracy(await descent(['eval', out, '--dataset', `csv:${bcFile}`, '--all']))).toBe(100);
    expect(accuracy(await descent(['eval', out]))).toBe(100);
  });

  it('a name the run never saw is an error naming it, its line and the known classes', async () => {
    const file = join(dir, 'durian.csv');
    writeFileSync(file, 'x1,x2,fruit\n4,0,banana\n2,2,durian\n');
    const error = await descentError(['eval', out, '--dataset', `csv:${file}`]);
    expect(error.message).toBe(`${file}, line 3, column 3: label "durian" ("fruit") is not one of the known classes: "apple", "banana", "cherry"`);
  });

  it('--resume reads the data through the recorded classes', async () => {
    const { data, run } = await trainOn('class-names-resume', 'fruit.csv', fruitCsv(['apple', 'banana', 'cherry'], 20), ['--epochs', '1']);
    // The file now holds a class the run does not know: a resume must not renumber the others.
    writeFileSync(data, fruitCsv(['apple', 'banana', 'cherry'], 20) + '1,1,durian\n');
    const configPath = join(run, 'config.json');
    // As a run folder from before data fingerprints (null): the changed file is not refused as changed, so
    // the labels go through the recorded classes.
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, 'utf8')), epochs: 2, datasetFingerprint: null }));
    const error = await descentError(['train', '--resume', run]);
    // Refused at the unknown name (line 62, column 3: the label of the added row), not renumbered into
    // a fourth class; the cell itself is not quoted, the folder's data being unverified.
    expect(error.message).toMatch(/fruit\.csv, line 62, column 3: cannot be read as the run's data \(what was found there is not shown/);
  });

  it('--classes sets the order of the classes; a run folder without "classes" still evaluates', async () => {
    const { data, run } = await trainOn('class-names-order', 'fruit.csv', fruitCsv(['apple', 'banana', 'cherry'], 40), ['--classes', 'cherry,apple,banana']);
    expect((JSON.parse(readFileSync(join(run, 'config.json'), 'utf8')) as { classes: unknown }).classes).toEqual(['cherry', 'apple', 'banana']);
    expect(accuracy(await descent(['eval', run, '--dataset', `csv:${bcFile}`, '--all']))).toBe(100);
    // An older run's checkpoint has no "classes" (nor "datasetFingerprint", recorded since the same
    // release): its file is read as before (names sorted).
    const finalPath = join(run, 'final.json');
    const checkpoint = JSON.parse(readFileSync(finalPath, 'utf8')) as { config: Record<string, unknown> };
    delete checkpoint.config.classes;
    delete checkpoint.config.datasetFingerprint;
    writeFileSync(finalPath, JSON.stringify(checkpoint));
    expect(accuracy(await descent(['eval', run, '--dataset', `csv:${data}`, '--all']))).toBeLessThan(50);
  });

  it('a run trained on class indices refuses a file of names at eval, instead of numbering them (audit)', async () => {
    const byIndex = (fruit: string): string => String(['apple', 'banana', 'cherry'].indexOf(fruit));
    const indices = fruitCsv(['apple', 'banana', 'cherry'], 40).replace(/(apple|banana|cherry)$/gm, byIndex).replace('fruit\n', 'y\n');
    const { data, run } = await trainOn('class-names-indices', 'indices.csv', indices, []);
    expect(accuracy(await descent(['eval', run, '--dataset', `csv:${data}`, '--all']))).toBe(100);
    // banana and cherry were numbered 0 and 1 in this file's own order: 0% for a perfect model.
    const error = await descentError(['eval', run, '--dataset', `csv:${bcFile}`]);
    expect(error.message).toBe(`${bcFile}, line 2, column 3: label "banana" is not a class index ("fruit"): with numClasses 3 the labels are integers 0..2, and names would be numbered in this file's own order (to read names, give the class names: option classes)`);
  });

  it('--classes on a dataset of integer classes is refused', async () => {
    const error = await descentError(['train', '--dataset', 'moons', '--classes', 'a,b', '--epochs', '1', '--out', join(tempDir('class-names-moons'), 'run')]);
    expect(error.message).toBe("dataset 'moons' has integer labels: class names (classes) apply only to a CSV dataset whose labels are names");
  });

  it('a typo in a numeric label column stops train with its line and value', async () => {
    const base = tempDir('class-names-typo');
    const data = join(base, 'digits.csv');
    const rows = Array.from({ length: 60 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i === 55 ? 'cat' : i % 2}`);
    writeFileSync(data, 'a,b,y\n' + rows.join('\n') + '\n');
    const error = await descentError(['train', '--dataset', `csv:${data}`, ...TRAIN, '--out', join(base, 'run')]);
    expect(error.message).toContain(`${data}, line 57, column 3: label "cat" is not a number, and the other labels are numbers ("y")`);
  });

  it('config.json\'s "classes" is checked: distinct names, or null', () => {
    expect(parseConfigObject({ classes: ['b', 'a'] }, 'f')).toEqual({ classes: ['b', 'a'] });
    expect(parseConfigObject({ classes: null }, 'f')).toEqual({ classes: null });
    const expected = "'classes': expected a list of distinct class names, index order, without surrounding spaces (or null: integer labels)";
    for (const bad of [['a', 'a'], [], ['a', ''], [' a'], 'apple,banana', [1, 2]]) {
      expect(() => parseConfigObject({ classes: bad }, 'f'), JSON.stringify(bad)).toThrow(new RunConfigError(`${expected}, got ${bad === 'apple,banana' ? 'the string "apple,banana"' : `an array (${JSON.stringify(bad)})`}`, 'f'));
    }
  });
});
