/**
 * The K-means trainer as a stepping object: each `step()` is one update of the centres from one
 * point (online), a mini-batch, or the whole data set (batch), so a caller can plot the cost
 * after every update, as the playground does.
 */
import { Random } from '../tensor/random.js';
import { assignPoints, kMeansCost, nearestCentre } from './assign.js';
import { initialCentres, type KMeansInit } from './init.js';
import { toPointSet, type KMeansData, type PointSet } from './points.js';
import { centreStep, checkStepSize, type KMeansStepSize } from './step-size.js';

/** How many points one update uses: one (`online`, i.e. SGD), `batchSize` (`mini-batch`), or all (`batch`). */
export type KMeansUpdate = 'online' | 'mini-batch' | 'batch';

/** Options of {@link KMeans}. */
export interface KMeansOptions {
  /** Number of centres (required). */
  k: number;
  /** Points per update (default `mini-batch`). */
  update?: KMeansUpdate;
  /** Mini-batch size (default 32; ignored by the other updates). */
  batchSize?: number;
  /** Step-size rule (default `counts` for online and mini-batch, `lloyd` for batch); see {@link centreStep}. */
  stepSize?: KMeansStepSize;
  /** Initial centres (default `random`: k distinct data points). */
  init?: KMeansInit;
  /** Seed of the initialisation and the order points are visited in (default 0). */
  seed?: number;
}

/** What one update did. */
export interface KMeansStep {
  /** Updates done so far, this one included. */
  updates: number;
  /** Points used by all updates so far. */
  pointsProcessed: number;
  /** Complete passes over the data so far. */
  epochs: number;
}

/**
 * K-means by (stochastic) gradient steps on the cost E = (1/N) Σᵢ minₖ ‖xᵢ − cₖ‖².
 * Online and mini-batch updates visit the points in a fresh seeded random order every epoch; every
 * update assigns each point of its batch to the nearest centre and moves each centre towards the
 * mean of its points by the step size of {@link centreStep}. Same seed, same options → bit-identical
 * centres.
 *
 * @example
 * const data = blobs({ samples: 300, centers: [[0, 0], [5, 5], [0, 5]], seed: 1 });
 * const km = new KMeans(data.features, { k: 3, update: 'online', seed: 4 });
 * for (let i = 0; i < 900; i++) km.step();
 * km.cost();        // close to 2 (the clusters' variance, 1 per axis)
 * km.centres();     // [[x, y], …]
 */
export class KMeans {
  readonly points: PointSet;
  readonly k: number;
  readonly update: KMeansUpdate;
  readonly batchSize: number;
  readonly stepSize: KMeansStepSize;
  /** Current centres, row-major k × D. */
  readonly centroids: Float64Array;
  /** Points assigned to each centre so far (nₖ of the `counts` rule). */
  readonly counts: Float64Array;
  private readonly random: Random;
  private order: Int32Array;
  private cursor = 0;
  private updateCount = 0;
  private processed = 0;
  private epochCount = 0;

  constructor(data: KMeansData, options: KMeansOptions) {
    this.points = toPointSet(data);
    const k = options.k;
    if (!Number.isInteger(k) || k < 1) throw new Error(`kMeans: invalid k: ${String(k)} (expected an integer ≥ 1)`);
    this.k = k;
    this.update = options.update ?? 'mini-batch';
    if (!['online', 'mini-batch', 'batch'].includes(this.update)) {
      throw new Error(`kMeans: invalid update '${String(this.update)}' (valid: online, mini-batch, batch)`);
    }
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`kMeans: invalid batchSize: ${String(batchSize)} (expected an integer ≥ 1)`);
    this.batchSize = this.update === 'online' ? 1 : this.update === 'batch' ? this.points.count : Math.min(batchSize, this.points.count);
    this.stepSize = checkStepSize(options.stepSize ?? (this.update === 'batch' ? 'lloyd' : 'counts'));
    this.random = new Random(options.seed ?? 0);
    this.centroids = initialCentres(this.points, k, options.init ?? 'random', this.random);
    this.counts = new Float64Array(k);
    this.order = this.update === 'batch' ? Int32Array.from({ length: this.points.count }, (_, i) => i) : this.random.permutation(this.points.count);
  }

  /** Updates done so far. */
  get updates(): number {
    return this.updateCount;
  }

  /** Points used by all updates so far. */
  get pointsProcessed(): number {
    return this.processed;
  }

  /** One update from the next batch of points; returns the counters after it. */
  step(): KMeansStep {
    const { data, dims, count } = this.points;
    const k = this.k;
    const sums = new Float64Array(k * dims);
    const assigned = new Float64Array(k);
    for (let j = 0; j < this.batchSize; j++) {
      if (this.cursor === count) this.nextEpoch();
      const i = this.order[this.cursor++]!;
      const c = nearestCentre(data, i, this.centroids, k, dims).index;
      assigned[c]!++;
      for (let d = 0; d < dims; d++) sums[c * dims + d]! += data[i * dims + d]!;
    }
    if (this.cursor === count) this.nextEpoch();
    for (let c = 0; c < k; c++) {
      const b = assigned[c]!;
      if (b === 0) continue;
      this.counts[c]! += b;
      const eta = centreStep(this.stepSize, b, this.batchSize, this.counts[c]!, this.updateCount);
      for (let d = 0; d < dims; d++) {
        const mean = sums[c * dims + d]! / b;
        this.centroids[c * dims + d]! += eta * (mean - this.centroids[c * dims + d]!);
      }
    }
    this.updateCount++;
    this.processed += this.batchSize;
    return { updates: this.updateCount, pointsProcessed: this.processed, epochs: this.epochCount };
  }

  private nextEpoch(): void {
    this.cursor = 0;
    this.epochCount++;
    if (this.update !== 'batch') this.order = this.random.permutation(this.points.count);
  }

  /** The cost E over the whole data set at the current centres. */
  cost(): number {
    return kMeansCost(this.points, this.centroids);
  }

  /** The nearest centre of every point. */
  assignments(): Int32Array {
    return assignPoints(this.points, this.centroids);
  }

  /** The centres as rows. */
  centres(): number[][] {
    const { dims } = this.points;
    return Array.from({ length: this.k }, (_, c) => Array.from(this.centroids.subarray(c * dims, (c + 1) * dims)));
  }
}
