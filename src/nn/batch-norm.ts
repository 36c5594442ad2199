/** Batch normalisation layers: BatchNorm1d ([N, C] or [N, C, L]) and BatchNorm2d ([N, C, H, W]). */
import { batchNorm } from '../ops/normalization.js';
import { allocate } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkInteger, checkPositive } from './check.js';
import { Module } from './module.js';
import { checkFloatDType, Parameter, type FloatDType } from './parameter.js';

export interface BatchNormLayerOptions {
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /**
   * Weight of each new batch in the running statistics (default 0.1). `null`: a cumulative moving
   * average, i.e. the factor is 1/numBatchesTracked (what `updateBatchNormStatistics` uses).
   */
  momentum?: number | null;
  /** Learn a per-channel scale (`weight`, init 1) and shift (`bias`, init 0) (default true). */
  affine?: boolean;
  /** Keep running statistics for evaluation (default true); without them eval uses batch statistics. */
  trackRunningStats?: boolean;
  /** Dtype of parameters and running statistics (default 'float32'). */
  dtype?: FloatDType;
}

const LEGACY_KEYS = Object.freeze({ runningMean: 'running_mean', runningVar: 'running_var', numBatchesTracked: 'num_batches_tracked' });

/**
 * The shared implementation of BatchNorm1d/2d (Ioffe & Szegedy, 2015), with PyTorch's numerics:
 *
 * - training: y = (x − mean_B)/√(var_B + eps)·γ + β with the batch mean and the **biased** batch
 *   variance over every axis but 1; then, if tracking,
 *   runningMean ← (1 − m)·runningMean + m·mean_B and runningVar ← (1 − m)·runningVar + m·var_B·n/(n − 1)
 *   (the **unbiased** variance), numBatchesTracked += 1;
 * - eval: the same formula with runningMean and runningVar.
 *
 * Buffers, in the state dict under PyTorch's names: `running_mean` (init 0), `running_var` (init 1),
 * `num_batches_tracked` (an int32 scalar in memory; PyTorch's is int64, and the safetensors export
 * writes it as I64). The fields are `runningMean`, `runningVar`, `numBatchesTracked`. State dicts
 * saved by descent 0.1, under the camelCase names, still load: see {@link BatchNorm.legacyStateKeys}.
 */
export abstract class BatchNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  /** Mutable, as `updateBatchNormStatistics` switches it to null (cumulative average) and back. */
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** γ, [numFeatures] (null unless affine). */
  readonly weight: Parameter | null;
  /** β, [numFeatures] (null unless affine). */
  readonly bias: Parameter | null;
  readonly runningMean: Tensor | null;
  readonly runningVar: Tensor | null;
  readonly numBatchesTracked: Tensor | null;

  constructor(numFeatures: number, options: BatchNormLayerOptions = {}) {
    super();
    const where = `${new.target.name}(${numFeatures})`;
    this.numFeatures = checkInteger(numFeatures, 'numFeatures', where);
    this.eps = checkPositive(options.eps ?? 1e-5, 'eps', where, true);
    const momentum = options.momentum === undefined ? 0.1 : options.momentum;
    if (momentum !== null && !(typeof momentum === 'number' && momentum >= 0 && momentum <= 1)) {
      throw new Error(`${where}: momentum must be in [0, 1] or null, got ${String(momentum)}`);
    }
    this.momentum = momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    const dtype = checkFloatDType(options.dtype ?? 'float32', where);
    const c = this.numFeatures;
    this.weight = this.affine ? this.registerParameter('weight', Parameter.empty([c], dtype)) : null;
    this.bias = this.affine ? this.registerParameter('bias', Parameter.empty([c], dtype)) : null;
    if (this.trackRunningStats) {
      // State-dict names are PyTorch's (a state dict is a file format shared with PyTorch).
      this.runningMean = this.registerBuffer('running_mean', new Tensor(allocate(dtype, c), [c]));
      this.runningVar = this.registerBuffer('running_var', new Tensor(allocate(dtype, c), [c]));
      this.numBatchesTracked = this.registerBuffer('num_batches_tracked', new Tensor(allocate('int32', 1), []));
    } else {
      this.runningMean = this.runningVar = this.numBatchesTracked = null;
    }
    this.resetParameters();
  }

  /** The camelCase state-dict names of descent 0.1 (`runningMean`, ...), mapped to PyTorch's on load. */
  override legacyStateKeys(): Readonly<Record<string, string>> {
    return LEGACY_KEYS;
  }

  /** The ranks this layer accepts and how to describe them (e.g. `2-D [N, C] or 3-D [N, C, L]`). */
  protected abstract readonly ranks: readonly number[];
  protected abstract readonly layout: string;

  /** Running mean 0, running variance 1, numBatchesTracked 0. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  /** Resets the running statistics, γ to 1 and β to 0. */
  resetParameters(): void {
    this.resetRunningStats();
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  forward(x: Tensor): Tensor {
    const where = `${this.typeName}(${this.numFeatures})`;
    if (!this.ranks.includes(x.rank)) throw new Error(`${where}: expected a ${this.layout} input, got ${formatShape(x.shape)}`);
    if (x.shape[1] !== this.numFeatures) throw new Error(`${where}: expected ${this.numFeatures} channels at axis 1, got ${formatShape(x.shape)}`);
    if (this.training && x.size / this.numFeatures <= 1) {
      throw new Error(`${where}: expected more than 1 value per channel when training, got input ${formatShape(x.shape)}`);
    }
    // PyTorch's `exponential_average_factor`: momentum, or 1/n for the cumulative average.
    let factor = this.momentum ?? 0;
    if (this.training && this.numBatchesTracked !== null) {
      this.numBatchesTracked.data[0]! += 1;
      factor = this.momentum ?? 1 / this.numBatchesTracked.data[0]!;
    }
    const useBatchStats = this.training || this.runningMean === null;
    return batchNorm(x, this.runningMean, this.runningVar, this.weight, this.bias, { training: useBatchStats, momentum: factor, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation of [N, C] features or [N, C, L] sequences, per channel C.
 *
 * @example
 * const bn = new BatchNorm1d(64);
 * bn.forward(randn([32, 64]));   // training: batch statistics; updates runningMean/runningVar
 * bn.eval().forward(randn([1, 64]));  // evaluation: running statistics
 */
export class BatchNorm1d extends BatchNorm {
  protected readonly ranks = [2, 3];
  protected readonly layout = '2-D [N, C] or 3-D [N, C, L]';
}

/**
 * Batch normalisation of NCHW images, per channel C (statistics over N, H and W).
 *
 * @example
 * const net = new Sequential(new Conv2d(1, 16, 3), new BatchNorm2d(16), new ReLU());
 */
export class BatchNorm2d extends BatchNorm {
  protected readonly ranks = [4];
  protected readonly layout = '4-D NCHW';
}
