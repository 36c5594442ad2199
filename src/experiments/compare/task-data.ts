/**
 * The data of a comparison task: loaded once per process (and per worker thread) and split the same
 * way for every run, so all configurations and seeds see the same training and held-out samples.
 */
import type { Dataset } from '../../data/dataset.js';
import { splitDataset } from '../../data/split.js';
// The run specifications (src/specs) are the one place that turns names into datasets and models,
// so `compare` accepts exactly what `train` accepts.
import { loadDatasetSpec } from '../../specs/dataset-spec.js';
import type { CompareTask } from './types.js';

/** The parts every run uses. */
export interface TaskData {
  train: Dataset;
  test: Dataset;
  /** Carved from the training split when the task asks for it (tuning); null otherwise. */
  validation: Dataset | null;
}

const cache = new Map<string, Promise<TaskData>>();

/**
 * Loads and splits the task's dataset (seeded by `task.dataSeed`; stratified for class labels), and
 * carves a validation split from the training split when `task.validationFraction` is set.
 * `imageLayout` asks image datasets for `[N, 1, 28, 28]` (conv models). Cached per process.
 *
 * @example
 * const { train, test } = await loadTaskData({ dataset: 'moons', testFraction: 0.2, dataSeed: 0, ... }, false);
 */
export function loadTaskData(task: Pick<CompareTask, 'dataset' | 'testFraction' | 'dataSeed' | 'validationFraction'>, imageLayout: boolean): Promise<TaskData> {
  const key = JSON.stringify([task.dataset, task.testFraction, task.dataSeed, imageLayout, task.validationFraction ?? null]);
  let data = cache.get(key);
  if (!data) {
    data = (async () => {
      const full = await loadDatasetSpec(task.dataset, { seed: task.dataSeed, imageLayout });
      const parts = splitDataset(full, { test: task.testFraction, stratify: full.numClasses !== null, seed: task.dataSeed });
      if (task.validationFraction === undefined) return { train: parts.train, test: parts.test, validation: null };
      // Carved from the training split in a second step, so the test split is the very one an untuned
      // comparison of the same data seed uses: tuned and untuned reports measure on the same samples.
      const inner = splitDataset(parts.train, { test: task.validationFraction, stratify: full.numClasses !== null, seed: task.dataSeed });
      return { train: inner.train, test: parts.test, validation: inner.test };
    })();
    cache.set(key, data);
    // A failed load is not cached: the error surfaces once, and a retry loads again.
    data.catch(() => cache.delete(key));
  }
  return data;
}

// The default model lives with the other run specifications, shared with `descent train`.
export { autoModelSpec } from '../../specs/auto-model.js';
