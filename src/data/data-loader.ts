/**
 * Batches of a dataset, one epoch per iteration: batch size 1 (stochastic gradient descent), b
 * (mini-batch) or the whole set (batch gradient descent), in a fresh seeded random order every epoch.
 */
import { Random, type RandomState } from '../tensor/random.js';
import type { Batch, Dataset } from './dataset.js';

/** Options of {@link DataLoader}. */
export interface DataLoaderOptions {
  /** Samples per batch: 1 for SGD, b for mini-batches, `'full'` for the whole set in one batch. */
  batchSize: number | 'full';
  /** Draw a fresh random permutation every epoch (default true); false visits 0..N-1 cyclically. */
  shuffle?: boolean;
  /** Skip the last, smaller batch when N is not a multiple of the batch size (default false). */
  dropLast?: boolean;
  /** Seed of the loader's own generator (default 0). Ignored when `random` is given. */
  seed?: number;
  /**
   * A generator to draw the permutations from instead of a private one. The loader then shares it
   * with its owner (say, the trainer), which saves and restores it; see {@link DataLoader.state}.
   */
  random?: Random;
}

/** Plain-data loader position, for checkpoints (JSON-safe). */
export interface DataLoaderState {
  /** Completed epochs. */
  epoch: number;
  /** Batches already handed out in the current epoch (0 between epochs). */
  batch: number;
  /** The generator state at the start of the current epoch (or now, between epochs). */
  random: RandomState;
  /** Dataset size and resolved batch size, checked on restore. */
  samples: number;
  batchSize: number;
}

/**
 * Iterates over a dataset in batches. Each `for (const batch of loader)` runs one epoch; with
 * `shuffle` (the default) every epoch draws a new permutation from the seeded generator, so the whole
 * sequence of batches is a function of the seed. Batches are `{x, y, indices}` with rows copied into
 * one typed array per tensor.
 *
 * Resuming: `state()` is plain data. Taken between epochs, or after any batch inside one, and passed
 * to `setState()` on a new loader over the same data, the new loader continues with exactly the
 * batches the old one would have produced next. Mid-epoch, the state holds the generator as it was at
 * the start of the epoch and the number of batches done; the permutation is redrawn and those batches
 * skipped. (With a shared `random`, `setState` rewinds that shared generator to the epoch start, so
 * restore it first and the loader last — or save only at epoch boundaries.)
 *
 * An iteration abandoned with `break` does not count as an epoch; the next one draws a new order.
 *
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, seed: 1 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { x, y } of loader) {
 *     // loss = mean divergence over the batch; step the optimizer
 *   }
 * }
 * const saved = loader.state();               // JSON-safe
 * const again = new DataLoader(train, { batchSize: 64 });
 * again.setState(saved);                      // continues bit for bit
 */
export class DataLoader implements Iterable<Batch> {
  readonly dataset: Dataset;
  /** The resolved batch size (N for `'full'`, at least 1). */
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly random: Random;
  private epochs = 0;
  /** Batches to skip in the next epoch (set by `setState` mid-epoch). */
  private resumeAt = 0;
  private current: { start: RandomState; batch: number } | null = null;

  constructor(dataset: Dataset, options: DataLoaderOptions) {
    const { batchSize } = options;
    if (batchSize !== 'full' && (!Number.isInteger(batchSize) || batchSize < 1)) {
      throw new Error(`DataLoader: batchSize must be a positive integer or 'full', got ${String(batchSize)}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize === 'full' ? Math.max(dataset.length, 1) : batchSize;
    this.shuffle = options.shuffle ?? true;
    this.dropLast = options.dropLast ?? false;
    this.random = options.random ?? new Random(options.seed ?? 0);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Completed epochs. */
  get epoch(): number {
    return this.epochs;
  }

  /** One epoch of batches. */
  *[Symbol.iterator](): Generator<Batch, void, undefined> {
    const n = this.dataset.length;
    const start = this.random.state();
    const order = this.shuffle ? this.random.permutation(n) : identity(n);
    const count = this.length;
    const skip = this.resumeAt;
    this.resumeAt = 0;
    const current = { start, batch: skip };
    this.current = current;
    try {
      for (let b = skip; b < count; b++) {
        const lo = b * this.batchSize;
        const batch = this.dataset.batch(order.subarray(lo, Math.min(lo + this.batchSize, n)));
        current.batch = b + 1;
        yield batch;
      }
      this.epochs++;
    } finally {
      if (this.current === current) this.current = null;
    }
  }

  /** The position as plain data (see the class notes on resuming). */
  state(): DataLoaderState {
    const base = { samples: this.dataset.length, batchSize: this.batchSize };
    const c = this.current;
    if (c && c.batch < this.length) return { epoch: this.epochs, batch: c.batch, random: c.start, ...base };
    // After the last batch of an epoch the epoch is complete even if the loop has not yet returned.
    const done = c ? 1 : 0;
    return { epoch: this.epochs + done, batch: c ? 0 : this.resumeAt, random: this.random.state(), ...base };
  }

  /** Restores a position from {@link DataLoader.state}; checks it belongs to the same data and batch size. */
  setState(state: DataLoaderState): void {
    if (state.samples !== this.dataset.length || state.batchSize !== this.batchSize) {
      throw new Error(
        `DataLoader.setState: the state was saved for ${state.samples} samples in batches of ${state.batchSize}; ` +
          `this loader has ${this.dataset.length} samples in batches of ${this.batchSize}`,
      );
    }
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || !Number.isInteger(state.batch) || state.batch < 0 || state.batch >= Math.max(this.length, 1)) {
      throw new Error(`DataLoader.setState: invalid position epoch ${state.epoch}, batch ${state.batch} (${this.length} batches per epoch)`);
    }
    this.random.setState(state.random);
    this.epochs = state.epoch;
    this.resumeAt = state.batch;
    this.current = null;
  }
}

function identity(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  return p;
}
