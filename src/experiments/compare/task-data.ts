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

/** The two parts every run uses. */
export interface TaskData {
  train: Dataset;
  test: Dataset;
}

const cache = new Map<string, Promise<TaskData>>();

/**
 * Loads and splits the task's dataset (seeded by `task.dataSeed`; stratified for class labels).
 * `imageLayout` asks image datasets for `[N, 1, 28, 28]` (conv models). Cached per process.
 *
 * @example
 * const { train, test } = await loadTaskData({ dataset: 'moons', testFraction: 0.2, dataSeed: 0, ... }, false);
 */
export function loadTaskData(task: Pick<CompareTask, 'dataset' | 'testFraction' | 'dataSeed'>, imageLayout: boolean): Promise<TaskData> {
  const key = JSON.stringify([task.dataset, task.testFraction, task.dataSeed, imageLayout]);
  let data = cache.get(key);
  if (!data) {
    data = (async () => {
      const full = await loadDatasetSpec(task.dataset, { seed: task.dataSeed, imageLayout });
      const parts = splitDataset(full, { test: task.testFraction, stratify: full.numClasses !== null, seed: task.dataSeed });
      return { train: parts.train, test: parts.test };
    })();
    cache.set(key, data);
    // A failed load is not cached: the error surfaces once, and a retry loads again.
    data.catch(() => cache.delete(key));
  }
  return data;
}

// The default model lives with the other run specifications, shared with `descent train`.
export { autoModelSpec } from '../../specs/auto-model.js';
