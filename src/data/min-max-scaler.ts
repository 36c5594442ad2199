/**
 * Min-max scaling: map each feature's training range [min, max] linearly onto a target range.
 */
import type { Tensor } from '../tensor/tensor.js';
import type { Dataset } from './dataset.js';
import { checkStateArray, fitInput, forEachFeature, mapFeatures } from './feature-map.js';

/** Options of {@link MinMaxScaler}. */
export interface MinMaxScalerOptions {
  /** Target range `[lo, hi]` (default `[0, 1]`). */
  range?: readonly [number, number];
  /** One min and max per feature (default true), or one for all elements (`false`). */
  perFeature?: boolean;
}

/** Plain-data state of a fitted {@link MinMaxScaler}, for checkpoints. */
export interface MinMaxScalerState {
  kind: 'min-max';
  /** Shape of the statistics: the sample shape, or `[]` when not per feature. */
  shape: number[];
  /** The training minimum of each feature. */
  min: number[];
  /** The training maximum of each feature. */
  max: number[];
  /** The target range [lo, hi]. */
  range: [number, number];
}

/**
 * x' = lo + (x − min) / (max − min) · (hi − lo) per feature, with min and max fitted on the training
 * split only. A constant feature (max = min) is shifted to lo. Values outside the training range map
 * outside [lo, hi] (no clipping). Outputs keep the input dtype.
 *
 * @example
 * const scaler = new MinMaxScaler({ range: [-1, 1] }).fit(train);
 * const scaled = scaler.transform(test);
 * MinMaxScaler.fromState(JSON.parse(JSON.stringify(scaler.state())));
 */
export class MinMaxScaler {
  readonly range: readonly [number, number];
  readonly perFeature: boolean;
  private fitted: MinMaxScalerState | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    const [lo, hi] = options.range ?? [0, 1];
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(lo < hi)) throw new Error(`MinMaxScaler: range must be [lo, hi] with lo < hi, got [${lo}, ${hi}]`);
    this.range = [lo, hi];
    this.perFeature = options.perFeature ?? true;
  }

  /** A scaler restored from {@link MinMaxScaler.state}. */
  static fromState(state: MinMaxScalerState): MinMaxScaler {
    const s = new MinMaxScaler({ range: state.range, perFeature: state.shape.length > 0 });
    s.setState(state);
    return s;
  }

  /** Fits min and max on `[N, ...]` features (a tensor, or a dataset's features). Returns `this`. */
  fit(data: Tensor | Dataset): this {
    const { x, shape } = fitInput(data, this.perFeature, 'MinMaxScaler');
    const k = shape.reduce((a, b) => a * b, 1);
    const min = new Array<number>(k).fill(Infinity);
    const max = new Array<number>(k).fill(-Infinity);
    let finite = true;
    forEachFeature(x, k, (v, f) => {
      if (!Number.isFinite(v)) finite = false;
      if (v < min[f]!) min[f] = v;
      if (v > max[f]!) max[f] = v;
    });
    if (!finite) throw new Error('MinMaxScaler.fit: the data contain non-finite values');
    this.fitted = { kind: 'min-max', shape, min, max, range: [this.range[0], this.range[1]] };
    return this;
  }

  /** Scales a tensor `[M, ...sampleShape]` (or one sample), or a dataset's features. */
  transform(x: Tensor): Tensor;
  transform(x: Dataset): Dataset;
  transform(x: Tensor | Dataset): Tensor | Dataset {
    const s = this.require('transform');
    const [lo, hi] = s.range;
    const width = s.min.map((m, f) => s.max[f]! - m || 1);
    const apply = (t: Tensor): Tensor =>
      mapFeatures(t, s.shape, s.min, width, width.map(() => hi - lo), width.map(() => lo), 'MinMaxScaler.transform');
    return 'features' in x ? x.withFeatures(apply(x.features)) : apply(x);
  }

  /** Fits on `data` and scales it. */
  fitTransform(data: Dataset): Dataset {
    return this.fit(data).transform(data);
  }

  /** Undoes `transform`. */
  inverseTransform(y: Tensor): Tensor {
    const s = this.require('inverseTransform');
    const [lo, hi] = s.range;
    const width = s.min.map((m, f) => s.max[f]! - m || 1);
    return mapFeatures(y, s.shape, width.map(() => lo), width.map(() => hi - lo), width, s.min, 'MinMaxScaler.inverseTransform');
  }

  /** The fitted statistics as plain data. */
  state(): MinMaxScalerState {
    const s = this.require('state');
    return { kind: 'min-max', shape: [...s.shape], min: [...s.min], max: [...s.max], range: [s.range[0], s.range[1]] };
  }

  /** Restores statistics saved by {@link MinMaxScaler.state}. */
  setState(state: MinMaxScalerState): void {
    if (state?.kind !== 'min-max' || !Array.isArray(state.shape)) throw new Error(`MinMaxScaler.setState: not a min-max-scaler state (kind '${String(state?.kind)}')`);
    const shape = [...state.shape];
    const min = checkStateArray(state.min, shape, 'min', 'MinMaxScaler');
    const max = checkStateArray(state.max, shape, 'max', 'MinMaxScaler');
    const range = checkStateArray(state.range, [2], 'range', 'MinMaxScaler') as [number, number];
    if (min.some((m, f) => m > max[f]!) || !(range[0] < range[1])) throw new Error('MinMaxScaler.setState: need min ≤ max and range lo < hi');
    this.fitted = { kind: 'min-max', shape, min, max, range };
  }

  private require(op: string): MinMaxScalerState {
    if (!this.fitted) throw new Error(`MinMaxScaler.${op}: call fit() (or setState) first`);
    return this.fitted;
  }
}
