/** Trains K-means to a budget and records the cost curve. */
import { KMeans, type KMeansOptions } from './kmeans.js';
import type { KMeansData } from './points.js';

/** Options of {@link fitKMeans}: the trainer's, plus the budget and how often to record the cost. */
export interface FitKMeansOptions extends KMeansOptions {
  /** Number of updates (default: `epochs` passes over the data). */
  updates?: number;
  /** Passes over the data when `updates` is not given (default 10). */
  epochs?: number;
  /** Record the cost every this many updates (default: about 100 records in all). */
  recordEvery?: number;
}

/** The cost curve: parallel arrays, starting with the cost of the initial centres. */
export interface KMeansHistory {
  updates: number[];
  pointsProcessed: number[];
  cost: number[];
}

/** The trained centres, the final assignment and cost, and the cost curve. */
export interface KMeansResult {
  centres: number[][];
  assignments: Int32Array;
  cost: number;
  history: KMeansHistory;
}

/**
 * Runs {@link KMeans} for a budget of updates and returns the centres with the cost against the
 * number of updates and against the number of points processed.
 *
 * @example
 * const data = blobs({ samples: 600, centers: 4, std: 0.8, seed: 2 });
 * const sgd = fitKMeans(data.features, { k: 4, update: 'online', epochs: 5, seed: 1 });
 * const lloyd = fitKMeans(data.features, { k: 4, update: 'batch', updates: 20, seed: 1 });
 */
export function fitKMeans(data: KMeansData, options: FitKMeansOptions): KMeansResult {
  const km = new KMeans(data, options);
  const perEpoch = Math.ceil(km.points.count / km.batchSize);
  const updates = options.updates ?? (options.epochs ?? 10) * perEpoch;
  if (!Number.isInteger(updates) || updates < 0) throw new Error(`fitKMeans: invalid updates: ${String(updates)} (expected an integer ≥ 0)`);
  const every = options.recordEvery ?? Math.max(1, Math.floor(updates / 100));
  if (!Number.isInteger(every) || every < 1) throw new Error(`fitKMeans: invalid recordEvery: ${String(every)} (expected an integer ≥ 1)`);
  const history: KMeansHistory = { updates: [0], pointsProcessed: [0], cost: [km.cost()] };
  for (let t = 1; t <= updates; t++) {
    km.step();
    if (t % every === 0 || t === updates) {
      history.updates.push(km.updates);
      history.pointsProcessed.push(km.pointsProcessed);
      history.cost.push(km.cost());
    }
  }
  return { centres: km.centres(), assignments: km.assignments(), cost: km.cost(), history };
}
