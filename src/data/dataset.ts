/**
 * A dataset held in memory as two tensors: features `[N, ...]` and labels `[N]` (int32 class indices)
 * or `[N, ...]` (float regression targets). Row `i` of both is sample `i`.
 */
import { allocate, dtypeOf, type TypedArray } from '../tensor/dtype.js';
import { formatShape, sizeOf } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { DataError } from './data-error.js';
import { MAX_CLASSES } from './class-labels.js';

/** Options of {@link Dataset}. */
export interface DatasetOptions {
  /** Number of classes of int32 labels (default: the largest label + 1, or `classNames.length`). */
  numClasses?: number;
  /** Names of the classes: `classNames[k]` names class `k`. */
  classNames?: readonly string[];
  /** Describes the data in error messages, e.g. the file it came from. */
  source?: string;
  /**
   * `[height, width]` when each sample is an image (or a stack of channels of one), whatever the
   * features' layout: a flattened 28×28 digit is `[784]` and says `[28, 28]` here, so an augmentation
   * shifts it as an image. Its area must divide the sample size. Kept by subsets, splits and reshapes.
   */
  imageSize?: readonly [height: number, width: number];
}

/** One sample: features `x` (shape `sampleShape`) and label `y` (a 0-d int32 tensor for classes). */
export interface Sample {
  x: Tensor;
  y: Tensor;
}

/** A batch: `x` is `[b, ...sampleShape]`, `y` is `[b, ...labelShape]`, `indices` the rows taken. */
export interface Batch {
  x: Tensor;
  y: Tensor;
  /** The dataset rows in this batch, in batch order. */
  indices: Int32Array;
}

/**
 * Features and labels of N samples, with class bookkeeping for classification.
 *
 * Int32 labels are class indices and are checked to lie in `[0, numClasses)` and below
 * {@link MAX_CLASSES} (a `DataError` names the first bad sample). Float labels are regression
 * targets. The tensors are shared, not copied: treat them as immutable.
 *
 * @example
 * const ds = Dataset.fromArrays([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0]);
 * ds.length;             // 4
 * ds.numClasses;         // 2
 * ds.get(1).x.toArray(); // [0, 1]
 * const b = ds.batch([3, 0]); // b.x: [2, 2], b.y: [2] int32
 */
export class Dataset {
  readonly features: Tensor;
  readonly labels: Tensor;
  /** Number of classes for int32 labels; null for regression targets. */
  readonly numClasses: number | null;
  /** Class names when known (CSV string labels, or given); null otherwise. */
  readonly classNames: readonly string[] | null;
  /** Description used in error messages. */
  readonly source: string | undefined;
  /** `[height, width]` of each sample's image when the data is images (see `DatasetOptions`); else null. */
  readonly imageSize: readonly [height: number, width: number] | null;

  constructor(features: Tensor, labels: Tensor, options: DatasetOptions = {}) {
    const where = options.source ? `${options.source}: ` : '';
    if (features.rank < 1) throw new Error(`Dataset: ${where}features must have a sample axis [N, ...], got shape ${formatShape(features.shape)}`);
    if (labels.rank < 1 || labels.shape[0] !== features.shape[0]) {
      throw new Error(`Dataset: ${where}${features.shape[0]} feature rows but labels of shape ${formatShape(labels.shape)}`);
    }
    this.features = features;
    this.labels = labels;
    this.source = options.source;
    this.imageSize = options.imageSize ? checkImageSize(options.imageSize, sizeOf(features.shape.slice(1)), where) : null;
    this.classNames = options.classNames ? Object.freeze([...options.classNames]) : null;
    if (labels.dtype !== 'int32') {
      if (options.numClasses !== undefined || options.classNames) throw new Error(`Dataset: ${where}class names or counts need int32 labels, got ${labels.dtype}`);
      this.numClasses = null;
      return;
    }
    if (labels.rank !== 1) throw new Error(`Dataset: ${where}int32 class labels must be [N], got ${formatShape(labels.shape)}`);
    const given = options.numClasses ?? this.classNames?.length;
    if (given !== undefined && (!Number.isInteger(given) || given < 1 || given > MAX_CLASSES)) {
      throw new Error(`Dataset: ${where}numClasses must be an integer in [1, ${MAX_CLASSES}] (MAX_CLASSES), got ${given}`);
    }
    if (options.numClasses !== undefined && this.classNames && this.classNames.length !== options.numClasses) {
      throw new Error(`Dataset: ${this.classNames.length} class names for ${options.numClasses} classes`);
    }
    this.numClasses = checkClassLabels(labels.data as Int32Array, given, options.source);
  }

  /**
   * Builds a dataset from plain arrays: one row of numbers per sample, and one class index per sample
   * (int32 labels) or one row of targets per sample (float labels).
   *
   * @example
   * Dataset.fromArrays([[1, 2], [3, 4]], [0, 1]);          // classification
   * Dataset.fromArrays([[0.5], [1.5]], [[0.25], [2.25]]);  // regression
   */
  static fromArrays(
    features: readonly (readonly number[])[],
    labels: readonly number[] | readonly (readonly number[])[],
    options: DatasetOptions & { dtype?: 'float32' | 'float64' } = {},
  ): Dataset {
    const n = features.length;
    const width = n > 0 ? features[0]!.length : 0;
    const x = allocate(options.dtype ?? 'float32', n * width);
    features.forEach((row, i) => {
      if (row.length !== width) throw new Error(`Dataset.fromArrays: feature row ${i} has ${row.length} values, row 0 has ${width}`);
      x.set(row, i * width);
    });
    let y: Tensor;
    if (labels.length > 0 && Array.isArray(labels[0])) {
      const rows = labels as readonly (readonly number[])[];
      const k = rows[0]!.length;
      const data = allocate(options.dtype ?? 'float32', n * k);
      rows.forEach((row, i) => {
        if (row.length !== k) throw new Error(`Dataset.fromArrays: label row ${i} has ${row.length} values, row 0 has ${k}`);
        data.set(row, i * k);
      });
      y = new Tensor(data, [rows.length, k]);
    } else {
      const list = labels as readonly number[];
      list.forEach((v, i) => {
        if (!Number.isInteger(v)) throw new Error(`Dataset.fromArrays: label ${v} of sample ${i} is not an integer class index (pass rows for regression targets)`);
      });
      y = new Tensor(Int32Array.from(list), [list.length]);
    }
    return new Dataset(new Tensor(x, [n, width]), y, options);
  }

  /** Number of samples N. */
  get length(): number {
    return this.features.shape[0]!;
  }

  /** Shape of one sample's features (`features.shape` without N). */
  get sampleShape(): readonly number[] {
    return this.features.shape.slice(1);
  }

  /** Shape of one sample's label (`[]` for class indices). */
  get labelShape(): readonly number[] {
    return this.labels.shape.slice(1);
  }

  /** Sample `i` (negative counts from the end) as two small tensors (copies). */
  get(i: number): Sample {
    const n = this.length;
    if (!Number.isInteger(i) || i < -n || i >= n) throw new RangeError(`Dataset.get: index ${i} is out of range for ${n} samples`);
    const k = i < 0 ? i + n : i;
    const xs = sizeOf(this.sampleShape);
    const ys = sizeOf(this.labelShape);
    return {
      x: new Tensor(this.features.data.slice(k * xs, (k + 1) * xs), this.sampleShape),
      y: new Tensor(this.labels.data.slice(k * ys, (k + 1) * ys), this.labelShape),
    };
  }

  /** The rows `indices`, copied into one features tensor and one labels tensor. */
  batch(indices: ArrayLike<number>): Batch {
    const idx = checkRowIndices(indices, this.length, 'Dataset.batch');
    return {
      x: new Tensor(gatherRows(this.features.data, sizeOf(this.sampleShape), idx), [idx.length, ...this.sampleShape]),
      y: new Tensor(gatherRows(this.labels.data, sizeOf(this.labelShape), idx), [idx.length, ...this.labelShape]),
      indices: idx,
    };
  }

  /** A new dataset of the rows `indices` (copied, in that order), keeping the class information. */
  subset(indices: ArrayLike<number>): Dataset {
    const { x, y } = this.batch(indices);
    return new Dataset(x, y, this.info());
  }

  /**
   * A dataset with the same labels and new features (e.g. scaled), which must have N rows. The image
   * size is kept when the samples keep their size (scaled pixels are still the image).
   */
  withFeatures(features: Tensor): Dataset {
    const info = this.info();
    if (sizeOf(features.shape.slice(1)) !== sizeOf(this.sampleShape)) delete info.imageSize;
    return new Dataset(features, this.labels, info);
  }

  /**
   * The same data with each sample viewed in another shape of the same size (no copy).
   *
   * @example
   * mnist.reshape([1, 28, 28]); // [N, 784] -> [N, 1, 28, 28] for a conv net
   */
  reshape(sampleShape: readonly number[]): Dataset {
    if (sizeOf(sampleShape) !== sizeOf(this.sampleShape) || sampleShape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new Error(`Dataset.reshape: cannot view samples of shape ${formatShape(this.sampleShape)} as ${formatShape(sampleShape)}`);
    }
    return this.withFeatures(new Tensor(this.features.data, [this.length, ...sampleShape]));
  }

  /** How many samples each class has (classification only). */
  classCounts(): number[] {
    if (this.numClasses === null) throw new Error('Dataset.classCounts: the labels are regression targets, not classes');
    const counts = new Array<number>(this.numClasses).fill(0);
    for (const c of this.labels.data as Int32Array) counts[c]!++;
    return counts;
  }

  private info(): DatasetOptions {
    const info: DatasetOptions = {};
    if (this.numClasses !== null) info.numClasses = this.numClasses;
    if (this.classNames) info.classNames = this.classNames;
    if (this.source !== undefined) info.source = this.source;
    if (this.imageSize) info.imageSize = this.imageSize;
    return info;
  }
}

/** Checks class indices against [0, numClasses) and returns the class count. */
function checkClassLabels(labels: Int32Array, numClasses: number | undefined, source: string | undefined): number {
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v < 0 || v >= (numClasses ?? MAX_CLASSES)) {
      const range = numClasses !== undefined ? `[0, ${numClasses})` : `[0, ${MAX_CLASSES}) (MAX_CLASSES)`;
      throw new DataError(`label ${v} of sample ${i} is out of range ${range}`, source !== undefined ? { source } : {});
    }
    if (v > max) max = v;
  }
  return numClasses ?? Math.max(max + 1, 1);
}

function checkRowIndices(indices: ArrayLike<number>, n: number, op: string): Int32Array {
  const idx = indices instanceof Int32Array ? indices : Int32Array.from(indices as ArrayLike<number>);
  for (let i = 0; i < idx.length; i++) {
    const v = idx[i]!;
    if (v < 0 || v >= n || v !== (indices[i] as number)) throw new RangeError(`${op}: index ${indices[i]} at position ${i} is out of range for ${n} samples`);
  }
  return idx;
}

/**
 * Copies rows `indices` (each `rowLength` elements) of `src` into one new array of the same type.
 * Runs of consecutive indices are copied with one `set` each, so an unshuffled batch is one memcpy.
 *
 * @example
 * gatherRows(new Float32Array([0, 1, 2, 3, 4, 5]), 2, Int32Array.from([2, 0])); // [4, 5, 0, 1]
 */
export function gatherRows(src: TypedArray, rowLength: number, indices: Int32Array): TypedArray {
  const out = allocate(dtypeOf(src), indices.length * rowLength);
  if (rowLength === 1) {
    for (let i = 0; i < indices.length; i++) out[i] = src[indices[i]!]!;
    return out;
  }
  let i = 0;
  while (i < indices.length) {
    let j = i + 1;
    while (j < indices.length && indices[j] === indices[j - 1]! + 1) j++;
    const start = indices[i]! * rowLength;
    const count = (j - i) * rowLength;
    if (count < 32) {
      for (let k = 0; k < count; k++) out[i * rowLength + k] = src[start + k]!;
    } else {
      out.set(src.subarray(start, start + count), i * rowLength);
    }
    i = j;
  }
  return out;
}

/** The image size, checked: positive integers whose product divides the sample size; frozen. */
function checkImageSize(size: readonly number[], sampleSize: number, where: string): readonly [number, number] {
  const [h, w] = size;
  if (size.length !== 2 || !Number.isInteger(h) || !Number.isInteger(w) || h! < 1 || w! < 1 || sampleSize % (h! * w!) !== 0) {
    throw new Error(`Dataset: ${where}imageSize must be [height, width], positive integers whose product divides the sample size ${sampleSize}, got [${size.join(', ')}]`);
  }
  return Object.freeze([h!, w!] as const);
}
