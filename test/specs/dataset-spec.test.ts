/** Issue 11: datasets named on the command line, and the held-out split of a run. */
import { describe, it, expect } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, Dataset } from '../../src/data/index.js';
import { Tensor } from '../../src/tensor/tensor.js';
import { heldOutSplit, loadDatasetSpec } from '../../src/specs/dataset-spec.js';
import { SpecError } from '../../src/specs/spec-error.js';
import { idxBytes } from '../data/idx-helpers.js';
import { specError } from '../helpers/thrown.js';
import { tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('dataset-spec');
const file = (name: string, contents: string | Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
};
const load = (spec: string, task?: 'classification' | 'regression'): Promise<Dataset> =>
  loadDatasetSpec(spec, { seed: 0, imageLayout: false, ...(task ? { task } : {}) });

/** n samples, labels i % 2 (classification) or float targets. */
function data(n: number, source = 'csv:d.csv'): Dataset {
  return new Dataset(new Tensor(new Float32Array(n), [n, 1]), new Tensor(Int32Array.from({ length: n }, (_, i) => i % 2), [n]), { source });
}

describe('heldOutSplit: both sides hold at least one sample', () => {
  it('--test-fraction 0.999 on 150 samples: names the sizes and the fractions that work', () => {
    expect(specError(() => heldOutSplit(data(150), 0.999, 0)).message).toBe(
      'test fraction 0.999 of the 150 samples of the dataset (csv:d.csv) leaves 0 to train on and 150 held out; both need at least 1: use a test fraction between 1/150 (0.00667) and 149/150 (0.993), or more data',
    );
  });

  it('a 2-row CSV with the default fraction 0.2', () => {
    expect(specError(() => heldOutSplit(data(2), 0.2, 0)).message).toBe(
      'test fraction 0.2 of the 2 samples of the dataset (csv:d.csv) leaves 2 to train on and 0 held out; both need at least 1: use a test fraction of 1/2 (0.5), or more data',
    );
    const { train, test } = heldOutSplit(data(2), 0.5, 0);
    expect([train.length, test.length]).toEqual([1, 1]);
  });

  it('fewer than 2 samples, and a fraction outside (0, 1) or not a number', () => {
    expect(specError(() => heldOutSplit(data(1), 0.5, 0)).message).toBe('the dataset (csv:d.csv) has 1 sample: a run needs at least 2 (one to train on, one to hold out)');
    expect(specError(() => heldOutSplit(data(0), 0.5, 0)).message).toBe('the dataset (csv:d.csv) has 0 samples: a run needs at least 2 (one to train on, one to hold out)');
    expect(specError(() => heldOutSplit(data(10), 0, 0)).message).toBe('the test fraction must be a number strictly between 0 and 1, got 0');
    expect(specError(() => heldOutSplit(data(10), '0.5' as unknown as number, 0)).message).toBe('the test fraction must be a number strictly between 0 and 1, got "0.5"');
  });

  it('one label of 100000000 in a 1 KB CSV: a clear error, no gigabytes', async () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},${i % 3}`);
    rows[50] = '50,100000000';
    const path = file('huge-label.csv', `x,y\n${rows.join('\n')}\n`);
    const before = process.memoryUsage().rss;
    await expect(load(`csv:${path}`)).rejects.toThrow(`${path}, line 52, column 2: class label 100000000 is out of range: class labels must be integers in [0, 1048576) ("y")`);
    expect(process.memoryUsage().rss - before).toBeLessThan(64 << 20);
  });
});

describe('loadDatasetSpec', () => {
  it('csv: passes the task; a fractional label needs regression', async () => {
    const path = file('reg.csv', 'x,y\n1,0.5\n2,1.5\n3,2\n');
    await expect(load(`csv:${path}`)).rejects.toThrow(`${path}, line 2, column 2: class label 0.5 is not an integer ("y"); for real-valued targets use task 'regression' (--task regression)`);
    const reg = await load(`csv:${path}`, 'regression');
    expect(reg.labels.shape).toEqual([3, 1]);
    expect(reg.numClasses).toBeNull();
    expect((await load(`csv:${path}:x`, 'regression')).labels.toArray()).toEqual([[1], [2], [3]]);
  });

  it('csv:<dir> and a missing file are named in words; csv: alone is a usage error', async () => {
    const sub = join(dir, 'a-dir');
    mkdirSync(sub);
    await expect(load(`csv:${sub}`)).rejects.toThrow(`${sub}: is a directory, not a CSV file`);
    await expect(load(`csv:${sub}`)).rejects.toBeInstanceOf(DataError);
    await expect(load(`csv:${join(dir, 'missing.csv')}`)).rejects.toThrow(`${join(dir, 'missing.csv')}: no such file`);
    await expect(load('csv:')).rejects.toThrow(new SpecError("dataset 'csv:': csv: needs a file name, as in csv:data/iris.csv or csv:data/iris.csv:species"));
  });

  it('regression on a dataset of classes, an unknown name, a non-string', async () => {
    await expect(load('moons', 'regression')).rejects.toThrow("dataset 'moons' holds classes: task 'regression' needs a CSV dataset (csv:<file>)");
    await expect(load('moon')).rejects.toBeInstanceOf(SpecError);
    await expect(load('moon')).rejects.toThrow("unknown dataset 'moon'; valid datasets: mnist, idx:<dir>, csv:<file>[:<label column>], spirals, moons, circles, blobs");
    await expect(load(42 as unknown as string)).rejects.toThrow(/^the dataset must be a name such as 'mnist' or 'csv:<file>', got 42;/);
    await expect(loadDatasetSpec('moons', { seed: 0, imageLayout: false, task: 'ranking' as never })).rejects.toThrow(`task must be 'classification' or 'regression', got "ranking"`);
  });

  it('idx: a 0-item pair, a count mismatch, a missing directory', async () => {
    const empty = join(dir, 'empty-idx');
    mkdirSync(empty);
    writeFileSync(join(empty, 'train-images-idx3-ubyte'), idxBytes('uint8', [0, 28, 28], []));
    writeFileSync(join(empty, 'train-labels-idx1-ubyte'), idxBytes('uint8', [0], []));
    const images = join(empty, 'train-images-idx3-ubyte');
    await expect(load(`idx:${empty}`)).rejects.toThrow(`${images}: no samples: the images file holds 0 images (shape [0, 28, 28]) and ${join(empty, 'train-labels-idx1-ubyte')} 0 labels`);
    await expect(load(`idx:${join(dir, 'no-such-dir')}`)).rejects.toThrow(`${join(dir, 'no-such-dir')}: no such directory`);
    await expect(load(`idx:${file('plain.txt', 'x')}`)).rejects.toThrow(/plain\.txt: not a directory \(idx:<dir> names the folder/);
  });
});
