/**
 * Standardisation: subtract the training mean and divide by the training standard deviation.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { checkStateArray, fitInput, forEachFeature, mapFeatures } from './feature-map.js';

/** Options of {@link StandardScaler}. */
export interface StandardScalerOptions {
  /** One mean and std per feature (default true), or one for all elements (`false`, common for images). */
  perFeature?: boolean;
  /** A feature whose std is at most `eps` (default 1e-8) is only centred, not divided (as scikit-learn does). */
  eps?: number;
}

/** Plain-data state of a fitted {@link StandardScaler}, for checkpoints. */
export interface StandardScalerState {
  kind: 'standard';
  /** Shape of the statistics: the sample shape, or `[]` when not per feature. */
  shape: number[];
  /** μ: the training mean of each feature. */
  mean: number[];
  /** σ: the population standard deviation of each feature (1 where the feature is constant). */
  std: number[];
}

/**
 * z = (x − μ) / σ per feature, with μ and σ (population std, like scikit-learn's `StandardScaler`)
 * fitted on the training split only and then applied unchanged to validation and test data.
 * Statistics are computed in float64 (two passes); outputs keep the input dtype. Not differentiable:
 * this is preprocessing.
 *
 * @example
 * const scaler = new StandardScaler().fit(train);
 * const trainZ = scaler.transform(train);   // a Dataset with scaled features
 * const testZ = scaler.transform(test);     // the training statistics, not the test ones
 * const saved = scaler.state();             // JSON-safe; StandardScaler.fromState(saved) restores
 */
export class StandardScaler {
  readonly perFeature: boolean;
  readonly eps: number;
  private fitted: StandardScalerState | null = null;

  constructor(options: StandardScalerOptions = {}) {
    this.perFeature = options.perFeature ?? true;
    this.eps = options.eps ?? 1e-8;
    if (!(this.eps >= 0)) throw new Error(`StandardScaler: eps must be non-negative, got ${this.eps}`);
  }

  /** A scaler restored from {@link StandardScaler.state}. */
  static fromState(state: StandardScalerState): StandardScaler {
    const s = new StandardScaler({ perFeature: state.shape.length > 0 });
    s.setState(state);
    return s;
  }

  /** Fits μ and σ on `[N, ...]` features (a tensor, or a dataset's features). Returns `this`. */
  fit(data: Tensor | Dataset): this {
    const { x, shape } = fitInput(data, this.perFeature, 'StandardScaler');
    const k = shape.reduce((a, b) => a * b, 1);
    const count = x.size / k;
    const mean = new Array<number>(k).fill(0);
    forEachFeature(x, k, (v, f) => (mean[f]! += v));
    for (let f = 0; f < k; f++) mean[f]! /= count;
    const sq = new Array<number>(k).fill(0);
    forEachFeature(x, k, (v, f) => (sq[f]! += (v - mean[f]!) ** 2));
    const std = sq.map((s) => {
      const sd = Math.sqrt(s / count);
      return sd > this.eps ? sd : 1;
    });
    if (!mean.every(Number.isFinite) || !std.every(Number.isFinite)) throw new Error('StandardScaler.fit: the data contain non-finite values');
    this.fitted = { kind: 'standard', shape, mean, std };
    return this;
  }

  /** Scales a tensor `[M, ...sampleShape]` (or one sample), or a dataset's features. */
  transform(x: Tensor): Tensor;
  transform(x: Dataset): Dataset;
  transform(x: Tensor | Dataset): Tensor | Dataset {
    const s = this.require('transform');
    const zeros = s.mean.map(() => 0);
    const ones = s.mean.map(() => 1);
    const apply = (t: Tensor): Tensor => mapFeatures(t, s.shape, s.mean, s.std, ones, zeros, 'StandardScaler.transform');
    return 'features' in x ? x.withFeatures(apply(x.features)) : apply(x);
  }

  /** Fits on `data` and scales it. */
  fitTransform(data: Dataset): Dataset {
    return this.fit(data).transform(data);
  }

  /** Undoes `transform`: x = z · σ + μ. */
  inverseTransform(z: Tensor): Tensor {
    const s = this.require('inverseTransform');
    const zeros = s.mean.map(() => 0);
    const ones = s.mean.map(() => 1);
    return mapFeatures(z, s.shape, zeros, ones, s.std, s.mean, 'StandardScaler.inverseTransform');
  }

  /** The fitted statistics as plain data. */
  state(): StandardScalerState {
    const s = this.require('state');
    return { kind: 'standard', shape: [...s.shape], mean: [...s.mean], std: [...s.std] };
  }

  /** Restores statistics saved by {@link StandardScaler.state}. */
  setState(state: StandardScalerState): void {
    if (state?.kind !== 'standard' || !Array.isArray(state.shape)) throw new Error(`StandardScaler.setState: not a standard-scaler state (kind '${String(state?.kind)}')`);
    const shape = [...state.shape];
    const mean = checkStateArray(state.mean, shape, 'mean', 'StandardScaler');
    const std = checkStateArray(state.std, shape, 'std', 'StandardScaler');
    if (std.some((v) => v <= 0)) throw new Error('StandardScaler.setState: std must be positive');
    this.fitted = { kind: 'standard', shape, mean, std };
  }

  private require(op: string): StandardScalerState {
    if (!this.fitted) throw new Error(`StandardScaler.${op}: call fit() (or setState) first`);
    return this.fitted;
  }
}
